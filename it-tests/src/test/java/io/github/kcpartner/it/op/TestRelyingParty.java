package io.github.kcpartner.it.op;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The relying party side of the peer's own test, without Keycloak: redirect_uri and jwks_uri
 * (a {@link CallbackServer}), an RSA and a P-256 key pair, and the requests an RP sends.
 */
final class TestRelyingParty implements AutoCloseable {

    private static final String SCOPE = "openid profile email address groups org";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final OidcProviderPeer op;
    private final CallbackServer callbacks;
    private final KeyPair rsa;
    private final KeyPair ec;
    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    TestRelyingParty(OidcProviderPeer op) throws IOException, GeneralSecurityException {
        this.op = op;
        KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
        rsaGenerator.initialize(2048);
        rsa = rsaGenerator.generateKeyPair();
        KeyPairGenerator ecGenerator = KeyPairGenerator.getInstance("EC");
        ecGenerator.initialize(new ECGenParameterSpec("secp256r1"));
        ec = ecGenerator.generateKeyPair();
        callbacks = new CallbackServer();
    }

    KeyPair rsaKey() {
        return rsa;
    }

    KeyPair ecKey() {
        return ec;
    }

    URI redirectUri() {
        return callbacks.redirectUri();
    }

    URI jwksUri() {
        return callbacks.jwksUri();
    }

    void publishJwks(Map<String, Object> jwks) throws IOException {
        callbacks.publishJwks(mapper.writeValueAsString(jwks));
    }

    CallbackServer.Callback awaitCallback() throws InterruptedException {
        return callbacks.awaitCallback();
    }

    /** Registration metadata for one response type at this RP's redirect_uri, client_secret_basic. */
    Map<String, Object> metadata(String responseType) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("redirect_uris", List.of(redirectUri().toString()));
        metadata.put("response_types", List.of(responseType));
        List<String> grants = new ArrayList<>();
        if (responseType.contains("code")) {
            grants.add("authorization_code");
        }
        if (!responseType.equals("code")) {
            grants.add("implicit");
        }
        metadata.put("grant_types", grants);
        metadata.put("token_endpoint_auth_method", "client_secret_basic");
        return metadata;
    }

    /** Code flow as alice with a new browser; client_secret_basic or _post; PKCE S256 or none. */
    JsonNode codeFlow(RegisteredClient client, boolean basic, Map<String, String> extra, boolean pkce)
            throws Exception {
        return codeFlow(client, basic, extra, pkce, "alice", "alice-password");
    }

    JsonNode codeFlow(
            RegisteredClient client,
            boolean basic,
            Map<String, String> extra,
            boolean pkce,
            String login,
            String password)
            throws Exception {
        return codeFlow(client, basic, extra, pkce, login, password, new HeadlessBrowser());
    }

    /** With a browser that has an OP session already, the OP does not ask to log in again. */
    JsonNode codeFlow(
            RegisteredClient client,
            boolean basic,
            Map<String, String> extra,
            boolean pkce,
            String login,
            String password,
            HeadlessBrowser browser)
            throws Exception {
        String state = random();
        String verifier = pkce ? random() + random() : null;
        Map<String, String> params = new LinkedHashMap<>(extra);
        if (pkce) {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            params.put("code_challenge", Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
            params.put("code_challenge_method", "S256");
        }
        URI authorize = authorizationUri(client, "code", state, params);
        browser.authorize(authorize, redirectUri().toString(), login, password);
        CallbackServer.Callback callback = callbacks.awaitCallback();
        assertThat(callback.params())
                .containsEntry("state", state)
                .containsEntry("iss", op.issuer())
                .containsKey("code");
        return exchange(client, callback.params().get("code"), verifier, basic);
    }

    URI authorizationUri(RegisteredClient client, String responseType, String state, Map<String, String> extra) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("client_id", client.clientId());
        params.put("response_type", responseType);
        params.put("scope", SCOPE);
        params.put("redirect_uri", redirectUri().toString());
        params.put("state", state);
        params.put("nonce", random());
        params.putAll(extra);
        return URI.create(op.endpoint("authorization_endpoint") + "?" + Forms.encode(params));
    }

    JsonNode exchange(RegisteredClient client, String code, String verifier, boolean basic) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri().toString());
        if (verifier != null) {
            form.put("code_verifier", verifier);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(op.endpoint("token_endpoint"))
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (basic) {
            String credentials = Forms.encode(client.clientId()) + ":" + Forms.encode(client.clientSecret());
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        } else {
            form.put("client_id", client.clientId());
            form.put("client_secret", client.clientSecret());
        }
        HttpResponse<String> response = http.send(
                request.POST(HttpRequest.BodyPublishers.ofString(Forms.encode(form)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode tokens = mapper.readTree(response.body());
        assertThat(tokens.hasNonNull("id_token")).isTrue();
        assertThat(tokens.hasNonNull("access_token")).isTrue();
        return tokens;
    }

    String signRs256(Map<String, Object> header, Map<String, Object> claims, KeyPair key) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(mapper.writeValueAsBytes(header)) + "."
                + b64.encodeToString(mapper.writeValueAsBytes(claims));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key.getPrivate());
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64.encodeToString(signature.sign());
    }

    static String random() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void close() {
        callbacks.close();
    }
}
