package io.github.kcpartner.it.partner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcpartner.it.harness.Browser;
import io.github.kcpartner.it.harness.KeycloakExtension;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.harness.PartnerLoginFlow;
import io.github.kcpartner.it.harness.TestRealm;
import io.github.kcpartner.it.op.OidcProviderPeer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rule sandbox, seen from the outside: operator rules that reach for Java, files, processes
 * or the network fail the login that runs them (event reason, clean page), leave no trace on the
 * server, and never stop other logins, including ones running at the same time as a runaway rule.
 */
@ExtendWith(KeycloakExtension.class)
@DisplayName("rule sandbox in a real Keycloak")
class RuleSandboxIT {

    private static TestRealm realm;
    private static Path rules;
    private static Path marker;

    @BeforeAll
    static void start(KeycloakServer server) throws Exception {
        realm = TestRealm.create(server, "rule-sandbox");
        rules = Path.of(System.getProperty("kc.home"), "partner-rules");
        Files.createDirectories(rules);
        marker = Path.of(System.getProperty("kc.home"), "sandbox-escaped");
        Files.deleteIfExists(marker);
    }

    @AfterAll
    static void stop() {
        realm.close();
    }

    @AfterEach
    void forgetUsers() {
        realm.deleteUsers();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "runtime    | java.lang.Runtime.getRuntime().exec(['touch', MARKER]);                     | runtime line 2: ReferenceError: \"java\" is not defined",
                "javatype   | var R = Java.type('java.lang.Runtime'); R.getRuntime().exec(['touch', MARKER]); | runtime line 2: ReferenceError: \"Java\" is not defined",
                "packages   | new Packages.java.io.FileOutputStream(MARKER).close();                     | runtime line 2: ReferenceError: \"Packages\" is not defined",
                "file       | new java.io.File(MARKER).createNewFile();                                  | runtime line 2: ReferenceError: \"java\" is not defined",
                "import     | importPackage(java.io); new File(MARKER).createNewFile();                  | runtime line 2: ReferenceError: \"importPackage\" is not defined",
                "readfile   | result.setParameter('login_hint', readFile('/etc/passwd'));               | runtime line 2: ReferenceError: \"readFile\" is not defined",
                "load       | load('/etc/passwd');                                                       | runtime line 2: ReferenceError: \"load\" is not defined",
                "network    | new java.net.URL('http://127.0.0.1:1/').openStream();                      | runtime line 2: ReferenceError: \"java\" is not defined",
                "xhr        | var x = new XMLHttpRequest(); x.open('GET', 'http://127.0.0.1:1/'); x.send(); | runtime line 2: ReferenceError: \"XMLHttpRequest\" is not defined",
                "fetch      | fetch('http://127.0.0.1:1/');                                              | runtime line 2: ReferenceError: \"fetch\" is not defined",
                "ctor       | Function('return java')().lang.System.exit(1);                             | runtime line 2: EvalError: code generation from strings is not available in rules",
                "getclass   | ''.getClass().forName('java.lang.Runtime');                                | runtime line 2: TypeError",
                "strings    | var s = MARKER; for (var i = 0; i < 26; i++) { s += s; } result.setParameter('login_hint', s); | limit line 2: string longer than 65536 characters",
                "arraylen   | var a = []; a.length = 2e8; result.setParameter('login_hint', a);         | runtime line 2: RangeError: an array handed to the rule API is longer than 65536 elements",
                "heap       | var keep = []; for (;;) { keep.push({n: keep.length, s: MARKER + keep.length}); } | limit line 2: ",
                "builtins   | var a = new Array(1 << 20); for (var i = 0; i < 60; i++) { a.join(','); } | runtime line 2: RangeError: Array.join over more than 65536 elements",
            })
    @DisplayName(
            "given a rule that reaches outside the sandbox or attacks the server, then that login fails with the specific refusal, nothing escaped, and a healthy login still works")
    void escapesFail(String name, String body, String refusal, KeycloakServer server, OidcProviderPeer op)
            throws Exception {
        String rule = "it-escape-" + name;
        Files.writeString(
                rules.resolve(rule + ".js"),
                "var MARKER = '" + marker.toString().replace("\\", "\\\\") + "';\n" + body + "\n");
        String alias = "escape-" + name;
        putProvider(server, op, alias, rule);
        realm.clearEvents();

        PartnerLoginFlow.Outcome outcome = login(server, alias);

        assertThat(outcome.success()).isFalse();
        assertThat(outcome.errorText()).isNotBlank().doesNotContain("Exception").doesNotContain("java.");
        JsonNode error = realm.loginErrors().get(0);
        assertThat(error.path("details").path("identity_provider").asText()).isEqualTo(alias);
        assertThat(error.path("details").path("reason").asText()).isEqualTo("advanced_configuration_failed");
        assertThat(error.path("details").path("rule_error").asText())
                .as("the rule's refusal in the event")
                .startsWith(refusal.trim());
        assertThat(marker).as("a file the rule tried to create").doesNotExist();
        assertThat(op.authorizationRequests())
                .as("the OP was never asked")
                .noneMatch(r -> r.toString().contains(alias));

        putProvider(server, op, "healthy", null);
        assertThat(login(server, "healthy").success())
                .as("a healthy login on the same server afterwards")
                .isTrue();
        realm.deleteUsers();
    }

    @Test
    @DisplayName("given a legal rule in the same rules directory, then it runs: the OP receives its parameter")
    void legalRuleRuns(KeycloakServer server, OidcProviderPeer op) throws Exception {
        Files.writeString(
                rules.resolve("it-legal.js"),
                "result.setParameter('login_hint', 'sandbox-' + (typeof java) + '-' + (typeof Packages));\n");
        putProvider(server, op, "legal", "it-legal");
        op.reset();

        PartnerLoginFlow.Outcome outcome = login(server, "legal");

        assertThat(outcome.errorText()).isNull();
        assertThat(outcome.success()).isTrue();
        assertThat(op.authorizationRequests().get(0).toString()).contains("sandbox-undefined-undefined");
    }

    @Test
    @DisplayName(
            "given a runaway rule and a healthy login at the same time, then the runaway fails and the other succeeds")
    void runawayDoesNotBlockOthers(KeycloakServer server, OidcProviderPeer op) throws Exception {
        Files.writeString(rules.resolve("it-spin.js"), "var n = 0;\nfor (;;) { n = (n + 1) % 7; }\n");
        putProvider(server, op, "spin", "it-spin");
        putProvider(server, op, "calm", null);
        realm.clearEvents();

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<PartnerLoginFlow.Outcome> spin =
                    CompletableFuture.supplyAsync(() -> login(server, "spin"), pool);
            CompletableFuture<PartnerLoginFlow.Outcome> calm =
                    CompletableFuture.supplyAsync(() -> login(server, "calm"), pool);
            assertThat(spin.get().success()).isFalse();
            assertThat(calm.get().errorText()).isNull();
            assertThat(calm.get().success()).isTrue();
        } finally {
            pool.shutdownNow();
        }
        assertThat(realm.loginErrors()).anySatisfy(e -> {
            assertThat(e.path("details").path("identity_provider").asText()).isEqualTo("spin");
            assertThat(e.path("details").path("reason").asText()).isEqualTo("advanced_configuration_failed");
        });
        assertThat(realm.user("alice"))
                .as("alice, brokered through the healthy provider")
                .isNotNull();
    }

    private static void putProvider(KeycloakServer server, OidcProviderPeer op, String alias, String rule) {
        Map<String, String> config = PartnerFixture.codeFlowPartner(server, op, realm, alias, "openid profile email");
        if (rule != null) {
            config.put("advancedConfigurationRule", rule);
        }
        realm.putIdentityProvider(alias, "partner-openid-connect", config);
    }

    private static PartnerLoginFlow.Outcome login(KeycloakServer server, String alias) {
        try (Browser browser = Browser.start()) {
            return PartnerLoginFlow.login(browser, server, realm, alias, "alice", "alice-password");
        }
    }
}
