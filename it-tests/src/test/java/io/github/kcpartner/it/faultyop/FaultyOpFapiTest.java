package io.github.kcpartner.it.faultyop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Pushed authorization requests, signed request objects and private_key_jwt at the faulty OP. */
class FaultyOpFapiTest {

    private static FaultyOp op;
    private static TestRp rp;
    private static TestClientKeys keys;

    private RegisteredClient client;

    @BeforeAll
    static void start() {
        op = new FaultyOp().start();
        rp = new TestRp(op);
        keys = new TestClientKeys();
    }

    @AfterAll
    static void stop() {
        op.stop();
        keys.close();
    }

    @BeforeEach
    void switchOn() {
        op.pushedAuthorizationRequests(true);
        op.requestObjects(true);
        op.privateKeyJwt(true);
        op.resetObservations();
        client = op.registerClient(ClientSettings.builder()
                .redirectUri(TestRp.REDIRECT_URI)
                .rpJwksUri(keys.jwksUri())
                .build());
    }

    @Test
    @DisplayName(
            "Given the switches off, discovery names no PAR endpoint, request objects or private_key_jwt, and /par is 404")
    @SuppressWarnings("unchecked")
    void offByDefault() {
        try (FaultyOp fresh = new FaultyOp().start()) {
            Map<String, Object> metadata =
                    TestRp.json(rp.get(fresh.discoveryUri()).body());
            assertThat(metadata)
                    .doesNotContainKeys(
                            "pushed_authorization_request_endpoint", "request_object_signing_alg_values_supported")
                    .containsEntry("request_parameter_supported", false);
            assertThat((List<Object>) metadata.get("token_endpoint_auth_methods_supported"))
                    .containsExactly("client_secret_basic", "client_secret_post");
            RegisteredClient other = fresh.registerClient(ClientSettings.defaults());
            assertThat(rp.post(fresh.parEndpoint(), pushed(Map.of()), other).statusCode())
                    .isEqualTo(404);
        }
    }

    @Test
    @DisplayName("Given the switches on, discovery advertises the PAR endpoint, request objects and private_key_jwt")
    @SuppressWarnings("unchecked")
    void advertised() {
        Map<String, Object> metadata = TestRp.json(rp.get(op.discoveryUri()).body());
        assertThat(metadata)
                .containsEntry(
                        "pushed_authorization_request_endpoint",
                        op.parEndpoint().toString())
                .containsEntry("request_parameter_supported", true);
        assertThat((List<Object>) metadata.get("request_object_signing_alg_values_supported"))
                .contains("PS256", "ES256")
                .doesNotContain("none", "HS256");
        assertThat((List<Object>) metadata.get("token_endpoint_auth_methods_supported"))
                .contains("private_key_jwt", "client_secret_basic");
    }

    @Test
    @DisplayName("Given a pushed request with client_secret_basic, its request_uri stands for its parameters once")
    void parWithSecret() {
        HttpResponse<String> response = rp.post(op.parEndpoint(), pushed(Map.of("state", "pushed-state")), client);
        assertThat(response.statusCode()).isEqualTo(201);
        Map<String, Object> body = TestRp.json(response.body());
        String requestUri = (String) body.get("request_uri");
        assertThat(requestUri).startsWith("urn:ietf:params:oauth:request_uri:");
        assertThat(body.get("expires_in")).isEqualTo(60L);

        TestRp.Answer answer = rp.authorize(Map.of("client_id", client.clientId(), "request_uri", requestUri));
        assertThat(answer.get("state")).isEqualTo("pushed-state");
        assertThat(op.lastAuthorizationRequest().orElseThrow().nonce()).contains("n-par");
        assertThat(rp.tokens(client, answer.get("code"))).containsKeys("access_token", "id_token");
        assertThat(op.parRequests())
                .containsExactly(new ParRequestSeen(client.clientId(), ClientAuth.CLIENT_SECRET_BASIC, false, 201));

        HttpResponse<String> again =
                rp.authorizeResponse(Map.of("client_id", client.clientId(), "request_uri", requestUri));
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("unknown, spent or expired request_uri");
    }

    @Test
    @DisplayName("Given an unknown request_uri, or one pushed by another client, the authorization request is refused")
    void foreignOrUnknownRequestUri() {
        HttpResponse<String> unknown = rp.authorizeResponse(
                Map.of("client_id", client.clientId(), "request_uri", PushedRequests.PREFIX + UUID.randomUUID()));
        assertThat(unknown.statusCode()).isEqualTo(400);

        String requestUri = (String)
                TestRp.json(rp.post(op.parEndpoint(), pushed(Map.of()), client).body())
                        .get("request_uri");
        RegisteredClient other = op.registerClient(ClientSettings.defaults());
        HttpResponse<String> foreign =
                rp.authorizeResponse(Map.of("client_id", other.clientId(), "request_uri", requestUri));
        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(foreign.body()).contains("another client");
        assertThat(rp.authorizeResponse(Map.of("client_id", client.clientId(), "request_uri", requestUri))
                        .statusCode())
                .as("spent by the foreign attempt")
                .isEqualTo(400);
    }

