package io.github.kcpartner.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleApiTest {

    @TempDir
    Path dir;

    private Rules rules;

    @BeforeEach
    void setUp() {
        rules = new Rules(dir);
    }

    private static RuleInput input() {
        return new RuleInput(
                Map.of(
                        "sub",
                        "u-42",
                        "email",
                        "Ann@Example.org",
                        "amr",
                        List.of("pwd", "otp"),
                        "address",
                        Map.of("country", "FR")),
                Map.of("department", "R&D", "employee_number", 1234),
                Map.of(
                        "username",
                        "ann",
                        "email",
                        "ann@example.org",
                        "firstName",
                        "Ann",
                        "lastName",
                        "Lee",
                        "attributes",
                        Map.of("tenant", List.of("acme"))),
                Map.of(
                        "clientIp",
                        "10.0.0.7",
                        "clientId",
                        "portal",
                        "parameters",
                        Map.of("prompt", "login"),
                        "uiLocales",
                        List.of("fr", "en")),
                (ip, timeLeft) ->
                        "10.0.0.7".equals(ip) ? Map.of("user", "ACME\\ann", "groups", List.of("staff", "vpn")) : null);
    }

    @Test
    @DisplayName("given claims, identity, request and JIMS, then every result function lands in the RuleResult")
    void roundTrip() throws RuleException {
        rules.write(
                "all",
                "var c = claims.idToken, u = claims.userinfo;",
                "result.setUsername(c.email.toLowerCase());",
                "result.setAttribute('department', u.department);",
                "result.setAttribute('employeeNumber', u.employee_number);",
                "result.setAttribute('amr', c.amr);",
                "result.setAttribute('country', c.address.country);",
                "result.setAttribute('fullName', identity.firstName + ' ' + identity.lastName);",
                "result.setAttribute('tenant', identity.attributes.tenant);",
                "var j = jims.userAt(request.clientIp);",
                "j.groups.forEach(function (g) { result.addGroup(g); });",
                "result.addGroup('staff');",
                "result.setParameter('max_age', 300);",
                "result.setParameter('prompt', request.parameters.prompt);",
                "result.setParameter('ui_locales', request.uiLocales.join(' '));",
                "result.setParameter('claims', { id_token: { acr: { essential: true } } });",
                "result.setClaim('jims_user', j.user);",
                "result.setClaim('nested', { a: [1, 2.5, 'x', true, null] });",
                "result.setClaim('client', request.clientId);",
                "result.setClaim('nobody', jims.userAt('10.9.9.9'));");

        RuleResult result = rules.engine().evaluate("all", input());

        assertThat(result.username()).isEqualTo("ann@example.org");
        assertThat(result.attributes())
                .containsEntry("department", List.of("R&D"))
                .containsEntry("employeeNumber", List.of("1234"))
                .containsEntry("amr", List.of("pwd", "otp"))
                .containsEntry("country", List.of("FR"))
                .containsEntry("fullName", List.of("Ann Lee"))
                .containsEntry("tenant", List.of("acme"));
        assertThat(result.attributes().keySet())
                .containsExactly("department", "employeeNumber", "amr", "country", "fullName", "tenant");
        assertThat(result.groups()).containsExactly("staff", "vpn");
        assertThat(result.parameters().keySet()).containsExactly("max_age", "prompt", "ui_locales", "claims");
        assertThat(result.parameters())
                .containsEntry("max_age", "300")
                .containsEntry("prompt", "login")
                .containsEntry("ui_locales", "fr en")
                .containsEntry("claims", "{\"id_token\":{\"acr\":{\"essential\":true}}}");
        assertThat(result.claims())
                .containsEntry("jims_user", "ACME\\ann")
                .containsEntry("client", "portal")
                .containsEntry("nested", Map.of("a", java.util.Arrays.asList(1L, 2.5, "x", true, null)))
                .containsEntry("nobody", null);
    }

    @Test
    @DisplayName("given an empty input, then the API objects exist and are empty")
    void emptyInput() throws RuleException {
        rules.write(
                "empty",
                "if (typeof claims.idToken !== 'object' || Object.keys(identity.attributes).length !== 0) throw new Error('bad');",
                "if (request.clientIp !== undefined || jims.userAt('1.2.3.4') !== null) throw new Error('bad');");

        RuleResult result = rules.engine().evaluate("empty", RuleInput.empty());

        assertThat(result.username()).isNull();
        assertThat(result.attributes()).isEmpty();
        assertThat(result.groups()).isEmpty();
        assertThat(result.parameters()).isEmpty();
        assertThat(result.claims()).isEmpty();
    }

    @Test
    @DisplayName("given inputs, then rules see plain JavaScript objects, never Java objects")
    void plainObjects() throws RuleException {
        rules.write(
                "plain",
                "result.setClaim('types', [typeof claims.idToken, Array.isArray(claims.idToken.amr),",
                "  Object.getPrototypeOf(claims.idToken) === Object.prototype, typeof jims.userAt,",
                "  String(claims.idToken.getClass), typeof claims.userinfo.employee_number]);");

        RuleResult result = rules.engine().evaluate("plain", input());

        assertThat(result.claims().get("types"))
                .isEqualTo(List.of("object", true, true, "function", "undefined", "number"));
    }

    @Test
    @DisplayName("given Java objects in the input or a JIMS answer, then the rule only sees their strings")
    void javaObjectsBecomeStrings() throws RuleException {
        rules.write(
                "types",
                "var u = jims.userAt('1.1.1.1');",
                "result.setClaim('t', [typeof claims.idToken.when, typeof u.file, u.file, typeof u.thread]);");
        Object thread = new Object() {
            @Override
            public String toString() {
                return "opaque";
            }
        };

        RuleResult result = rules.engine()
                .evaluate(
                        "types",
                        new RuleInput(
                                Map.of("when", java.time.Instant.EPOCH),
                                null,
                                null,
                                null,
                                (ip, timeLeft) -> Map.of("file", new java.io.File("/etc/passwd"), "thread", thread)));

        assertThat(result.claims().get("t")).isEqualTo(List.of("string", "string", "/etc/passwd", "string"));
    }

    @Test
    @DisplayName("given a rule that gives a function or a nested object as attribute, then it fails with the line")
    void badValues() {
        rules.write("bad", "result.setUsername('a');", "result.setAttribute('x', function () {});");

        assertThatThrownBy(() -> rules.engine().evaluate("bad", RuleInput.empty()))
                .isInstanceOf(RuleException.class)
                .hasMessage("rule 'bad' line 2: TypeError: unsupported value: function");
    }

    @Test
    @DisplayName("given a JIMS lookup that throws, then the rule sees a JavaScript error it may catch")
    void jimsFailure() throws RuleException {
        rules.write("jims", "try { jims.userAt('1.1.1.1'); } catch (e) { result.setClaim('error', e.message); }");

        RuleResult result = rules.engine().evaluate("jims", new RuleInput(null, null, null, null, (ip, timeLeft) -> {
            throw new IllegalStateException("secret detail");
        }));

        assertThat(result.claims()).containsEntry("error", "JIMS lookup failed");
    }

    @Test
    @DisplayName(
            "given a rule that throws or uses an undefined name, then the message names rule and line, no Java stack")
    void runtimeErrors() {
        rules.write("throws", "var a = 1;", "", "throw new Error('no mapping for ' + a);");
        rules.write("undefined", "var a = 1;", "result.setUsername(notDefined);");

        RuleEngine engine = rules.engine();

        assertThatThrownBy(() -> engine.evaluate("throws", RuleInput.empty()))
                .isInstanceOfSatisfying(RuleException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("rule 'throws' line 3: Error: no mapping for 1");
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.reason()).isEqualTo(RuleException.Reason.RUNTIME);
                    assertThat(e.getStackTrace()).isEmpty();
                });
        assertThatThrownBy(() -> engine.evaluate("undefined", RuleInput.empty()))
                .isInstanceOfSatisfying(RuleException.class, e -> {
                    assertThat(e.getMessage())
                            .isEqualTo("rule 'undefined' line 2: ReferenceError: \"notDefined\" is not defined.");
                    assertThat(e.rule()).isEqualTo("undefined");
                });
    }

    @Test
    @DisplayName("given a syntax error, then compilation fails naming rule and line")
    void compileError() {
        rules.write("syntax", "var a = 1;", "var b = ;");

        assertThatThrownBy(() -> rules.engine().evaluate("syntax", RuleInput.empty()))
                .isInstanceOfSatisfying(RuleException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RuleException.Reason.COMPILE);
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.getMessage()).startsWith("rule 'syntax' line 2: ");
                });
    }

    @Test
    @DisplayName("given a missing rule or a name with a path, then NOT_FOUND")
    void notFound() {
        RuleEngine engine = rules.engine();

        assertThatThrownBy(() -> engine.evaluate("missing", RuleInput.empty()))
                .isInstanceOfSatisfying(
                        RuleException.class, e -> assertThat(e.reason()).isEqualTo(RuleException.Reason.NOT_FOUND))
                .hasMessage("rule 'missing': no such rule");
        assertThatThrownBy(() -> engine.evaluate("../etc/passwd", RuleInput.empty()))
                .isInstanceOfSatisfying(
                        RuleException.class, e -> assertThat(e.reason()).isEqualTo(RuleException.Reason.NOT_FOUND))
                .hasMessageContaining("invalid rule name");
    }
}
