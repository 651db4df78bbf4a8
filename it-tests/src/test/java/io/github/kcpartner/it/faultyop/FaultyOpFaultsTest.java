package io.github.kcpartner.it.faultyop;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Each fault switch breaks exactly one thing, as the test's own validation sees it. */
class FaultyOpFaultsTest {

    private static final Set<Fault> ID_TOKEN_FAULTS = EnumSet.of(
            Fault.WRONG_ISS,
            Fault.WRONG_AUD,
            Fault.BAD_SIGNATURE,
            Fault.WRONG_ALG,
            Fault.EXPIRED,
            Fault.BAD_NONCE,
            Fault.MISSING_NONCE,
            Fault.BAD_AT_HASH,
            Fault.MISSING_AT_HASH,
            Fault.BAD_C_HASH,
            Fault.MISSING_C_HASH,
            Fault.UNKNOWN_KID);
    private static final Set<Fault> ASYMMETRIC_ONLY = EnumSet.of(Fault.UNKNOWN_KID, Fault.ROTATE_KEYS);

    private static FaultyOp op;
    private static TestRp rp;

    @BeforeAll
    static void start() {
        op = new FaultyOp().start();
        rp = new TestRp(op);
    }

    @AfterAll
    static void stop() {
        op.stop();
    }

    @BeforeEach
    void reset() {
        op.faults().clear();
        op.issParameter(true);
    }

