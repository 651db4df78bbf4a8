package io.github.kcpartner.broker.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IdentityMappingSettingsTest {

    private static final String E = "partnerOidc.error.identityMapping.";

    @Test
    @DisplayName("given no settings, then the mode is federation and nothing is refused")
    void defaults() {
        IdentityMappingSettings s = IdentityMappingSettings.of(Map.of());
        assertThat(s.mode()).isEqualTo("federation");
        assertThat(s.problems()).isEmpty();
        assertThat(IdentityMappingSettings.of(Map.of("identityMapping", "none")).problems())
                .isEmpty();
    }

    @Test
    @DisplayName("given refused combinations, then each names its message key")
    void refused() {
        assertThat(problems("identityMapping", "sometimes")).containsExactly(E + "mode");
        assertThat(problems("identityMapping", "javascript")).containsExactly(E + "ruleRequired");
        assertThat(problems("identityMapping", "javascript", "identityMappingRule", "deployed-rule"))
                .isEmpty();
        assertThat(problems("identityMapping", "javascript", "identityMappingRule", "surely-not-deployed"))
                .containsExactly(E + "ruleUnknown");
        assertThat(problems("identityMapping", "webservice")).contains(E + "urlRequired");
        assertThat(problems("identityMapping", "webservice", "identityMappingServiceUrl", "http://sts.example/map"))
                .containsExactly(E + "uriFormatMismatch");
        assertThat(problems(
                        "identityMapping",
                        "webservice",
                        "identityMappingServiceUrl",
                        "http://sts.example/map",
                        "identityMappingUriFormat",
                        "http",
                        "identityMappingClientAuth",
                        "certificate",
                        "identityMappingKeystore",
                        "/x.p12"))
                .contains(E + "clientAuthNeedsHttps");
        assertThat(problems(
                        "identityMapping",
                        "webservice",
                        "identityMappingServiceUrl",
                        "https://sts.example/map",
                        "identityMappingClientAuth",
                        "basic"))
                .containsExactly(E + "basicNeedsCredentials");
        assertThat(problems(
                        "identityMapping",
                        "webservice",
                        "identityMappingServiceUrl",
                        "https://sts.example/map",
                        "identityMappingClientAuth",
                        "certificate"))
                .containsExactly(E + "certificateNeedsKeystore");
        assertThat(problems(
                        "identityMapping",
                        "webservice",
                        "identityMappingServiceUrl",
                        "https://sts.example/map",
                        "identityMappingTruststore",
                        "/nonexistent/trust.p12"))
                .containsExactly(E + "storeUnreadable");
        assertThat(problems(
                        "identityMapping",
                        "webservice",
                        "identityMappingServiceUrl",
                        "https://sts.example/map",
                        "identityMappingMessageFormat",
                        "json",
                        "identityMappingTimeoutMillis",
                        "0"))
                .containsExactly(E + "messageFormat", E + "timeout");
    }

    @Test
    @DisplayName("given a complete web service setting, then it is accepted")
    void accepted() {
        assertThat(problems(
                        "identityMapping",
                        "webservice",
                        "identityMappingServiceUrl",
                        "https://sts.example/map",
                        "identityMappingClientAuth",
                        "basic",
                        "identityMappingUsername",
                        "u",
                        "identityMappingPassword",
                        "${vault.sts}",
                        "identityMappingMessageFormat",
                        "wstrust",
                        "identityMappingTimeoutMillis",
                        "2000"))
                .isEmpty();
    }

    private static java.util.List<String> problems(String... pairs) {
        Map<String, String> config = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            config.put(pairs[i], pairs[i + 1]);
        }
        return IdentityMappingSettings.of(config).problems(() -> java.util.Set.of("deployed-rule"));
    }
}