    @Test
    @DisplayName(
            "Given PAR with private_key_jwt and a request object, then the token request with private_key_jwt, the login completes")
    void fapiLogin() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", client.clientId());
        form.put("response_type", "code");
        form.put("scope", "openid");
        form.put("request", keys.requestObject(client.clientId(), op.issuer(), authorizationClaims("ro-state")));
        form.putAll(privateKeyJwt(op.issuer()));
        HttpResponse<String> pushed = rp.post(op.parEndpoint(), form, null);
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        String requestUri = (String) TestRp.json(pushed.body()).get("request_uri");

        TestRp.Answer answer = rp.authorize(Map.of("client_id", client.clientId(), "request_uri", requestUri));
        assertThat(answer.get("state")).isEqualTo("ro-state");
        AuthorizationRequestSeen seen = op.lastAuthorizationRequest().orElseThrow();
        assertThat(seen.maxAge()).contains("300");
        assertThat(seen.claims()).contains("{\"id_token\":{\"email\":null}}");

        HttpResponse<String> token = rp.post(op.tokenEndpoint(), tokenForm(answer.get("code")), null);
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        assertThat(op.parRequests())
                .containsExactly(new ParRequestSeen(client.clientId(), ClientAuth.PRIVATE_KEY_JWT, true, 201));
        assertThat(op.lastTokenRequest().orElseThrow().auth()).isEqualTo(ClientAuth.PRIVATE_KEY_JWT);
        assertThat(op.clientJwksFetchCount()).as("the key set is cached").isLessThanOrEqualTo(1);
    }

    @Test
    @DisplayName("Given a request object sent as request= at /authorize, its claims are the parameters")
    void requestObjectAtAuthorize() {
        String jwt = keys.requestObject(client.clientId(), op.issuer(), authorizationClaims("front-state"));
        TestRp.Answer answer = rp.authorize(Map.of("client_id", client.clientId(), "request", jwt));
        assertThat(answer.get("state")).isEqualTo("front-state");
        assertThat(answer.params()).containsKey("code");
    }

    static Stream<Arguments> badRequestObjects() {
        return Stream.of(
                Arguments.of("bad signature", (UnaryOperator<String>) TestClientKeys::forged),
                Arguments.of("not signed", (UnaryOperator<String>) jwt -> jwt.substring(0, jwt.lastIndexOf('.') + 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequestObjects")
    @DisplayName("Given a request object with a bad signature or none, /authorize and /par refuse it")
    void badRequestObject(String what, UnaryOperator<String> spoil) {
        String jwt = spoil.apply(keys.requestObject(client.clientId(), op.issuer(), authorizationClaims("s")));
        HttpResponse<String> front = rp.authorizeResponse(Map.of("client_id", client.clientId(), "request", jwt));
        assertThat(front.statusCode()).isEqualTo(400);
        assertThat(front.headers().firstValue("Location")).isEmpty();

        HttpResponse<String> par =
                rp.post(op.parEndpoint(), Map.of("client_id", client.clientId(), "request", jwt), client);
        assertThat(par.statusCode()).isEqualTo(400);
        assertThat(TestRp.json(par.body())).containsEntry("error", "invalid_request_object");
    }

    @Test
    @DisplayName("Given a request object whose client_id is another client's, it is refused")
    void requestObjectOfAnotherClient() {
        Map<String, Object> claims = new LinkedHashMap<>(authorizationClaims("s"));
        claims.put("client_id", "someone-else");
        String jwt = keys.requestObject(client.clientId(), op.issuer(), claims);
        HttpResponse<String> front = rp.authorizeResponse(Map.of("client_id", client.clientId(), "request", jwt));
        assertThat(front.statusCode()).isEqualTo(400);
        assertThat(front.body()).contains("client_id");
    }

    static Stream<Arguments> badAssertions() {
        return Stream.of(
                Arguments.of("bad signature", (AssertionMaker) (c, iss) -> Map.of(
                        "client_assertion_type",
                        ClientAuthenticator.ASSERTION_TYPE,
                        "client_assertion",
                        TestClientKeys.forged(keys.assertion(c, iss)))),
                Arguments.of("wrong aud", (AssertionMaker) (c, iss) -> Map.of(
                        "client_assertion_type",
                        ClientAuthenticator.ASSERTION_TYPE,
                        "client_assertion",
                        keys.assertion(c, "https://elsewhere.example"))),
                Arguments.of("expired", (AssertionMaker) (c, iss) -> Map.of(
                        "client_assertion_type",
                        ClientAuthenticator.ASSERTION_TYPE,
                        "client_assertion",
                        keys.assertion(c, iss, -5, UUID.randomUUID().toString()))),
                Arguments.of("wrong assertion type", (AssertionMaker) (c, iss) -> Map.of(
                        "client_assertion_type", "urn:example:other", "client_assertion", keys.assertion(c, iss))),
                Arguments.of("another client's client_id", (AssertionMaker) (c, iss) -> Map.of(
                        "client_id",
                        "someone-else",
                        "client_assertion_type",
                        ClientAuthenticator.ASSERTION_TYPE,
                        "client_assertion",
                        keys.assertion(c, iss))));
    }

    /** Makes the client-authentication parameters for client id and audience. */
    interface AssertionMaker {
        Map<String, String> make(String clientId, String audience);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badAssertions")
    @DisplayName("Given a bad client assertion, the PAR and token endpoints answer invalid_client")
    void badAssertion(String what, AssertionMaker maker) {
        Map<String, String> form = pushed(Map.of());
        form.putAll(maker.make(client.clientId(), op.issuer()));
        HttpResponse<String> par = rp.post(op.parEndpoint(), form, null);
        assertThat(par.statusCode()).as(par.body()).isEqualTo(401);
        assertThat(TestRp.json(par.body())).containsEntry("error", "invalid_client");

        String code = rp.authorize(client, "code").get("code");
        Map<String, String> token = new LinkedHashMap<>(
                Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", TestRp.REDIRECT_URI));
        token.putAll(maker.make(client.clientId(), op.tokenEndpoint().toString()));
        assertThat(rp.post(op.tokenEndpoint(), token, null).statusCode()).isEqualTo(401);
        assertThat(op.lastTokenRequest().orElseThrow().auth()).isEqualTo(ClientAuth.PRIVATE_KEY_JWT);
    }

    @Test
    @DisplayName("Given a client assertion used twice, the second use (same jti) is refused")
    void replayedJti() {
        Map<String, String> auth = privateKeyJwt(op.tokenEndpoint().toString());
        Map<String, String> first = pushed(Map.of());
        first.putAll(auth);
        assertThat(rp.post(op.parEndpoint(), first, null).statusCode()).isEqualTo(201);

        String code = rp.authorize(client, "code").get("code");
        Map<String, String> token = new LinkedHashMap<>(
                Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", TestRp.REDIRECT_URI));
        token.putAll(auth);
        HttpResponse<String> replay = rp.post(op.tokenEndpoint(), token, null);
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(TestRp.json(replay.body()).get("error_description"))
                .asString()
                .contains("jti replayed");
        token.putAll(privateKeyJwt(op.tokenEndpoint().toString()));
        assertThat(rp.post(op.tokenEndpoint(), token, null).statusCode())
                .as("a fresh assertion for the same, unspent code")
                .isEqualTo(200);
    }

    @Test
    @DisplayName("Given private_key_jwt switched off, a client assertion authenticates nobody")
    void privateKeyJwtOff() {
        op.privateKeyJwt(false);
        Map<String, String> form = pushed(Map.of());
        form.putAll(privateKeyJwt(op.issuer()));
        assertThat(rp.post(op.parEndpoint(), form, null).statusCode()).isEqualTo(401);
        assertThat(op.parRequests().get(0).auth()).isEqualTo(ClientAuth.NONE);
    }

    @Test
    @DisplayName("Given the client rotated its key, an assertion with the new kid fetches the key set again and passes")
    void keyRotation() {
        Map<String, String> form = pushed(Map.of());
        form.putAll(privateKeyJwt(op.issuer()));
        assertThat(rp.post(op.parEndpoint(), form, null).statusCode()).isEqualTo(201);
        int before = keys.fetches();
        form.putAll(privateKeyJwt(op.issuer()));
        assertThat(rp.post(op.parEndpoint(), form, null).statusCode()).isEqualTo(201);
        assertThat(keys.fetches()).as("cached").isEqualTo(before);

        keys.rotate("k-" + UUID.randomUUID());
        form.putAll(privateKeyJwt(op.issuer()));
        assertThat(rp.post(op.parEndpoint(), form, null).statusCode()).isEqualTo(201);
        assertThat(keys.fetches()).isEqualTo(before + 1);
    }

    /** A pushed request's authorization parameters (as a client_secret_basic client sends them). */
    private Map<String, String> pushed(Map<String, String> extra) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", client == null ? "none" : client.clientId());
        form.put("redirect_uri", TestRp.REDIRECT_URI);
        form.put("response_type", "code");
        form.put("scope", "openid");
        form.put("nonce", "n-par");
        form.putAll(extra);
        return form;
    }

    private static Map<String, Object> authorizationClaims(String state) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("redirect_uri", TestRp.REDIRECT_URI);
        claims.put("response_type", "code");
        claims.put("scope", "openid");
        claims.put("state", state);
        claims.put("nonce", "n-ro");
        claims.put("max_age", 300L);
        claims.put(
                "claims", Map.of("id_token", new LinkedHashMap<>(java.util.Collections.singletonMap("email", null))));
        return claims;
    }

    private Map<String, String> privateKeyJwt(String audience) {
        return Map.of(
                "client_assertion_type",
                ClientAuthenticator.ASSERTION_TYPE,
                "client_assertion",
                keys.assertion(client.clientId(), audience));
    }

    private Map<String, String> tokenForm(String code) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", TestRp.REDIRECT_URI);
        form.putAll(privateKeyJwt(op.tokenEndpoint().toString()));
        return form;
    }
}
