package io.github.kcpartner.broker.partner;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PartnerRequestObjectTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    @Test
    @DisplayName(
            "given the authorization parameters, then the request object carries each as a claim, signed, typed, addressed to the issuer, valid 60 s")
    void signsEveryParameter() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("k1").generate();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", "rp");
        params.put("redirect_uri", "https://rp.example/cb");
        params.put("scope", "openid email");
        params.put("state", "s1");
        params.put("nonce", "n1");
        params.put("code_challenge", "abc");
        params.put("claims", "{\"id_token\":{\"acr\":{\"essential\":true}}}");
        params.put("max_age", "300");
        String jwt = PartnerRequestObject.sign(
                new PartnerRequestObject.SigningKey(rsa.toPrivateKey(), "k1", JWSAlgorithm.PS256),
                params,
                "rp",
                "https://op.example",
                CLOCK);
        SignedJWT parsed = SignedJWT.parse(jwt);
        assertThat(parsed.verify(new RSASSAVerifier(rsa.toPublicJWK()))).isTrue();
        assertThat(parsed.getHeader().getType().getType()).isEqualTo("oauth-authz-req+jwt");
        assertThat(parsed.getHeader().getKeyID()).isEqualTo("k1");
        var claims = parsed.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("rp");
        assertThat(claims.getAudience()).containsExactly("https://op.example");
        assertThat(claims.getStringClaim("state")).isEqualTo("s1");
        assertThat(claims.getStringClaim("nonce")).isEqualTo("n1");
        assertThat(claims.getStringClaim("redirect_uri")).isEqualTo("https://rp.example/cb");
        assertThat(claims.getJSONObjectClaim("claims")).containsKey("id_token");
        assertThat(claims.getLongClaim("max_age")).isEqualTo(300L);
        assertThat(claims.getExpirationTime().toInstant())
                .isEqualTo(CLOCK.instant().plusSeconds(60));
        assertThat(claims.getJWTID()).isNotBlank();

        Map<String, String> outer = PartnerRequestObject.outerParameters(params, "rp", jwt);
        assertThat(outer).containsOnlyKeys("client_id", "response_type", "scope", "request");
        assertThat(PartnerRequestObject.redirect("https://op.example/auth", outer)
                        .build()
                        .getRawQuery())
                .startsWith("client_id=rp&response_type=code&scope=openid%20email&request=ey")
                .doesNotContain("state=")
                .doesNotContain("nonce=");
    }

    @Test
    @DisplayName(
            "given encrypted, then a nested JWT to the partner's enc key of the algorithm's key type that decrypts to the signed request object")
    void encryptsToThePartnersKey() throws Exception {
        com.nimbusds.jose.jwk.RSAKey sig = new RSAKeyGenerator(2048)
                .keyID("sig")
                .keyUse(com.nimbusds.jose.jwk.KeyUse.SIGNATURE)
                .generate();
        com.nimbusds.jose.jwk.RSAKey rsaEnc = new RSAKeyGenerator(2048)
                .keyID("enc-rsa")
                .keyUse(com.nimbusds.jose.jwk.KeyUse.ENCRYPTION)
                .generate();
        com.nimbusds.jose.jwk.ECKey ecEnc = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(
                        com.nimbusds.jose.jwk.Curve.P_256)
                .keyID("enc-ec")
                .generate();
        com.nimbusds.jose.jwk.JWKSet partner = new com.nimbusds.jose.jwk.JWKSet(
                java.util.List.of(sig.toPublicJWK(), rsaEnc.toPublicJWK(), ecEnc.toPublicJWK()));

        String rsa = PartnerRequestObject.encrypt("a.b.c", partner, "RSA-OAEP-256", "A256GCM");
        com.nimbusds.jose.JWEObject jwe = com.nimbusds.jose.JWEObject.parse(rsa);
        assertThat(jwe.getHeader().getKeyID()).isEqualTo("enc-rsa");
        assertThat(jwe.getHeader().getContentType()).isEqualTo("JWT");
        jwe.decrypt(new com.nimbusds.jose.crypto.RSADecrypter(rsaEnc));
        assertThat(jwe.getPayload().toString()).isEqualTo("a.b.c");

        com.nimbusds.jose.JWEObject ec = com.nimbusds.jose.JWEObject.parse(
                PartnerRequestObject.encrypt("a.b.c", partner, "ECDH-ES+A128KW", "A128GCM"));
        assertThat(ec.getHeader().getKeyID()).isEqualTo("enc-ec");
        ec.decrypt(new com.nimbusds.jose.crypto.ECDHDecrypter(ecEnc));
        assertThat(ec.getPayload().toString()).isEqualTo("a.b.c");
    }

    @Test
    @DisplayName("given a partner JWK set with signing keys only, then request_object_failed naming the algorithm")
    void noEncryptionKey() throws Exception {
        com.nimbusds.jose.jwk.JWKSet partner = new com.nimbusds.jose.jwk.JWKSet(new RSAKeyGenerator(2048)
                .keyUse(com.nimbusds.jose.jwk.KeyUse.SIGNATURE)
                .generate()
                .toPublicJWK());
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> PartnerRequestObject.encrypt("a.b.c", partner, "RSA-OAEP", "A256GCM"))
                .isInstanceOfSatisfying(io.github.kcpartner.broker.login.PartnerLoginException.class, e -> {
                    assertThat(e.reason()).isEqualTo("request_object_failed");
                    assertThat(e.getMessage()).contains("RSA-OAEP");
                });
    }
}
