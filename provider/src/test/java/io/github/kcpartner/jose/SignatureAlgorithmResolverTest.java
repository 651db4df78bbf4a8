package io.github.kcpartner.jose;

import static io.github.kcpartner.jose.SignatureAlgorithm.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SignatureAlgorithmResolverTest {

    @Test
    void metadataRule() throws Exception {
        assertThat(SignatureAlgorithmResolver.resolve(RS256, true, List.of("ES256", "RS256")))
                .isEqualTo(RS256);
        assertThat(SignatureAlgorithmResolver.resolve(RS256, true, List.of("PS384")))
                .isEqualTo(PS384);
        assertThat(SignatureAlgorithmResolver.resolve(HS256, false, List.of("PS384")))
                .isEqualTo(HS256);
        assertThat(SignatureAlgorithmResolver.resolve(ES512, true, null)).isEqualTo(ES512);
        assertThat(SignatureAlgorithmResolver.resolve(NONE, true, List.of("none")))
                .isEqualTo(NONE);
    }

    @Test
    void rejections() {
        assertThatThrownBy(() -> SignatureAlgorithmResolver.resolve(RS256, true, List.of("EdDSA")))
                .extracting(e -> ((TokenValidationException) e).reason())
                .isEqualTo(TokenValidationException.UNSUPPORTED_ALG);
        assertThatThrownBy(() -> SignatureAlgorithmResolver.resolve(RS256, true, List.of("none")))
                .extracting(e -> ((TokenValidationException) e).reason())
                .isEqualTo(TokenValidationException.ALG_NONE_NOT_ALLOWED);
    }

    @Test
    @org.junit.jupiter.api.DisplayName("alg pin: metadata selects HS* only when HS* is configured, and never none")
    void metadataCannotWeakenTheAlgorithm() throws Exception {
        for (SignatureAlgorithm configured : List.of(RS256, PS256, ES256)) {
            for (String hs : List.of("HS256", "HS384", "HS512")) {
                assertThatThrownBy(() -> SignatureAlgorithmResolver.resolve(configured, true, List.of(hs)))
                        .extracting(e -> ((TokenValidationException) e).reason())
                        .isEqualTo(TokenValidationException.HMAC_NOT_CONFIGURED);
            }
            assertThatThrownBy(() -> SignatureAlgorithmResolver.resolve(configured, true, List.of("none")))
                    .extracting(e -> ((TokenValidationException) e).reason())
                    .isEqualTo(TokenValidationException.ALG_NONE_NOT_ALLOWED);
        }
        assertThatThrownBy(() -> SignatureAlgorithmResolver.resolve(HS256, true, List.of("none")))
                .extracting(e -> ((TokenValidationException) e).reason())
                .isEqualTo(TokenValidationException.ALG_NONE_NOT_ALLOWED);
        assertThat(SignatureAlgorithmResolver.resolve(HS256, true, List.of("HS512")))
                .isEqualTo(HS512);
        assertThat(SignatureAlgorithmResolver.resolve(HS256, true, List.of("RS256")))
                .isEqualTo(RS256);
    }

    @Test
    void models() {
        assertThat(SignatureAlgorithm.fromId("rs256")).isEmpty();
        assertThat(SignatureAlgorithm.DEFAULT).isEqualTo(RS256);
        assertThat(KeyManagementAlgorithm.fromId("RSA-OAEP-256")).contains(KeyManagementAlgorithm.RSA_OAEP_256);
        assertThat(KeyManagementAlgorithm.fromId("PBES2-HS512+A256KW")).isEmpty();
        assertThat(KeyManagementAlgorithm.fromId("RSA-OAEP-512")).isEmpty();
        assertThat(ContentEncryption.fromId("A192CBC-HS384")).contains(ContentEncryption.A192CBC_HS384);
        assertThat(SignatureAlgorithm.values()).hasSize(13);
        assertThat(KeyManagementAlgorithm.values()).hasSize(15);
        assertThat(ContentEncryption.values()).hasSize(7);
    }
}
