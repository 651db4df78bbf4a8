package io.github.kcpartner.broker.partner;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.kcpartner.script.RuleEngine;
import io.github.kcpartner.script.RuleLimits;
import io.github.kcpartner.script.RuleRepository;
import io.github.kcpartner.script.RulesProvider;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakUriInfo;
import org.keycloak.models.RealmModel;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.vault.VaultStringSecret;
import org.keycloak.vault.VaultTranscriber;

/**
 * A partner for the broker's unit tests: local token, userinfo and metadata endpoints that record
 * what they were sent, an RSA key that signs its ID tokens, and the Keycloak session, realm and
 * authentication session (notes kept in maps) around one login.
 */
final class TestPartner implements AutoCloseable {

    static final String ALIAS = "partner";
    static final String ISSUER = "https://op.example";
    static final String CLIENT_ID = "rp";
    static final String SECRET = "a-client-secret-of-more-than-32-bytes-0123456789";
    static final String REDIRECT_URI = "https://kc.example/realms/corp/broker/partner/endpoint";
    /** The client note where Keycloak's OIDC broker keeps the PKCE verifier it sent. */
    static final String PKCE_VERIFIER_NOTE = "BROKER_CODE_CHALLENGE";

    private static final RSAKey KEY = generate();

    static {
        TestJaxRs.install(); // Keycloak's OIDC broker class parses a media type when it loads
    }

    final KeycloakSession session = mock(KeycloakSession.class);
    final KeycloakContext context = mock(KeycloakContext.class);
    final RealmModel realm = mock(RealmModel.class);
    final AuthenticationSessionModel authSession = mock(AuthenticationSessionModel.class);
    final Map<String, String> authNotes = new HashMap<>();
    final Map<String, String> clientNotes = new HashMap<>();
    /** The form parameters of every token request, in order. */
    final List<Map<String, String>> tokenRequests = new CopyOnWriteArrayList<>();
    /** The {@code Authorization} header of every userinfo request, in order. */
    final List<String> userInfoRequests = new CopyOnWriteArrayList<>();

    volatile int tokenStatus = 200;
    volatile String tokenBody = "{}";
    volatile String userInfoBody = "{}";
    /** The metadata document; {@code null}: 404. */
    volatile String metadata;
    /** The form parameters of every pushed authorization request, in order. */
    final List<Map<String, String>> parRequests = new CopyOnWriteArrayList<>();
    /** The {@code Authorization} header of every pushed authorization request (null: none), in order. */
    final List<String> parAuthorizations = new CopyOnWriteArrayList<>();

    volatile int parStatus = 201;
    volatile String parBody = "{\"request_uri\":\"urn:ietf:params:oauth:request_uri:r-1\",\"expires_in\":60}";

    private final HttpServer server;
    private final CloseableHttpClient http = HttpClients.createDefault();

