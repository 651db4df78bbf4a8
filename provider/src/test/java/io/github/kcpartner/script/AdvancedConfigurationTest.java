package io.github.kcpartner.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AdvancedConfigurationTest {

    @Test
    @DisplayName("given optional parameters, then they are kept in the rule's order")
    void accepted() throws RuleException {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("max_age", "0");
        parameters.put("acr_values", "urn:a urn:b");
        parameters.put("claims", "{\"id_token\":{\"acr\":{\"essential\":true}}}");
        parameters.put("prompt", "login");
        parameters.put("scope", "openid profile partner");

        assertThat(AdvancedConfiguration.authorizationParameters("r", parameters))
                .containsExactly(
                        Map.entry("max_age", "0"),
                        Map.entry("acr_values", "urn:a urn:b"),
                        Map.entry("claims", "{\"id_token\":{\"acr\":{\"essential\":true}}}"),
                        Map.entry("prompt", "login"),
                        Map.entry("scope", "openid profile partner"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "client_id",
                "redirect_uri",
                "state",
                "nonce",
                "response_type",
                "response_mode",
                "code_challenge",
                "code_challenge_method",
                "request",
                "request_uri",
                "client_secret",
                "client_assertion",
                "client_assertion_type"
            })
    @DisplayName("given a reserved parameter, then it is refused")
    void reservedRefused(String name) {
        assertThatThrownBy(() -> AdvancedConfiguration.authorizationParameters("adv", Map.of(name, "x")))
                .isInstanceOfSatisfying(
                        RuleException.class, e -> assertThat(e.reason()).isEqualTo(RuleException.Reason.INVALID_RESULT))
                .hasMessage("rule 'adv': parameter '" + name + "' is reserved and cannot be set");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "max_age|-1|max_age must be a non-negative integer",
                "max_age|1.5|max_age must be a non-negative integer",
                "max_age|abc|max_age must be a non-negative integer",
                "max_age|007|max_age must be a non-negative integer",
                "claims|[1]|claims must be a JSON object",
                "claims|\"x\"|claims must be a JSON object",
                "claims|{\"a\":1} trailing|claims must be a JSON object",
                "claims|{broken|claims must be a JSON object",
                "scope|profile email|scope must contain openid",
                "scope|openidx|scope must contain openid",
                "bad name|x|invalid parameter name",
            })
    @DisplayName("given an invalid value, then it is refused with its reason")
    void invalidRefused(String name, String value, String reason) {
        assertThatThrownBy(() -> AdvancedConfiguration.authorizationParameters("adv", Map.of(name, value)))
                .isInstanceOf(RuleException.class)
                .hasMessage("rule 'adv': " + reason);
    }

    @Test
    @DisplayName("given a value with a control character, then it is refused")
    void controlCharacterRefused() {
        assertThatThrownBy(() ->
                        AdvancedConfiguration.authorizationParameters("adv", Map.of("prompt", "login\r\nX-Evil: 1")))
                .hasMessage("rule 'adv': parameter 'prompt' has an invalid value");
    }

    @Test
    @DisplayName("given a rule that sets a reserved parameter, then the evaluated result is refused")
    void fromRule(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws RuleException {
        Rules rules = new Rules(dir);
        rules.write(
                "sneaky",
                "result.setParameter('max_age', 60);",
                "result.setParameter('redirect_uri', 'https://evil.example');");
        RuleResult result = rules.engine().evaluate("sneaky", RuleInput.empty());

        assertThatThrownBy(() -> AdvancedConfiguration.authorizationParameters("sneaky", result.parameters()))
                .hasMessageContaining("'redirect_uri' is reserved");
    }
}
