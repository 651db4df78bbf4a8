package io.github.kcpartner.broker.partner;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kcpartner.broker.login.PartnerLoginException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The issuer stored at save time for Keycloak's back-channel logout endpoint. */
class PartnerIssuerTest {

    private final List<String> fetched = new ArrayList<>();

    private static PartnerOidcConfig config(String metadataUrl, String issuer) {
        PartnerOidcConfig config = new PartnerOidcConfig();
        config.setAlias("partner");
        if (metadataUrl != null) {
            config.setMetadataDescriptorUrl(metadataUrl);
        }
        if (issuer != null) {
            config.setIssuer(issuer);
        }
        return config;
    }

    private String answer(String url, String body) {
        fetched.add(url);
        return body;
    }

    @Test
    @DisplayName("Given only a metadata URL, then the issuer is stored from the document")
    void filledFromMetadata() {
        PartnerOidcConfig config = config("https://op.example/.well-known/openid-configuration", null);
        PartnerIssuer.fill(config, url -> answer(url, "{\"issuer\":\"https://op.example\"}"));
        assertThat(config.getIssuer()).isEqualTo("https://op.example");
        assertThat(fetched).containsExactly("https://op.example/.well-known/openid-configuration");
    }

    @Test
    @DisplayName("Given an issuer the admin set, then it is kept and nothing is fetched")
    void adminIssuerKept() {
        PartnerOidcConfig config = config("https://op.example/meta", "https://admin.example");
        PartnerIssuer.fill(config, url -> answer(url, "{\"issuer\":\"https://op.example\"}"));
        assertThat(config.getIssuer()).isEqualTo("https://admin.example");
        assertThat(fetched).isEmpty();
    }

    @Test
    @DisplayName("Given no metadata URL, then nothing is fetched")
    void noMetadata() {
        PartnerOidcConfig config = config(null, null);
        PartnerIssuer.fill(config, url -> answer(url, "{}"));
        assertThat(config.getIssuer()).isNull();
        assertThat(fetched).isEmpty();
    }

    @Test
    @DisplayName(
            "Given metadata that is unreachable, not JSON or without issuer, then the save goes on without an issuer")
    void unreadableMetadata() {
        for (java.util.function.UnaryOperator<String> fetch : List.<java.util.function.UnaryOperator<String>>of(
                url -> {
                    throw new PartnerLoginException("metadata_unavailable", "HTTP 503", null);
                },
                url -> "<html>",
                url -> "{\"issuer\":\"\"}",
                url -> "[]")) {
            PartnerOidcConfig config = config("https://op.example/meta", null);
            PartnerIssuer.fill(config, fetch);
            assertThat(config.getIssuer()).isNull();
        }
    }
}