    static Stream<Arguments> frontChannelCases() {
        return Stream.of(JWSAlgorithm.RS256, JWSAlgorithm.ES512, JWSAlgorithm.HS384, JWSAlgorithm.PS256)
                .flatMap(alg -> ID_TOKEN_FAULTS.stream()
                        .filter(f -> !JWSAlgorithm.Family.HMAC_SHA.contains(alg) || !ASYMMETRIC_ONLY.contains(f))
                        .map(f -> Arguments.of(f, alg)));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("frontChannelCases")
    @DisplayName("Given a fault for the client, the hybrid front-channel ID token has exactly that defect")
    void frontChannelIdToken(Fault fault, JWSAlgorithm alg) {
        RegisteredClient client =
                op.registerClient(ClientSettings.builder().idTokenAlg(alg).build());
        op.faults().enable(client.clientId(), fault);
        TestRp.Answer answer = rp.authorize(client, "code id_token token");
        IdTokenCheck check = new IdTokenCheck(op.issuer(), client, rp.jwks());
        assertThat(check.defects(answer.get("id_token"), "n-456", answer.get("access_token"), answer.get("code")))
                .containsExactly(fault);
        assertThat(answer.get("iss")).isEqualTo(op.issuer());
        assertThat(answer.get("state")).isEqualTo("st-123");
    }

    static Stream<Fault> tokenEndpointFaults() {
        return ID_TOKEN_FAULTS.stream().filter(f -> f != Fault.BAD_C_HASH && f != Fault.MISSING_C_HASH);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokenEndpointFaults")
    @DisplayName("Given a global fault, the token endpoint's ID token in the code flow has exactly that defect")
    void tokenEndpointIdToken(Fault fault) {
        RegisteredClient client = op.registerClient(
                ClientSettings.builder().idTokenAlg(JWSAlgorithm.ES256).build());
        op.faults().enable(fault);
        Map<String, Object> tokens =
                rp.tokens(client, rp.authorize(client, "code").get("code"));
        IdTokenCheck check = new IdTokenCheck(op.issuer(), client, rp.jwks());
        assertThat(check.defects((String) tokens.get("id_token"), "n-456", (String) tokens.get("access_token"), null))
                .containsExactly(fault);
    }

    @Test
    @DisplayName("Given WRONG_ALG, RS256 becomes a valid RS384, ES256 a valid ES384 and none an RS256")
    void wrongAlgIsOtherwiseValid() throws Exception {
        op.faults().enable(Fault.WRONG_ALG);
        JWKSet jwks = rp.jwks();
        SignedJWT rs = SignedJWT.parse(frontChannelIdToken(JWSAlgorithm.RS256));
        assertThat(rs.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS384);
        assertThat(rs.verify(new RSASSAVerifier(
                        jwks.getKeyByKeyId(rs.getHeader().getKeyID()).toRSAKey())))
                .isTrue();
        SignedJWT es = SignedJWT.parse(frontChannelIdToken(JWSAlgorithm.ES256));
        assertThat(es.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES384);
        assertThat(es.verify(new com.nimbusds.jose.crypto.ECDSAVerifier(
                        jwks.getKeyByKeyId(es.getHeader().getKeyID()).toECKey())))
                .isTrue();
        SignedJWT none = SignedJWT.parse(frontChannelIdToken(ClientSettings.NONE));
        assertThat(none.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    }

    @Test
    @DisplayName("Given ALG_CONFUSION, an RS256 client gets HS256 keyed with the published RSA key's bytes")
    void algConfusion() throws Exception {
        RegisteredClient client = op.registerClient(ClientSettings.defaults());
        op.faults().enable(client.clientId(), Fault.ALG_CONFUSION);
        TestRp.Answer answer = rp.authorize(client, "id_token");
        JWKSet jwks = rp.jwks();
        assertThat(new IdTokenCheck(op.issuer(), client, jwks).defects(answer.get("id_token"), "n-456", null, null))
                .containsExactly(Fault.WRONG_ALG);
        SignedJWT jwt = SignedJWT.parse(answer.get("id_token"));
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        byte[] rsaPublic = jwks.getKeyByKeyId(jwt.getHeader().getKeyID())
                .toRSAKey()
                .toRSAPublicKey()
                .getEncoded();
        assertThat(jwt.verify(new MACVerifier(rsaPublic))).isTrue();
    }

    @Test
    @DisplayName("Given EXPIRED, exp is one hour ago and iat and auth_time are not after it")
    void expiredByAnHour() throws Exception {
        op.faults().enable(Fault.EXPIRED);
        JWTClaimsSet claims =
                SignedJWT.parse(frontChannelIdToken(JWSAlgorithm.RS256)).getJWTClaimsSet();
        Instant exp = claims.getExpirationTime().toInstant();
        assertThat(Duration.between(exp, Instant.now())).isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));
        assertThat(claims.getIssueTime().toInstant()).isBefore(exp);
        assertThat(((Number) claims.getClaim("auth_time")).longValue()).isLessThanOrEqualTo(exp.getEpochSecond());
    }

    @ParameterizedTest(name = "iss parameter advertised: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    @DisplayName("Given WRONG_ISS_PARAMETER, the authorization response's iss differs; the ID token is clean")
    void wrongIssParameter(boolean advertised) {
        op.issParameter(advertised);
        RegisteredClient client = op.registerClient(ClientSettings.defaults());
        op.faults().enable(client.clientId(), Fault.WRONG_ISS_PARAMETER);
        TestRp.Answer answer = rp.authorize(client, "code id_token", "form_post", Map.of());
        assertThat(answer.get("iss")).isNotNull().isNotEqualTo(op.issuer());
        assertThat(new IdTokenCheck(op.issuer(), client, rp.jwks())
                        .defects(answer.get("id_token"), "n-456", null, answer.get("code")))
                .isEmpty();
    }

    @Test
    @DisplayName("Given USERINFO_SUB_MISMATCH, userinfo names another sub and the ID token is clean")
    void userinfoSubMismatch() {
        RegisteredClient client = op.registerClient(ClientSettings.defaults());
        op.faults().enable(client.clientId(), Fault.USERINFO_SUB_MISMATCH);
        TestRp.Answer answer = rp.authorize(client, "id_token token");
        assertThat(new IdTokenCheck(op.issuer(), client, rp.jwks())
                        .defects(answer.get("id_token"), "n-456", answer.get("access_token"), null))
                .isEmpty();
        Map<String, Object> userinfo =
                TestRp.json(rp.userinfo(answer.get("access_token")).body());
        assertThat(userinfo.get("sub")).isNotEqualTo("partner-user-1");
        assertThat(userinfo).containsEntry("email", "ada@partner.example");
    }

    @Test
    @DisplayName("Given faults, a signed userinfo JWT carries them too: wrong iss, then a bad signature")
    void signedUserinfoFaults() throws Exception {
        RegisteredClient client = op.registerClient(
                ClientSettings.builder().userinfoAlg(JWSAlgorithm.RS256).build());
        String token = rp.authorize(client, "id_token token").get("access_token");
        op.faults().enable(client.clientId(), Fault.WRONG_ISS);
        SignedJWT wrongIss = SignedJWT.parse(rp.userinfo(token).body());
        RSASSAVerifier verifier = new RSASSAVerifier(
                rp.jwks().getKeyByKeyId(wrongIss.getHeader().getKeyID()).toRSAKey());
        assertThat(wrongIss.verify(verifier)).isTrue();
        assertThat(wrongIss.getJWTClaimsSet().getIssuer()).isNotEqualTo(op.issuer());
        op.faults().disable(client.clientId(), Fault.WRONG_ISS).enable(client.clientId(), Fault.BAD_SIGNATURE);
        SignedJWT badSignature = SignedJWT.parse(rp.userinfo(token).body());
        assertThat(badSignature.verify(verifier)).isFalse();
        assertThat(badSignature.getJWTClaimsSet().getIssuer()).isEqualTo(op.issuer());
    }

    @Test
    @DisplayName("Given TOKEN_ENDPOINT_ERROR, a correct token request gets 400 invalid_grant, recorded")
    void tokenEndpointError() {
        RegisteredClient client = op.registerClient(ClientSettings.defaults());
        String code = rp.authorize(client, "code").get("code");
        op.faults().enable(client.clientId(), Fault.TOKEN_ENDPOINT_ERROR);
        HttpResponse<String> response = rp.token(client, code, ClientAuth.CLIENT_SECRET_POST, null);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(TestRp.json(response.body())).containsEntry("error", "invalid_grant");
        assertThat(op.lastTokenRequest().orElseThrow().status()).isEqualTo(400);
    }

    @Test
    @DisplayName("Given ROTATE_KEYS, the new kid is unknown to the cached JWKS and found on the next fetch")
    void rotateKeys() {
        RegisteredClient client = op.registerClient(ClientSettings.defaults());
        JWKSet cached = rp.jwks();
        int fetches = op.jwksFetchCount();
        op.faults().enable(Fault.ROTATE_KEYS);
        TestRp.Answer answer = rp.authorize(client, "id_token");
        assertThat(new IdTokenCheck(op.issuer(), client, cached).defects(answer.get("id_token"), "n-456", null, null))
                .containsExactly(Fault.UNKNOWN_KID);
        JWKSet refetched = rp.jwks();
        assertThat(op.jwksFetchCount()).isEqualTo(fetches + 1);
        assertThat(refetched.getKeys()).hasSize(8);
        assertThat(new IdTokenCheck(op.issuer(), client, refetched)
                        .defects(answer.get("id_token"), "n-456", null, null))
                .isEmpty();
        op.faults().disable(Fault.ROTATE_KEYS);
        assertThat(rp.jwks().getKeys()).hasSize(4);
    }

    @Test
    @DisplayName("Given a fault for one client, another client is unaffected; a global fault reaches both")
    void perClientAndGlobal() {
        RegisteredClient faulty = op.registerClient(ClientSettings.defaults());
        RegisteredClient healthy = op.registerClient(ClientSettings.defaults());
        op.faults().enable(faulty.clientId(), Fault.WRONG_AUD);
        assertThat(defects(faulty)).containsExactly(Fault.WRONG_AUD);
        assertThat(defects(healthy)).isEmpty();
        op.faults().enable(Fault.BAD_NONCE);
        assertThat(defects(healthy)).containsExactly(Fault.BAD_NONCE);
        assertThat(op.faults().activeFor(faulty.clientId()))
                .containsExactlyInAnyOrder(Fault.WRONG_AUD, Fault.BAD_NONCE);
        op.faults().clear();
        assertThat(defects(faulty)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Fault.class)
    @DisplayName("Given any fault switched on and off again, the OP is correct again")
    void switchesOff(Fault fault) {
        RegisteredClient client = op.registerClient(ClientSettings.defaults());
        op.faults().enable(fault).enable(client.clientId(), fault);
        op.faults().disable(fault).disable(client.clientId(), fault);
        assertThat(op.faults().isActive(client.clientId(), fault)).isFalse();
        assertThat(defects(client)).isEmpty();
    }

    @Test
    @DisplayName("Given AUTHORIZATION_ERROR, the authorization response is an error with the state and no grant")
    void authorizationError() {
        RegisteredClient client = op.registerClient(ClientSettings.defaults());
        op.faults().enable(client.clientId(), Fault.AUTHORIZATION_ERROR);
        Map<String, String> params = rp.authorize(client, "code").params();
        assertThat(params)
                .containsEntry("error", "temporarily_unavailable")
                .containsKey("state")
                .doesNotContainKeys("code", "id_token", "access_token");
    }

    @Test
    @DisplayName("Given requests in parallel while another client's switches flip, each client gets its own faults")
    void switchesAreThreadSafe() {
        RegisteredClient faulty = op.registerClient(
                ClientSettings.builder().idTokenAlg(JWSAlgorithm.ES256).build());
        RegisteredClient healthy = op.registerClient(
                ClientSettings.builder().idTokenAlg(JWSAlgorithm.ES256).build());
        RegisteredClient flipping = op.registerClient(ClientSettings.defaults());
        op.faults().enable(faulty.clientId(), Fault.BAD_C_HASH);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.CompletableFuture<Set<Fault>>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 24; i++) {
                RegisteredClient client = i % 2 == 0 ? faulty : healthy;
                Fault flip = Fault.values()[i % Fault.values().length];
                pool.submit(() -> op.faults().enable(flipping.clientId(), flip).disable(flipping.clientId(), flip));
                results.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> defects(client), pool));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).join()).isEqualTo(i % 2 == 0 ? Set.of(Fault.BAD_C_HASH) : Set.of());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private Set<Fault> defects(RegisteredClient client) {
        TestRp.Answer answer = rp.authorize(client, "code id_token token");
        return new IdTokenCheck(op.issuer(), client, rp.jwks())
                .defects(answer.get("id_token"), "n-456", answer.get("access_token"), answer.get("code"));
    }

    private String frontChannelIdToken(JWSAlgorithm alg) {
        RegisteredClient client =
                op.registerClient(ClientSettings.builder().idTokenAlg(alg).build());
        return rp.authorize(client, "id_token").get("id_token");
    }
}
