package io.github.kcpartner.it.faultyop;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
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
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The faulty OP behaves correctly while no fault is on: discovery, every response type and mode, algs. */
class FaultyOpTest {

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
        op.advertiseIdTokenSigningAlgs(null);
    }

    @Test
    @DisplayName("Given the OP, discovery names its base URL as issuer and advertises what it supports")
    @SuppressWarnings("unchecked")
    void discovery() {
        Map<String, Object> metadata = TestRp.json(rp.get(op.discoveryUri()).body());
        assertThat(metadata.get("issuer")).isEqualTo(op.issuer());
        assertThat(op.issuer()).startsWith("http://127.0.0.1:");
        assertThat(metadata.get("jwks_uri")).isEqualTo(op.jwksUri().toString());
        assertThat(metadata.get("token_endpoint")).isEqualTo(op.tokenEndpoint().toString());
        assertThat((List<Object>) metadata.get("response_types_supported")).hasSize(6);
        assertThat((List<Object>) metadata.get("id_token_signing_alg_values_supported"))
                .hasSize(13)
                .contains("none");
        assertThat((List<Object>) metadata.get("id_token_encryption_alg_values_supported"))
                .contains("RSA1_5", "dir");
        assertThat(metadata.get("authorization_response_iss_parameter_supported"))
                .isEqualTo(true);
        assertThat(op.discoveryFetchCount()).isPositive();
    }

    @Test
    @DisplayName("Given the switches, discovery advertises the chosen algs and no iss parameter, and none is sent")
    @SuppressWarnings("unchecked")
    void discoverySwitches() {
        op.advertiseIdTokenSigningAlgs(List.of("RS256", "weird"));
        op.issParameter(false);
        Map<String, Object> metadata = TestRp.json(rp.get(op.discoveryUri()).body());
        assertThat((List<Object>) metadata.get("id_token_signing_alg_values_supported"))
                .containsExactly("RS256", "weird");
        assertThat(metadata.get("authorization_response_iss_parameter_supported"))
                .isEqualTo(false);
        RegisteredClient client = op.registerClient(ClientSettings.defaults());
        assertThat(rp.authorize(client, "code").params()).containsKey("code").doesNotContainKey("iss");
    }

    static Stream<Arguments> typesAndModes() {
        return DiscoveryEndpoint.RESPONSE_TYPES.stream()
                .flatMap(type -> Stream.of("query", "fragment", "form_post").map(mode -> Arguments.of(type, mode)));
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("typesAndModes")
    @DisplayName("Given a response type and mode, the answer has that transport and exactly the right parameters")
    void answerShape(String responseType, String mode) {
        RegisteredClient client = op.registerClient(ClientSettings.defaults());
        TestRp.Answer answer = rp.authorize(client, responseType, mode, Map.of());
        Set<String> parts = Set.of(responseType.split(" "));
        assertThat(answer.transport()).isEqualTo(mode);
        assertThat(answer.get("state")).isEqualTo("st-123");
        assertThat(answer.get("iss")).isEqualTo(op.issuer());
        assertThat(answer.params().containsKey("code")).isEqualTo(parts.contains("code"));
        assertThat(answer.params().containsKey("access_token")).isEqualTo(parts.contains("token"));
        assertThat(answer.params().containsKey("id_token")).isEqualTo(parts.contains("id_token"));
        if (parts.contains("token")) {
            assertThat(answer.get("token_type")).isEqualTo("Bearer");
        }
        if (parts.contains("id_token")) {
            IdTokenCheck check = new IdTokenCheck(op.issuer(), client, rp.jwks());
            assertThat(check.defects(answer.get("id_token"), "n-456", answer.get("access_token"), answer.get("code")))
                    .isEmpty();
            JWT jwt = IdTokenCheck.parse(answer.get("id_token"));
            assertThat(IdTokenCheck.claims(jwt).getClaim("at_hash") != null).isEqualTo(parts.contains("token"));
            assertThat(IdTokenCheck.claims(jwt).getClaim("c_hash") != null).isEqualTo(parts.contains("code"));
        }
        assertThat(op.lastAuthorizationRequest().orElseThrow().responseMode()).contains(mode);
    }

    @Test
    @DisplayName("Given no response_mode, code answers in the query and id_token in the fragment")
    void defaultModes() {
        RegisteredClient client = op.registerClient(ClientSettings.defaults());
        assertThat(rp.authorize(client, "code").transport()).isEqualTo("query");
        assertThat(rp.authorize(client, "id_token").transport()).isEqualTo("fragment");
        assertThat(rp.authorize(client, "code id_token").transport()).isEqualTo("fragment");
    }

    @Test
    @DisplayName("Given an unknown response_type, the RP gets unsupported_response_type with its state")
    void unsupportedResponseType() {
        RegisteredClient client = op.registerClient(ClientSettings.defaults());
        TestRp.Answer answer = rp.authorize(client, "token");
        assertThat(answer.params())
                .containsEntry("error", "unsupported_response_type")
                .containsEntry("state", "st-123")
                .doesNotContainKeys("code", "access_token");
    }

    static Stream<JWSAlgorithm> algs() {
        return DiscoveryEndpoint.SIGNING_ALGS.stream().map(JWSAlgorithm::parse);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algs")
    @DisplayName("Given a registered ID token alg, front-channel and token-endpoint ID tokens are valid under it")
    void signingAlgs(JWSAlgorithm alg) {
        RegisteredClient client =
                op.registerClient(ClientSettings.builder().idTokenAlg(alg).build());
        TestRp.Answer answer = rp.authorize(client, "code id_token");
        IdTokenCheck check = new IdTokenCheck(op.issuer(), client, rp.jwks());
        assertThat(check.defects(answer.get("id_token"), "n-456", null, answer.get("code")))
                .isEmpty();
        Map<String, Object> tokens = rp.tokens(client, answer.get("code"));
        String idToken = (String) tokens.get("id_token");
        assertThat(check.defects(idToken, "n-456", (String) tokens.get("access_token"), null))
                .isEmpty();
        JWT jwt = IdTokenCheck.parse(idToken);
        if (ClientSettings.NONE.equals(alg)) {
            assertThat(jwt).isInstanceOf(PlainJWT.class);
        } else {
            assertThat(((SignedJWT) jwt).getHeader().getAlgorithm()).isEqualTo(alg);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"CLIENT_SECRET_BASIC", "CLIENT_SECRET_POST"})
    @DisplayName(
            "Given basic or post client auth with PKCE, the token request is answered and recorded without secrets")
    void clientAuthAndPkce(ClientAuth auth) {
        RegisteredClient client = op.registerClient(ClientSettings.defaults());
        String verifier = "v".repeat(43) + auth.ordinal();
        String challenge = com.nimbusds.oauth2.sdk.pkce.CodeChallenge.compute(
                        com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod.S256,
                        new com.nimbusds.oauth2.sdk.pkce.CodeVerifier(verifier))
                .getValue();
        TestRp.Answer answer = rp.authorize(
                client, "code", null, Map.of("code_challenge", challenge, "code_challenge_method", "S256"));
        HttpResponse<String> response = rp.token(client, answer.get("code"), auth, verifier);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TestRp.json(response.body())).containsKeys("access_token", "id_token");
        TokenRequestSeen seen = op.lastTokenRequest().orElseThrow();
        assertThat(seen).isEqualTo(new TokenRequestSeen(client.clientId(), auth, "authorization_code", true, 200));
        assertThat(seen.toString()).doesNotContain(client.clientSecret());
        assertThat(rp.token(client, answer.get("code"), auth, verifier).statusCode())
                .isEqualTo(400);
    }

    @Test
    @DisplayName("Given a wrong secret, a wrong PKCE verifier or no verifier, the token endpoint refuses")
    void tokenRefusals() {
        RegisteredClient client = op.registerClient(ClientSettings.defaults());
        RegisteredClient impostor = new RegisteredClient(client.clientId(), "wrong", client.settings());
        String code = rp.authorize(client, "code").get("code");
        HttpResponse<String> response = rp.token(impostor, code, ClientAuth.CLIENT_SECRET_POST, null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(TestRp.json(response.body())).containsEntry("error", "invalid_client");
        assertThat(rp.token(client, code, ClientAuth.NONE, null).statusCode()).isEqualTo(401);
        assertThat(op.lastTokenRequest().orElseThrow().auth()).isEqualTo(ClientAuth.NONE);

        Map<String, String> pkce = Map.of(
                "code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge_method", "S256");
        String pkceCode = rp.authorize(client, "code", null, pkce).get("code");
        assertThat(rp.token(client, pkceCode, ClientAuth.CLIENT_SECRET_BASIC, "x".repeat(43))
                        .statusCode())
                .isEqualTo(400);
        String pkceCode2 = rp.authorize(client, "code", null, pkce).get("code");
        assertThat(rp.token(client, pkceCode2, ClientAuth.CLIENT_SECRET_BASIC, null)
                        .statusCode())
                .isEqualTo(400);
        assertThat(op.lastTokenRequest().orElseThrow().codeVerifierPresent()).isFalse();
        String pkceCode3 = rp.authorize(client, "code", null, pkce).get("code");
        assertThat(rp.token(
                                client,
                                pkceCode3,
                                ClientAuth.CLIENT_SECRET_BASIC,
                                "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    @DisplayName("Given an authorization request, the OP records its parameters for the test")
    void recordsAuthorizationRequest() {
        RegisteredClient client = op.registerClient(ClientSettings.defaults());
        rp.authorize(
                client,
                "code",
                "form_post",
                Map.of(
                        "max_age",
                        "60",
                        "acr_values",
                        "gold silver",
                        "claims",
                        "{\"id_token\":{\"email\":null}}",
                        "prompt",
                        "login",
                        "login_hint",
                        "ada@partner.example",
                        "code_challenge",
                        "abc"));
        AuthorizationRequestSeen seen = op.lastAuthorizationRequest().orElseThrow();
        assertThat(seen.maxAge()).contains("60");
        assertThat(seen.acrValues()).contains("gold silver");
        assertThat(seen.claims()).contains("{\"id_token\":{\"email\":null}}");
        assertThat(seen.prompt()).contains("login");
        assertThat(seen.loginHint()).contains("ada@partner.example");
        assertThat(seen.codeChallenge()).contains("abc");
        assertThat(seen.nonce()).contains("n-456");
        assertThat(seen.responseMode()).contains("form_post");
        assertThat(seen.clientId()).contains(client.clientId());
    }

    @Test
    @DisplayName("Given an access token, userinfo answers JSON or, when registered, a signed JWT")
    void userinfo() throws Exception {
        RegisteredClient plain = op.registerClient(
                ClientSettings.builder().extraClaim("tier", "gold").build());
        String token = rp.authorize(plain, "id_token token").get("access_token");
        HttpResponse<String> json = rp.userinfo(token);
        assertThat(json.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(TestRp.json(json.body()))
                .containsEntry("sub", "partner-user-1")
                .containsEntry("email", "ada@partner.example")
                .containsEntry("tier", "gold");

        RegisteredClient signed = op.registerClient(
                ClientSettings.builder().userinfoAlg(JWSAlgorithm.ES384).build());
        HttpResponse<String> jwt =
                rp.userinfo(rp.authorize(signed, "id_token token").get("access_token"));
        assertThat(jwt.headers().firstValue("Content-Type")).contains("application/jwt");
        SignedJWT parsed = SignedJWT.parse(jwt.body());
        assertThat(parsed.verify(new com.nimbusds.jose.crypto.ECDSAVerifier(
                        rp.jwks().getKeyByKeyId(parsed.getHeader().getKeyID()).toECKey())))
                .isTrue();
        assertThat(parsed.getJWTClaimsSet().getIssuer()).isEqualTo(op.issuer());
        assertThat(parsed.getJWTClaimsSet().getAudience()).containsExactly(signed.clientId());
        assertThat(rp.userinfo("nonsense").statusCode()).isEqualTo(401);
    }

    @Test
    @DisplayName(
            "Given the OP, the JWKS has an RSA and three EC keys, each with a kid, public only, and fetches are counted")
    void jwks() {
        int before = op.jwksFetchCount();
        var keys = rp.jwks().getKeys();
        assertThat(keys).hasSize(4).allSatisfy(k -> {
            assertThat(k.getKeyID()).isNotBlank();
            assertThat(k.isPrivate()).isFalse();
        });
        assertThat(op.jwksFetchCount()).isEqualTo(before + 1);
    }

    @Test
    @DisplayName("Given settings that could only fail later, registration refuses them at once")
    void registrationRules() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> op.registerClient(ClientSettings.builder()
                        .idTokenAlg(JWSAlgorithm.HS512)
                        .clientSecret("short")
                        .build()))
                .withMessageContaining("at least 64 bytes");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> op.registerClient(ClientSettings.builder()
                        .encryptIdToken(
                                com.nimbusds.jose.JWEAlgorithm.RSA_OAEP_256, com.nimbusds.jose.EncryptionMethod.A128GCM)
                        .build()))
                .withMessageContaining("RSA key or its jwks_uri");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> op.registerClient(
                        ClientSettings.builder().idTokenAlg(JWSAlgorithm.EdDSA).build()));
        RegisteredClient fixed =
                op.registerClient(ClientSettings.builder().clientId("fixed-id").build());
        assertThat(fixed.clientId()).isEqualTo("fixed-id");
        assertThat(fixed.toString()).doesNotContain(fixed.clientSecret());
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> op.registerClient(
                        ClientSettings.builder().clientId("fixed-id").build()));
    }
}
