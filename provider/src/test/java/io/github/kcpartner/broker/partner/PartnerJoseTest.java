package io.github.kcpartner.broker.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.kcpartner.broker.login.PartnerLoginException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;

/**
 * The binding of one partner's settings to the JOSE core, with the provider and session mocked:
 * an HS256 ID token signed with the client secret passes the back channel; the same token fails
 * with the core's reason (as a login failure) for another issuer, audience, nonce, key, or when
 * the settings ask for another algorithm; a partner without an issuer fails with {@code no_issuer}.
 */
class PartnerJoseTest {

    private static final String ISSUER = "https://op.example";
    private static final String CLIENT = "rp-client";
    private static final String SECRET = "s".repeat(40) + "-client-secret-of-enough-bits";

    private static PartnerJose jose(Map<String, String> settings, String issuer) {
        PartnerOidcConfig config = new PartnerOidcConfig();
        config.setClientId(CLIENT);
        config.setClientSecret(SECRET);
        config.getConfig().put(PartnerOidcConfig.SIGNATURE_ALGORITHM, "HS256");
        config.getConfig().putAll(settings);
        PartnerEndpoints endpoints = new PartnerEndpoints(
                issuer,
                "https://op.example/auth",
                "https://op.example/token",
                null,
                settings.get("jwksUrl"),
                List.of(),
                false,
                false,
                null,
                false,
                List.of(),
                false);
        // Keycloak's HTTP client is asked for, never used: every case fails or passes before a JWKS fetch
        KeycloakSession session = mock(KeycloakSession.class);
        org.keycloak.connections.httpclient.HttpClientProvider http =
                mock(org.keycloak.connections.httpclient.HttpClientProvider.class);
        org.mockito.Mockito.when(session.getProvider(org.keycloak.connections.httpclient.HttpClientProvider.class))
                .thenReturn(http);
        return new PartnerJose(
                config, endpoints, new PartnerStepUp(null, Set.of()), session, new PartnerRuntime(Clock.systemUTC()));
    }

    private static String idToken(String issuer, String audience, String nonce, String secret) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject("ada")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim("nonce", nonce)
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static String reason(Runnable call) {
        try {
            call.run();
        } catch (PartnerLoginException e) {
            return e.reason();
        }
        throw new AssertionError("no login failure");
    }

    @Test
    void aGoodTokenFromTheTokenEndpointPasses() throws Exception {
        Map<String, Object> claims =
                jose(Map.of(), ISSUER).backChannelIdToken(idToken(ISSUER, CLIENT, "n-1", SECRET), "n-1", null);
        assertThat(claims).containsEntry("sub", "ada").containsEntry("iss", ISSUER);
    }

    @Test
    void eachWrongPartFailsWithTheCoreReason() throws Exception {
        PartnerJose jose = jose(Map.of(), ISSUER);
        String otherIssuer = idToken("https://evil.example", CLIENT, "n-1", SECRET);
        String otherAudience = idToken(ISSUER, "someone-else", "n-1", SECRET);
        String otherKey = idToken(ISSUER, CLIENT, "n-1", SECRET.replace('s', 't'));
        String good = idToken(ISSUER, CLIENT, "n-1", SECRET);
        assertThat(reason(() -> jose.backChannelIdToken(otherIssuer, "n-1", null)))
                .isEqualTo("invalid_issuer");
        assertThat(reason(() -> jose.backChannelIdToken(otherAudience, "n-1", null)))
                .isEqualTo("invalid_audience");
        assertThat(reason(() -> jose.backChannelIdToken(otherKey, "n-1", null))).isEqualTo("invalid_signature");
        assertThat(reason(() -> jose.backChannelIdToken(good, "n-2", null))).isEqualTo("invalid_nonce");
        assertThat(reason(() -> jose.backChannelIdToken("not.a.token", "n-1", null)))
                .isEqualTo("malformed_token");
    }

    @Test
    void anAsymmetricAlgorithmWithoutKeysFailsClosed() throws Exception {
        PartnerJose rs256 = jose(Map.of(PartnerOidcConfig.SIGNATURE_ALGORITHM, "RS256"), ISSUER);
        String hs = idToken(ISSUER, CLIENT, "n-1", SECRET);
        assertThat(reason(() -> rs256.backChannelIdToken(hs, "n-1", null))).isEqualTo("no_verification_key");
    }

    @Test
    void theConfiguredAlgorithmIsTheOnlyOneAccepted() throws Exception {
        PartnerJose rs256 = jose(
                Map.of(
                        PartnerOidcConfig.SIGNATURE_ALGORITHM,
                        "RS256",
                        "jwksUrl",
                        "https://op.example/jwks",
                        "useJwksUrl",
                        "true"),
                ISSUER);
        String hs = idToken(ISSUER, CLIENT, "n-1", SECRET);
        assertThat(reason(() -> rs256.backChannelIdToken(hs, "n-1", null))).isEqualTo("unexpected_alg");
    }

    @Test
    void noIssuerFailsClosed() throws Exception {
        String good = idToken(ISSUER, CLIENT, "n-1", SECRET);
        assertThatThrownBy(() -> jose(Map.of(), null).backChannelIdToken(good, "n-1", null))
                .isInstanceOfSatisfying(
                        PartnerLoginException.class, e -> assertThat(e.reason()).isEqualTo("no_issuer"));
    }
}
