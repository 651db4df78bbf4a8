package io.github.kcpartner.it.op;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The test OP on its own, without Keycloak: discovery, registration and real flows over HTTP. */
class OidcProviderPeerIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final HeadlessBrowser SHARED_BROWSER = new HeadlessBrowser();

    private static OidcProviderPeer op;
    private static TestRelyingParty rp;
    private static KeyPair rpRsa;
    private static KeyPair rpEc;

    @BeforeAll
    static void startPeers() throws Exception {
        op = OidcProviderPeer.start();
        rp = new TestRelyingParty(op);
        rpRsa = rp.rsaKey();
        rpEc = rp.ecKey();
        rp.publishJwks(
                Map.of("keys", List.of(Jose.publicJwk((RSAPublicKey) rpRsa.getPublic(), "rp-rsa", "RSA-OAEP-256"))));
    }

    @AfterAll
    static void stopPeers() {
        if (op != null) {
            op.close();
        }
        if (rp != null) {
            rp.close();
        }
    }

    @BeforeEach
    void forgetRequests() {
        op.reset();
    }

    @Test
    @DisplayName(
            "Discovery lists every signing, key management and content encryption algorithm, response type and mode")
    void discovery() {
        JsonNode d = op.discovery();
        assertThat(d.get("issuer").asText()).isEqualTo(op.issuer());
        assertThat(texts(d, "id_token_signing_alg_values_supported"))
                .contains(
                        "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
                        "ES384", "ES512")
                .doesNotContain("none");
        assertThat(texts(d, "userinfo_signing_alg_values_supported")).contains("HS256", "RS256", "PS512", "ES512");
        List<String> keyManagement = List.of(
                "dir",
                "A128KW",
                "A192KW",
                "A256KW",
                "A128GCMKW",
                "A192GCMKW",
                "A256GCMKW",
                "ECDH-ES",
                "ECDH-ES+A128KW",
                "ECDH-ES+A192KW",
                "ECDH-ES+A256KW",
                "RSA-OAEP",
                "RSA-OAEP-256");
        List<String> contentEncryption =
                List.of("A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512", "A128GCM", "A192GCM", "A256GCM");
        for (String kind : List.of("id_token", "userinfo")) {
            assertThat(texts(d, kind + "_encryption_alg_values_supported"))
                    .containsAll(keyManagement)
                    .doesNotContain("RSA1_5");
            assertThat(texts(d, kind + "_encryption_enc_values_supported")).containsAll(contentEncryption);
        }
        assertThat(texts(d, "response_types_supported"))
                .contains("code", "id_token", "id_token token", "code id_token", "code token", "code id_token token");
        assertThat(texts(d, "response_modes_supported")).contains("query", "fragment", "form_post");
        assertThat(texts(d, "token_endpoint_auth_methods_supported"))
                .contains("client_secret_basic", "client_secret_post", "private_key_jwt");
        assertThat(texts(d, "code_challenge_methods_supported")).containsExactly("S256");
        assertThat(d.get("claims_parameter_supported").asBoolean()).isTrue();
        assertThat(d.get("authorization_response_iss_parameter_supported").asBoolean())
                .isTrue();
        assertThat(d.has("registration_endpoint")).isTrue();
    }

    @Test
    @DisplayName("The OP's JWKS has a key with a kid for RSA, P-256, P-384 and P-521")
    void signingKeys() throws Exception {
        JsonNode jwks = MAPPER.readTree(get(op.endpoint("jwks_uri")).body());
        List<String> families = new ArrayList<>();
        jwks.get("keys").forEach(k -> {
            assertThat(k.hasNonNull("kid")).isTrue();
            assertThat(k.has("d")).isFalse();
            families.add(k.has("crv") ? k.get("crv").asText() : k.get("kty").asText());
        });
        assertThat(families).contains("RSA", "P-256", "P-384", "P-521");
    }

    @ParameterizedTest
    @ValueSource(strings = {"code", "id_token", "id_token token", "code id_token", "code token", "code id_token token"})
    @DisplayName("A client can be registered for each response type, with http loopback redirect URIs")
    void registersEveryResponseType(String responseType) {
        RegisteredClient client = op.registerClient(rp.metadata(responseType));
        assertThat(client.clientId()).isNotBlank();
        assertThat(client.clientSecret()).isNotBlank();
        assertThat(texts(client.registration(), "response_types")).containsExactly(responseType);
    }

    @Test
    @DisplayName("oidc-provider refuses RSA1_5 and unsigned (none) ID tokens at registration")
    void refusesRsa15AndNone() {
        Map<String, Object> rsa15 = rp.metadata("code");
        rsa15.put("id_token_encrypted_response_alg", "RSA1_5");
        rsa15.put("jwks_uri", rp.jwksUri().toString());
        assertThatThrownBy(() -> op.registerClient(rsa15))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid_client_metadata");
        Map<String, Object> none = rp.metadata("code");
        none.put("id_token_signed_response_alg", "none");
        assertThatThrownBy(() -> op.registerClient(none))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid_client_metadata");
    }

    @Test
    @DisplayName("Code flow, HS256 ID token, client_secret_basic, PKCE; the OP records max_age, acr_values and claims")
    void codeFlowHs256Basic() throws Exception {
        Map<String, Object> metadata = rp.metadata("code");
        metadata.put("id_token_signed_response_alg", "HS256");
        RegisteredClient client = op.registerClient(metadata);
        String claims = "{\"id_token\":{\"acr\":null,\"org\":null}}";
        JsonNode tokens = rp.codeFlow(
                client, true, Map.of("max_age", "300", "acr_values", "urn:partner:loa:2", "claims", claims), true);

        String idToken = tokens.get("id_token").asText();
        assertThat(Jose.header(idToken).get("alg").asText()).isEqualTo("HS256");
        assertThat(Jose.verifyHmac(idToken, client.clientSecret())).isTrue();
        JsonNode payload = Jose.payload(idToken);
        assertThat(payload.get("iss").asText()).isEqualTo(op.issuer());
        assertThat(payload.get("aud").asText()).isEqualTo(client.clientId());
        assertThat(payload.get("sub").asText()).isEqualTo("alice");
        assertThat(payload.get("acr").asText()).isEqualTo("urn:partner:loa:2");
        assertThat(payload.get("org").get("dept").asText()).isEqualTo("engineering");
        assertThat(texts(payload, "groups")).contains("partner-admins");

        JsonNode authorization = op.authorizationRequests().get(0);
        assertThat(authorization.get("params").get("max_age").asText()).isEqualTo("300");
        assertThat(authorization.get("params").get("acr_values").asText()).isEqualTo("urn:partner:loa:2");
        assertThat(authorization.get("params").get("claims").asText()).isEqualTo(claims);
        assertThat(authorization.get("params").get("code_challenge_method").asText())
                .isEqualTo("S256");
        JsonNode token = op.lastTokenRequest();
        assertThat(token.get("clientAuth").asText()).isEqualTo("client_secret_basic");
        assertThat(token.get("clientId").asText()).isEqualTo(client.clientId());
        assertThat(token.get("hasCodeVerifier").asBoolean()).isTrue();
        assertThat(token.toString()).doesNotContain(client.clientSecret());
    }

    @Test
    @DisplayName("Code flow, ES384 ID token, client_secret_post; bob's claims")
    void codeFlowEs384Post() throws Exception {
        Map<String, Object> metadata = rp.metadata("code");
        metadata.put("id_token_signed_response_alg", "ES384");
        metadata.put("token_endpoint_auth_method", "client_secret_post");
        RegisteredClient client = op.registerClient(metadata);
        JsonNode tokens = rp.codeFlow(client, false, Map.of(), false, "bob", "bob-password");

        JsonNode header = Jose.header(tokens.get("id_token").asText());
        assertThat(header.get("alg").asText()).isEqualTo("ES384");
        assertThat(header.get("kid").asText()).startsWith("ec-p384-");
        assertThat(Jose.payload(tokens.get("id_token").asText()).get("email").asText())
                .isEqualTo("bob@partner.example");
        assertThat(op.lastTokenRequest().get("clientAuth").asText()).isEqualTo("client_secret_post");
    }

    @Test
    @DisplayName("RSA-OAEP-256 + A256GCM ID token and PS256-signed, encrypted userinfo to keys at the RP's jwks_uri")
    void rsaOaep256ViaJwksUri() throws Exception {
        Map<String, Object> metadata = rp.metadata("code");
        metadata.put("jwks_uri", rp.jwksUri().toString());
        metadata.put("id_token_encrypted_response_alg", "RSA-OAEP-256");
        metadata.put("id_token_encrypted_response_enc", "A256GCM");
        metadata.put("userinfo_signed_response_alg", "PS256");
        metadata.put("userinfo_encrypted_response_alg", "RSA-OAEP-256");
        metadata.put("userinfo_encrypted_response_enc", "A256GCM");
        RegisteredClient client = op.registerClient(metadata);
        JsonNode tokens = rp.codeFlow(client, true, Map.of(), false);

        String idToken = tokens.get("id_token").asText();
        assertThat(Jose.isJwe(idToken)).isTrue();
        assertThat(Jose.header(idToken).get("alg").asText()).isEqualTo("RSA-OAEP-256");
        assertThat(Jose.header(idToken).get("kid").asText()).isEqualTo("rp-rsa");
        String inner = Jose.decrypt(idToken, null, rpRsa.getPrivate(), null);
        assertThat(Jose.header(inner).get("alg").asText()).isEqualTo("RS256");

        HttpResponse<String> userinfo = HTTP.send(
                HttpRequest.newBuilder(op.endpoint("userinfo_endpoint"))
                        .header(
                                "Authorization",
                                "Bearer " + tokens.get("access_token").asText())
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(userinfo.statusCode()).isEqualTo(200);
        assertThat(userinfo.headers().firstValue("Content-Type").orElse("")).startsWith("application/jwt");
        String signedUserinfo = Jose.decrypt(userinfo.body(), null, rpRsa.getPrivate(), null);
        assertThat(Jose.header(signedUserinfo).get("alg").asText()).isEqualTo("PS256");
        assertThat(Jose.payload(signedUserinfo).get("address").get("locality").asText())
                .isEqualTo("Springfield");
        assertThat(op.userinfoRequests())
                .singleElement()
                .satisfies(r -> assertThat(r.get("tokenIn").asText()).isEqualTo("Bearer"));
    }

    @Test
    @DisplayName("A128KW + A128CBC-HS256 ID token, keyed with the client secret")
    void aesKeyWrap() throws Exception {
        JsonNode tokens = encryptedCodeFlow("A128KW", "A128CBC-HS256", "ES256");
        assertThat(tokens.get("inner_alg").asText()).isEqualTo("ES256");
    }

    @Test
    @DisplayName("dir + A256GCM ID token, keyed with the client secret")
    void direct() throws Exception {
        JsonNode tokens = encryptedCodeFlow("dir", "A256GCM", "HS512");
        assertThat(tokens.get("inner_alg").asText()).isEqualTo("HS512");
    }

    @Test
    @DisplayName("dir + A256CBC-HS512 ID token (64-byte key from SHA-512 of the secret)")
    void directCbc() throws Exception {
        JsonNode tokens = encryptedCodeFlow("dir", "A256CBC-HS512", "PS384");
        assertThat(tokens.get("inner_alg").asText()).isEqualTo("PS384");
    }

    @Test
    @DisplayName("ECDH-ES+A256KW ID token to an inline EC jwks")
    void ecdhInlineJwks() throws Exception {
        Map<String, Object> metadata = rp.metadata("code");
        metadata.put(
                "jwks",
                Map.of("keys", List.of(Jose.publicJwk((ECPublicKey) rpEc.getPublic(), "rp-ec", "ECDH-ES+A256KW"))));
        metadata.put("id_token_encrypted_response_alg", "ECDH-ES+A256KW");
        metadata.put("id_token_encrypted_response_enc", "A192GCM");
        RegisteredClient client = op.registerClient(metadata);
        String idToken =
                rp.codeFlow(client, true, Map.of(), false).get("id_token").asText();
        JsonNode header = Jose.header(idToken);
        assertThat(header.get("alg").asText()).isEqualTo("ECDH-ES+A256KW");
        assertThat(header.get("enc").asText()).isEqualTo("A192GCM");
        assertThat(header.get("epk").get("crv").asText()).isEqualTo("P-256");
    }

    static Stream<Arguments> encryptionMatrix() {
        List<String> algs = List.of(
                "dir",
                "A128KW",
                "A192KW",
                "A256KW",
                "A128GCMKW",
                "A192GCMKW",
                "A256GCMKW",
                "ECDH-ES",
                "ECDH-ES+A128KW",
                "ECDH-ES+A192KW",
                "ECDH-ES+A256KW",
                "RSA-OAEP",
                "RSA-OAEP-256",
                "RSA-OAEP-384",
                "RSA-OAEP-512");
        List<String> encs = List.of("A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512", "A128GCM", "A192GCM", "A256GCM");
        return algs.stream().flatMap(alg -> encs.stream().map(enc -> Arguments.of(alg, enc)));
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("encryptionMatrix")
    @DisplayName("Every key management x content encryption pair: ID token and userinfo decrypt to alice's claims")
    void encryptionMatrix(String alg, String enc) throws Exception {
        Map<String, Object> metadata = rp.metadata("code");
        metadata.put(
                "jwks",
                Map.of(
                        "keys",
                        List.of(
                                Jose.publicJwk((RSAPublicKey) rpRsa.getPublic(), "rp-rsa-any", null),
                                Jose.publicJwk((ECPublicKey) rpEc.getPublic(), "rp-ec-any", null))));
        metadata.put("id_token_encrypted_response_alg", alg);
        metadata.put("id_token_encrypted_response_enc", enc);
        metadata.put("userinfo_signed_response_alg", "HS256");
        metadata.put("userinfo_encrypted_response_alg", alg);
        metadata.put("userinfo_encrypted_response_enc", enc);
        RegisteredClient client = op.registerClient(metadata);
        JsonNode tokens = rp.codeFlow(client, true, Map.of(), false, "alice", "alice-password", SHARED_BROWSER);

        String idToken = tokens.get("id_token").asText();
        assertThat(Jose.header(idToken).get("alg").asText()).isEqualTo(alg);
        assertThat(Jose.header(idToken).get("enc").asText()).isEqualTo(enc);
        String inner =
                Jose.decrypt(idToken, client.clientSecret(), rpRsa.getPrivate(), (ECPrivateKey) rpEc.getPrivate());
        assertThat(Jose.header(inner).get("alg").asText()).isEqualTo("RS256");
        assertThat(Jose.payload(inner).get("sub").asText()).isEqualTo("alice");

        HttpResponse<String> userinfo = HTTP.send(
                HttpRequest.newBuilder(op.endpoint("userinfo_endpoint"))
                        .header(
                                "Authorization",
                                "Bearer " + tokens.get("access_token").asText())
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String signed = Jose.decrypt(
                userinfo.body(), client.clientSecret(), rpRsa.getPrivate(), (ECPrivateKey) rpEc.getPrivate());
        assertThat(Jose.verifyHmac(signed, client.clientSecret())).isTrue();
        assertThat(Jose.payload(signed).get("org").get("dept").asText()).isEqualTo("engineering");
    }

    @Test
    @DisplayName("Hybrid code id_token with form_post: the callback is a POST with code, id_token (c_hash) and state")
    void hybridFormPost() throws Exception {
        Map<String, Object> metadata = rp.metadata("code id_token");
        metadata.put("id_token_signed_response_alg", "RS512");
        RegisteredClient client = op.registerClient(metadata);
        String state = random();
        URI authorize = rp.authorizationUri(client, "code id_token", state, Map.of("response_mode", "form_post"));
        HeadlessBrowser.Arrival arrival =
                new HeadlessBrowser().authorize(authorize, rp.redirectUri().toString(), "alice", "alice-password");
        assertThat(arrival.location()).isNull();
        CallbackServer.Callback callback = rp.awaitCallback();
        assertThat(callback.method()).isEqualTo("POST");
        assertThat(callback.params()).containsEntry("state", state).containsKeys("code", "id_token");
        JsonNode front = Jose.payload(callback.params().get("id_token"));
        assertThat(front.has("c_hash")).isTrue();
        assertThat(Jose.header(callback.params().get("id_token")).get("alg").asText())
                .isEqualTo("RS512");
        JsonNode tokens = rp.exchange(client, callback.params().get("code"), null, true);
        assertThat(Jose.payload(tokens.get("id_token").asText()).get("sub").asText())
                .isEqualTo(front.get("sub").asText());
    }

    @Test
    @DisplayName("Implicit id_token token with fragment: access token and ID token (at_hash) in the fragment")
    void implicitFragment() throws Exception {
        Map<String, Object> metadata = rp.metadata("id_token token");
        metadata.put("id_token_signed_response_alg", "ES512");
        RegisteredClient client = op.registerClient(metadata);
        String state = random();
        URI authorize = rp.authorizationUri(client, "id_token token", state, Map.of());
        HeadlessBrowser.Arrival arrival =
                new HeadlessBrowser().authorize(authorize, rp.redirectUri().toString(), "alice", "alice-password");
        rp.awaitCallback();
        Map<String, String> fragment = arrival.fragmentParams();
        assertThat(fragment).containsEntry("state", state).containsKeys("access_token", "id_token");
        assertThat(Jose.header(fragment.get("id_token")).get("alg").asText()).isEqualTo("ES512");
        assertThat(Jose.payload(fragment.get("id_token")).has("at_hash")).isTrue();
    }

    @Test
    @DisplayName("prompt=consent and prompt=login are answered without a consent page; login_hint is recorded")
    void promptsAndHints() throws Exception {
        RegisteredClient client = op.registerClient(rp.metadata("code"));
        HeadlessBrowser browser = new HeadlessBrowser();
        rp.codeFlow(
                client,
                true,
                Map.of("prompt", "consent", "login_hint", "alice"),
                false,
                "alice",
                "alice-password",
                browser);
        JsonNode again = rp.codeFlow(client, false, Map.of("prompt", "login"), false, "bob", "bob-password", browser);
        assertThat(Jose.payload(again.get("id_token").asText()).get("sub").asText())
                .isEqualTo("bob");
        List<JsonNode> seen = op.authorizationRequests();
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0).get("params").get("login_hint").asText()).isEqualTo("alice");
        assertThat(seen.get(1).get("params").get("prompt").asText()).isEqualTo("login");
    }

    @Test
    @DisplayName("private_key_jwt: the OP takes an RS256 client assertion signed with a key from the client's jwks")
    void privateKeyJwt() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair signing = generator.generateKeyPair();
        Map<String, Object> jwk = Jose.publicJwk((RSAPublicKey) signing.getPublic(), "rp-sig", "RS256");
        jwk.put("use", "sig");
        Map<String, Object> metadata = rp.metadata("code");
        metadata.put("token_endpoint_auth_method", "private_key_jwt");
        metadata.put("token_endpoint_auth_signing_alg", "RS256");
        metadata.put("jwks", Map.of("keys", List.of(jwk)));
        RegisteredClient client = op.registerClient(metadata);
        assertThat(client.metadata("token_endpoint_auth_method")).isEqualTo("private_key_jwt");

        String state = random();
        new HeadlessBrowser()
                .authorize(
                        rp.authorizationUri(client, "code", state, Map.of()),
                        rp.redirectUri().toString(),
                        "alice",
                        "alice-password");
        String code = rp.awaitCallback().params().get("code");
        long now = System.currentTimeMillis() / 1000;
        String assertion = rp.signRs256(
                Map.of("alg", "RS256", "kid", "rp-sig"),
                Map.of(
                        "iss",
                        client.clientId(),
                        "sub",
                        client.clientId(),
                        "aud",
                        op.issuer(),
                        "jti",
                        random(),
                        "iat",
                        now,
                        "exp",
                        now + 60),
                signing);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", rp.redirectUri().toString());
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        form.put("client_assertion", assertion);
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(op.endpoint("token_endpoint"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(Forms.encode(form)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode token = op.lastTokenRequest();
        assertThat(token.get("clientAuth").asText()).isEqualTo("client_assertion");
        assertThat(token.get("authenticatedWith").asText()).isEqualTo("private_key_jwt");
        assertThat(token.get("params").get("client_assertion").asText()).isEqualTo("<present>");
    }

    @Test
    @DisplayName("With enableHttpPost a POSTed authorization request is taken and recorded with its form parameters")
    void postedAuthorizationRequest() throws Exception {
        assertThat(HTTP.send(
                                HttpRequest.newBuilder(op.endpoint("authorization_endpoint"))
                                        .header("Content-Type", "application/x-www-form-urlencoded")
                                        .POST(HttpRequest.BodyPublishers.ofString("client_id=x"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .as("POST is off by default")
                .isEqualTo(404);
        try (OidcProviderPeer postOp =
                OidcProviderPeer.start(OpPeerSettings.fromSystemProperties().withEnableHttpPost(true))) {
            postedAuthorizationRequest(postOp);
        }
    }

    private static void postedAuthorizationRequest(OidcProviderPeer op) throws Exception {
        RegisteredClient client = op.registerClient(rp.metadata("code"));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", client.clientId());
        form.put("response_type", "code");
        form.put("scope", "openid");
        form.put("redirect_uri", rp.redirectUri().toString());
        form.put("state", "posted");
        form.put("ui_locales", "de");
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(op.endpoint("authorization_endpoint"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(Forms.encode(form)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(303);
        JsonNode seen = op.authorizationRequests().get(0);
        assertThat(seen.get("method").asText()).isEqualTo("POST");
        assertThat(seen.get("params").get("ui_locales").asText()).isEqualTo("de");
        assertThat(seen.get("params").get("state").asText()).isEqualTo("posted");
    }

    @Test
    @DisplayName("Without node_modules the launcher says to run npm ci")
    void missingNodeModules(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("op.mjs"), "// empty");
        OpPeerSettings broken = OpPeerSettings.fromSystemProperties().withOpDir(dir);
        assertThatThrownBy(() -> OidcProviderPeer.start(broken))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("npm ci")
                .hasMessageContaining(dir.toString());
    }

    @Test
    @DisplayName("A wrong password shows the login page again with an error")
    void wrongPassword() {
        RegisteredClient client = op.registerClient(rp.metadata("code"));
        URI authorize = rp.authorizationUri(client, "code", random(), Map.of());
        assertThatThrownBy(() -> new HeadlessBrowser()
                        .authorize(authorize, rp.redirectUri().toString(), "alice", "wrong"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("login refused")
                .hasMessageContaining("Invalid login or password");
    }

    // ---------------------------------------------------------------------------------------------

    private JsonNode encryptedCodeFlow(String alg, String enc, String signingAlg) throws Exception {
        Map<String, Object> metadata = rp.metadata("code");
        metadata.put("id_token_signed_response_alg", signingAlg);
        metadata.put("id_token_encrypted_response_alg", alg);
        metadata.put("id_token_encrypted_response_enc", enc);
        RegisteredClient client = op.registerClient(metadata);
        JsonNode tokens = rp.codeFlow(client, true, Map.of(), false);
        String idToken = tokens.get("id_token").asText();
        assertThat(Jose.header(idToken).get("alg").asText()).isEqualTo(alg);
        assertThat(Jose.header(idToken).get("enc").asText()).isEqualTo(enc);
        String inner = Jose.decrypt(idToken, client.clientSecret());
        assertThat(Jose.payload(inner).get("aud").asText()).isEqualTo(client.clientId());
        return MAPPER.createObjectNode()
                .put("inner_alg", Jose.header(inner).get("alg").asText());
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> texts(JsonNode node, String member) {
        List<String> values = new ArrayList<>();
        node.get(member).forEach(v -> values.add(v.asText()));
        return values;
    }

    private static String random() {
        return TestRelyingParty.random();
    }
}
