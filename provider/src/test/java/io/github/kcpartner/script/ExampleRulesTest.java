package io.github.kcpartner.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The rules shipped in the jar ({@code partner-rules/*.js}), loaded from the classpath. */
class ExampleRulesTest {

    private final RuleEngine engine =
            new RuleEngine(new RuleRepository(null, getClass().getClassLoader()), RuleLimits.defaults());

    @Test
    @DisplayName("given the jar, then its example rules are listed")
    void listed() {
        assertThat(engine.ruleNames()).contains("advanced-configuration", "identity-mapping", "claim-rule");
    }

    @Test
    @DisplayName("given the advanced configuration example, then max_age, acr_values and claims pass the checks")
    void advancedConfiguration() throws RuleException {
        RuleInput input = new RuleInput(
                null,
                null,
                null,
                Map.of(
                        "clientId",
                        "admin-portal",
                        "parameters",
                        Map.of("prompt", "login", "login_hint", "ann"),
                        "uiLocales",
                        List.of("de", "en")),
                null);

        RuleResult result = engine.evaluate("advanced-configuration", input);
        Map<String, String> parameters =
                AdvancedConfiguration.authorizationParameters("advanced-configuration", result.parameters());

        assertThat(parameters)
                .containsEntry("max_age", "0")
                .containsEntry("acr_values", "urn:partner:acr:mfa")
                .containsEntry("ui_locales", "de en")
                .containsEntry("login_hint", "ann")
                .containsEntry(
                        "claims",
                        "{\"id_token\":{\"email\":{\"essential\":true},\"acr\":{\"essential\":true}},"
                                + "\"userinfo\":{\"department\":null,\"employee_number\":null}}");
    }

    @Test
    @DisplayName("given the identity mapping example, then claims and JIMS map to username, attributes and groups")
    void identityMapping() throws RuleException {
        RuleInput input = new RuleInput(
                Map.of("sub", "p-1", "email", "Ann@Partner.example"),
                Map.of("department", "Sales", "employee_number", 77, "groups", List.of("a", "b")),
                null,
                Map.of("clientIp", "192.0.2.1"),
                (ip, timeLeft) -> Map.of("user", "CORP\\ann", "groups", List.of("vpn")));

        RuleResult result = engine.evaluate("identity-mapping", input);

        assertThat(result.username()).isEqualTo("ann@partner.example");
        assertThat(result.attributes())
                .containsEntry("partnerSubject", List.of("p-1"))
                .containsEntry("department", List.of("Sales"))
                .containsEntry("employeeNumber", List.of("77"))
                .containsEntry("partnerGroups", List.of("a", "b"));
        assertThat(result.groups()).containsExactly("partners", "jims-vpn");
    }

    @Test
    @DisplayName("given no email, then the identity mapping example fails the login with its reason and line")
    void identityMappingWithoutEmail() {
        assertThatThrownBy(() -> engine.evaluate("identity-mapping", RuleInput.empty()))
                .hasMessage("rule 'identity-mapping' line 7: Error: the partner sent no email");
    }

    @Test
    @DisplayName("given the claim rule example, then it computes org_unit, display_name and jims")
    void claimRule() throws RuleException {
        RuleInput input = new RuleInput(
                null,
                null,
                Map.of("username", "ann", "firstName", "Ann", "attributes", Map.of("department", List.of("sales"))),
                Map.of("clientIp", "192.0.2.1"),
                (ip, timeLeft) -> Map.of("user", "CORP\\ann", "domain", "corp.example"));

        RuleResult result = engine.evaluate("claim-rule", input);

        assertThat(result.claims())
                .containsEntry("org_unit", "SALES")
                .containsEntry("display_name", "Ann")
                .containsEntry("jims", Map.of("user", "CORP\\ann", "domain", "corp.example"));
    }
}
