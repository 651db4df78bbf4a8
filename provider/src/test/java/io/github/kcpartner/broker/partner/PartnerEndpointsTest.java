package io.github.kcpartner.broker.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kcpartner.broker.login.PartnerLoginException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.models.IdentityProviderModel;

class PartnerEndpointsTest {

    private static PartnerOidcConfig config(String metadataUrl, String explicitTokenUrl) {
        IdentityProviderModel model = new IdentityProviderModel();
        model.setAlias("p");
        model.getConfig().put("metadataDescriptorUrl", metadataUrl);
        if (explicitTokenUrl != null) {
            model.getConfig().put("tokenUrl", explicitTokenUrl);
        }
        return new PartnerOidcConfig(model);
    }

    private static PartnerMetadata metadata(String tokenEndpoint) {
        return new PartnerMetadata(
                "https://op.example",
                "https://op.example/authorize",
                tokenEndpoint,
                "https://op.example/userinfo",
                "https://op.example/jwks",
                List.of(),
                false,
                null,
                null,
                false,
                List.of(),
                java.util.Map.of());
    }

    @Test
    @DisplayName("given https metadata naming an http token endpoint, then metadata_insecure_endpoint")
    void httpsMetadataCannotDowngrade() {
        assertThatThrownBy(() -> PartnerEndpoints.resolve(
                        config("https://op.example/.well-known/openid-configuration", null),
                        metadata("http://op.example/token")))
                .isInstanceOfSatisfying(
                        PartnerLoginException.class,
                        e -> assertThat(e.reason()).isEqualTo("metadata_insecure_endpoint"));
    }

    @Test
    @DisplayName("given an explicit endpoint or http metadata, then the admin's choice stands")
    void explicitOrHttpMetadata() {
        assertThat(PartnerEndpoints.resolve(
                                config("https://op.example/.well-known/openid-configuration", "http://internal/token"),
                                metadata("http://op.example/token"))
                        .tokenUrl())
                .isEqualTo("http://internal/token");
        assertThat(PartnerEndpoints.resolve(
                                config("http://op.test/.well-known/openid-configuration", null),
                                metadata("http://op.test/token"))
                        .tokenUrl())
                .isEqualTo("http://op.test/token");
        assertThat(PartnerEndpoints.resolve(
                                config("https://op.example/.well-known/openid-configuration", null),
                                metadata("https://op.example/token"))
                        .tokenUrl())
                .isEqualTo("https://op.example/token");
    }

    @Test
    @DisplayName("the partner's error code enters an event reason only when printable and bounded")
    void errorCode() {
        assertThat(PartnerCallback.errorCode("server_error")).isEqualTo("server_error");
        assertThat(PartnerCallback.errorCode("temporarily_unavailable")).isEqualTo("temporarily_unavailable");
        assertThat(PartnerCallback.errorCode("bad\nline")).isEqualTo("invalid");
        assertThat(PartnerCallback.errorCode("<script>")).isEqualTo("invalid");
        assertThat(PartnerCallback.errorCode("x".repeat(65))).isEqualTo("invalid");
        assertThat(PartnerCallback.errorCode("")).isEqualTo("invalid");
    }
}
