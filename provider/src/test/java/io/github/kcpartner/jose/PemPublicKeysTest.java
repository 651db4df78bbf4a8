package io.github.kcpartner.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The "Validating public key" (publicKeySignatureVerifier) as Keycloak's own OIDC broker stores
 * it: a PEM public key or its bare base64 must verify, as a certificate already does.
 */
class PemPublicKeysTest {

    private static final IdTokenExpectations BACK = IdTokenExpectations.tokenEndpoint("n-1", null);

    private static IdTokenValidator validator(SignatureAlgorithm alg, VerificationKeys keys) {
        return new IdTokenValidator(
                IdTokenPolicy.of(TestSupport.ISSUER, TestSupport.CLIENT_ID, JoseProfile.signed(alg, keys), 0),
                TestSupport.fixedClock());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    @DisplayName(
            "given an RSA public key as PEM or as the bare base64 Keycloak stores, then RS256 tokens verify and another key's do not")
    void rsaPublicKey(boolean withHeader) throws Exception {
        String base64 = Base64.getEncoder()
                .encodeToString(TestSupport.RSA.toRSAPublicKey().getEncoded());
        String text = withHeader ? "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n" : base64;
        String token = TestSupport.sign(
                SignatureAlgorithm.RS256, TestSupport.validClaims().build());

        assertThat(validator(SignatureAlgorithm.RS256, VerificationKeys.pem(text))
                        .validate(token, BACK))
                .isNotNull();

        String other = Base64.getEncoder()
                .encodeToString(TestSupport.RSA_ENC.toRSAPublicKey().getEncoded());
        assertThatThrownBy(() -> validator(SignatureAlgorithm.RS256, VerificationKeys.pem(other))
                        .validate(token, BACK))
                .isInstanceOf(TokenValidationException.class);
    }

    @Test
    @DisplayName("given an EC P-256 public key as PEM, then ES256 tokens verify")
    void ecPublicKey() throws Exception {
        String base64 = Base64.getEncoder()
                .encodeToString(TestSupport.EC.get(Curve.P_256).toECPublicKey().getEncoded());
        String token = TestSupport.sign(
                SignatureAlgorithm.ES256, TestSupport.validClaims().build());

        assertThat(validator(
                                SignatureAlgorithm.ES256,
                                VerificationKeys.pem(
                                        "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----"))
                        .validate(token, BACK))
                .isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a key", "AAAA", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"})
    @DisplayName("given text that is no certificate or public key, then it is refused with a clear message")
    void garbageRefused(String text) {
        assertThatThrownBy(() -> VerificationKeys.pem(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("public key");
    }
}
