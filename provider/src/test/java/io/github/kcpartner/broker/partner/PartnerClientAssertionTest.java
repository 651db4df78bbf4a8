package io.github.kcpartner.broker.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jwt.SignedJWT;
import io.github.kcpartner.testsupport.tls.CertRequest;
import io.github.kcpartner.testsupport.tls.IssuedCert;
import io.github.kcpartner.testsupport.tls.KeyAlgorithm;
import io.github.kcpartner.testsupport.tls.TestPki;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartnerClientAssertionTest {

    private static final char[] PASSWORD = "store-password".toCharArray();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    private static KeyStore rsa;
    private static KeyStore ec;

    @BeforeAll
    static void keys() {
        TestPki pki = TestPki.create("assertion");
        IssuedCert r = pki.issue(CertRequest.client("rp-sig-rsa").withKeyAlgorithm(KeyAlgorithm.RSA_2048));
        IssuedCert e = pki.issue(CertRequest.client("rp-sig-ec").withKeyAlgorithm(KeyAlgorithm.EC_P256));
        rsa = r.keyStore("sig-rsa", PASSWORD);
        ec = e.keyStore("sig-ec", PASSWORD);
    }

    @ParameterizedTest(name = "alg \"{0}\"")
    @ValueSource(strings = {"RS256", "PS256", "PS512", ""})
    @DisplayName(
            "given an RSA keystore key and an RS/PS algorithm, then the assertion verifies with the published key and carries RFC 7523's claims")
    void rsaAssertion(String alg) throws Exception {
        PartnerClientAssertion.Key key = PartnerClientAssertion.key(rsa, "sig-rsa", PASSWORD, alg);
        String jwt =
                PartnerClientAssertion.sign(key, "rp-client", "https://op.example", "https://op.example/token", CLOCK);
        SignedJWT parsed = SignedJWT.parse(jwt);
        assertThat(parsed.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.parse(alg.isEmpty() ? "RS256" : alg));
        assertThat(parsed.getHeader().getKeyID()).isEqualTo("sig-rsa");
        assertThat(parsed.verify(new RSASSAVerifier(key.publicJwk().toRSAKey())))
                .isTrue();
        var claims = parsed.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("rp-client");
        assertThat(claims.getSubject()).isEqualTo("rp-client");
        assertThat(claims.getAudience()).containsExactly("https://op.example", "https://op.example/token");
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getExpirationTime().toInstant())
                .isEqualTo(CLOCK.instant().plusSeconds(60));
        assertThat(key.publicJwk().getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
        assertThat(key.publicJwk().isPrivate()).isFalse();
    }

    @Test
    @DisplayName("given an EC P-256 key, then ES256 by default; two assertions never share a jti")
    void ecAssertion() throws Exception {
        PartnerClientAssertion.Key key = PartnerClientAssertion.key(ec, "sig-ec", PASSWORD, "");
        assertThat(key.alg()).isEqualTo(JWSAlgorithm.ES256);
        SignedJWT a = SignedJWT.parse(PartnerClientAssertion.sign(key, "c", "https://op", "https://op", CLOCK));
        SignedJWT b = SignedJWT.parse(PartnerClientAssertion.sign(key, "c", "https://op", "https://op", CLOCK));
        assertThat(a.verify(new ECDSAVerifier(key.publicJwk().toECKey()))).isTrue();
        assertThat(a.getJWTClaimsSet().getAudience()).containsExactly("https://op");
        assertThat(a.getJWTClaimsSet().getJWTID())
                .isNotEqualTo(b.getJWTClaimsSet().getJWTID());
    }

    @Test
    @DisplayName(
            "given a key that cannot sign the configured algorithm, or no such label, then it is refused with a reason")
    void mismatchRefused() {
        assertThatThrownBy(() -> PartnerClientAssertion.key(rsa, "sig-rsa", PASSWORD, "ES256"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RSA key cannot sign");
        assertThatThrownBy(() -> PartnerClientAssertion.key(ec, "sig-ec", PASSWORD, "ES384"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot sign");
        assertThatThrownBy(() -> PartnerClientAssertion.key(rsa, "missing", PASSWORD, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no private key");
    }

    @Test
    @DisplayName("given a keystore setting, then it needs private_key_jwt, a label, and an asymmetric algorithm")
    void saveTimeRules() {
        Map<String, String> base = new java.util.HashMap<>(Map.of(
                "clientId", "rp",
                "clientSecret", "${vault.s}",
                "issuer", "https://op.example",
                "authorizationUrl", "https://op.example/authorize",
                "tokenUrl", "https://op.example/token",
                "useJwksUrl", "true",
                "jwksUrl", "https://op.example/jwks"));
        base.put("clientAssertionKeystore", "rp-sig.p12");
        assertThat(PartnerOidcConfigRules.check(config(base)))
                .contains(PartnerOidcConfigRules.ASSERTION_KEYSTORE_NEEDS_PRIVATE_KEY_JWT);
        base.put("clientAuthMethod", "private_key_jwt");
        assertThat(PartnerOidcConfigRules.check(config(base)))
                .contains(PartnerOidcConfigRules.ASSERTION_KEYSTORE_INCOMPLETE);
        base.put("clientAssertionSigningAlg", "HS256");
        assertThat(PartnerOidcConfigRules.check(config(base)))
                .contains(PartnerOidcConfigRules.ASSERTION_ALG_NOT_ASYMMETRIC);
        assertThat(config(base).isKeystoreClientAssertion()).isTrue();
    }

    private static PartnerOidcConfig config(Map<String, String> values) {
        org.keycloak.models.IdentityProviderModel model = new org.keycloak.models.IdentityProviderModel();
        model.setAlias("p");
        model.setProviderId(PartnerOidcIdentityProviderFactory.PROVIDER_ID);
        model.getConfig().putAll(values);
        return new PartnerOidcConfig(model);
    }
}