    TestPartner(Path rules) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", exchange -> {
            tokenRequests.add(form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            answer(exchange, tokenStatus, "application/json", tokenBody);
        });
        server.createContext("/userinfo", exchange -> {
            userInfoRequests.add(exchange.getRequestHeaders().getFirst("Authorization"));
            answer(exchange, 200, "application/json", userInfoBody);
        });
        server.createContext("/par", exchange -> {
            parRequests.add(form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            parAuthorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            answer(exchange, parStatus, "application/json", parBody);
        });
        server.createContext("/metadata", exchange -> {
            String doc = metadata;
            answer(exchange, doc == null ? 404 : 200, "application/json", doc == null ? "" : doc);
        });
        server.start();

        HttpClientProvider httpClients = mock(HttpClientProvider.class);
        when(httpClients.getHttpClient()).thenReturn(http);
        when(session.getProvider(HttpClientProvider.class)).thenReturn(httpClients);
        RuleEngine engine = new RuleEngine(new RuleRepository(rules, null), RuleLimits.defaults());
        RulesProvider rulesProvider = mock(RulesProvider.class);
        when(rulesProvider.engine()).thenReturn(engine);
        when(session.getProvider(RulesProvider.class)).thenReturn(rulesProvider);
        when(session.getContext()).thenReturn(context);
        VaultTranscriber vault = vault();
        when(session.vault()).thenReturn(vault);
        when(context.getRealm()).thenReturn(realm);
        KeycloakUriInfo uri = mock(KeycloakUriInfo.class);
        when(uri.getBaseUri()).thenReturn(URI.create("https://kc.example/"));
        when(context.getUri()).thenReturn(uri);
        when(realm.getName()).thenReturn("corp");

        when(authSession.getAuthNote(anyString())).thenAnswer(a -> authNotes.get(a.getArgument(0, String.class)));
        doAnswer(a -> authNotes.put(a.getArgument(0), a.getArgument(1)))
                .when(authSession)
                .setAuthNote(anyString(), anyString());
        doAnswer(a -> authNotes.remove(a.getArgument(0, String.class)))
                .when(authSession)
                .removeAuthNote(anyString());
        when(authSession.getClientNote(anyString())).thenAnswer(a -> clientNotes.get(a.getArgument(0, String.class)));
        doAnswer(a -> clientNotes.put(a.getArgument(0), a.getArgument(1)))
                .when(authSession)
                .setClientNote(anyString(), anyString());
    }

    @Override
    public void close() throws IOException {
        http.close();
        server.stop(0);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** A confidential client (client_secret_post) with explicit endpoints that verifies ID tokens with the partner's public key. */
    Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("clientId", CLIENT_ID);
        settings.put("clientSecret", SECRET);
        settings.put("clientAuthMethod", "client_secret_post");
        settings.put("issuer", ISSUER);
        settings.put("authorizationUrl", "https://op.example/authorize");
        settings.put("tokenUrl", url("/token"));
        settings.put("useJwksUrl", "false");
        settings.put(PartnerOidcConfig.PUBLIC_KEY, publicKeyPem());
        settings.put(PartnerOidcConfig.SIGNATURE_ALGORITHM, "RS256");
        return settings;
    }

    PartnerOidcIdentityProvider provider(Map<String, String> settings) {
        return provider(settings, KeycloakCompatibility.of(List.of()));
    }

    PartnerOidcIdentityProvider provider(Map<String, String> settings, KeycloakCompatibility compatibility) {
        IdentityProviderModel model = new IdentityProviderModel();
        model.setAlias(ALIAS);
        model.setEnabled(true);
        model.setProviderId(PartnerOidcIdentityProviderFactory.PROVIDER_ID);
        model.getConfig().putAll(settings);
        return new PartnerOidcIdentityProvider(
                session, new PartnerOidcConfig(model), new PartnerRuntime(Clock.systemUTC()), compatibility);
    }

    /** What the provider does when it sends the user to the partner: a nonce bound to its alias. */
    String startLogin() {
        return PartnerNonce.issue(authSession, ALIAS);
    }

    /** An ID token that passes every check for {@code nonce}, changed by {@code change}. */
    static String idToken(String nonce, Consumer<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("user-42")
                .audience(CLIENT_ID)
                .expirationTime(Date.from(now.plusSeconds(300)))
                .issueTime(Date.from(now.minusSeconds(5)))
                .claim("nonce", nonce)
                .claim("email", "ann@partner.example");
        change.accept(claims);
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(KEY.getKeyID())
                            .build(),
                    claims.build());
            jwt.sign(new RSASSASigner(KEY));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String idToken(String nonce) {
        return idToken(nonce, c -> {});
    }

    /** The partner's token endpoint answers with {@code idToken} and an access token. */
    void answerTokens(String idToken) {
        tokenStatus = 200;
        tokenBody = "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":300,\"id_token\":\"" + idToken
                + "\"}";
    }

    static MultivaluedMap<String, String> params(String... namesAndValues) {
        MultivaluedMap<String, String> params = new MultivaluedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            params.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return params;
    }

    /** {@code c_hash} / {@code at_hash} of {@code value} for RS256: the left half of its SHA-256, base64url. */
    static String halfHash(String value) {
        byte[] digest = sha256(value);
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(java.util.Arrays.copyOf(digest, digest.length / 2));
    }

    /** The PKCE S256 challenge of {@code verifier}. */
    static String s256(String verifier) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String publicKeyPem() {
        try {
            return "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder()
                            .encodeToString(KEY.toRSAPublicKey().getEncoded())
                    + "\n-----END PUBLIC KEY-----";
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyID("partner-key-1").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static VaultTranscriber vault() {
        VaultTranscriber vault = mock(VaultTranscriber.class);
        when(vault.getStringSecret(anyString()))
                .thenAnswer(a -> secret(Optional.ofNullable(a.getArgument(0, String.class))));
        return vault;
    }

    private static VaultStringSecret secret(Optional<String> value) {
        return new VaultStringSecret() {
            @Override
            public Optional<String> get() {
                return value;
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                form.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }
}
