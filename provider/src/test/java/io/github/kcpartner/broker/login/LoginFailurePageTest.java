package io.github.kcpartner.broker.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kcpartner.broker.login.LoginFailurePage.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.HashSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LoginFailurePageTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "metadata_unavailable, UNREACHABLE",
        "jwks_unavailable, UNREACHABLE",
        "token_request_failed, UNREACHABLE",
        "userinfo_failed, UNREACHABLE",
        "invalid_signature, REFUSED",
        "invalid_issuer, REFUSED",
        "expired, REFUSED",
        "missing_state, REFUSED",
        "state_not_for_this_provider, REFUSED",
        "missing_code, REFUSED",
        "identity_mapping_failed, NOT_MATCHED",
        "identity_mapping_unavailable, NOT_MATCHED",
        "attribute_mapping_failed, ATTRIBUTES",
        "attribute_mapping_config_invalid, ATTRIBUTES",
        "advanced_configuration_failed, ATTRIBUTES",
        "partner_error:server_error, PARTNER_ERROR",
        "partner_error:invalid, PARTNER_ERROR",
        "keycloak_incompatible, SERVICE",
        "unexpected_error, SERVICE",
        "no_verification_key, SERVICE",
        "metadata_insecure_endpoint, SERVICE",
        "weak_client_secret, SERVICE",
    })
    @DisplayName("given an event reason, then the user gets the page that says what happened from their side")
    void kindOfReason(String reason, Kind expected) {
        assertThat(Kind.of(reason)).isEqualTo(expected);
    }

    @Test
    @DisplayName("given many failures, then each gets its own short reference that reads out without ambiguity")
    void references() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String reference = LoginFailurePage.forReason("expired").reference();
            assertThat(reference).matches("[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}");
            seen.add(reference);
        }
        assertThat(seen).hasSize(1000);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "de", "fr"})
    @DisplayName("given a language of the theme, then every page has a title and an explanation naming the reference")
    void everyKindTranslated(String language) throws IOException {
        Properties texts = bundle(language);
        Properties english = bundle("en");
        for (Kind kind : Kind.values()) {
            String title = texts.getProperty(kind.titleKey());
            String text = texts.getProperty(kind.messageKey());
            assertThat(title).as("%s %s", language, kind.titleKey()).isNotBlank();
            assertThat(text).as("%s %s", language, kind.messageKey()).isNotBlank();
            String shown = new MessageFormat(text, Locale.forLanguageTag(language)).format(new Object[] {"K7QD-3MXA"});
            assertThat(shown).contains("K7QD-3MXA").doesNotContain("{").doesNotContain("''");
            assertThat(new MessageFormat(title, Locale.forLanguageTag(language)).format(new Object[0]))
                    .doesNotContain("''");
            if (!"en".equals(language)) {
                assertThat(text)
                        .as("%s is translated", kind.messageKey())
                        .isNotEqualTo(english.getProperty(kind.messageKey()));
            }
        }
    }

    private static Properties bundle(String language) throws IOException {
        Properties texts = new Properties();
        try (InputStream in = LoginFailurePageTest.class.getResourceAsStream(
                "/theme-resources/messages/messages_" + language + ".properties")) {
            assertThat(in).as("bundle %s", language).isNotNull();
            texts.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return texts;
    }
}
