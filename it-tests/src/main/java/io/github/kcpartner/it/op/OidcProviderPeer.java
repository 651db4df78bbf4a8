package io.github.kcpartner.it.op;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kcpartner.it.support.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The external OpenID Provider of the integration tests: {@code oidc-provider} (npm) run by
 * {@code node op.mjs} as a child process on loopback. Start it once per test class (or run),
 * register one client per scenario with {@link #registerClient(Map)}, assert on what the OP saw
 * with {@link #authorizationRequests()} and {@link #lastTokenRequest()}.
 */
public final class OidcProviderPeer implements AutoCloseable {

    private static final long POLL_INTERVAL_MILLIS = 100;

    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonHttp http = new JsonHttp(mapper);
    private final NodeProcess process;
    private final String issuer;
    private final int port;
    private JsonNode discovery;

    private OidcProviderPeer(NodeProcess process, String issuer, int port) {
        this.process = process;
        this.issuer = issuer;
        this.port = port;
    }

    /** Starts the OP with settings from system properties ({@code op.dir}, {@code it.log.dir}, {@code node.bin}). */
    public static OidcProviderPeer start() {
        return start(OpPeerSettings.fromSystemProperties());
    }

    /** Starts the OP and returns once its discovery document is served. */
    public static OidcProviderPeer start(OpPeerSettings settings) {
        Path opDir = settings.opDir();
        if (!Files.isRegularFile(opDir.resolve("op.mjs"))) {
            throw new IllegalStateException("No op.mjs in " + opDir + " (set system property op.dir)");
        }
        if (!Files.isDirectory(opDir.resolve("node_modules").resolve("oidc-provider"))) {
            throw new IllegalStateException("The test OP's node_modules are missing: run `npm ci` in " + opDir);
        }
        try {
            int port = freePort(settings.host());
            String issuer = settings.issuerTemplate().replace("{port}", Integer.toString(port));
            List<String> command = new ArrayList<>(List.of(
                    settings.nodeBinary(),
                    "op.mjs",
                    "--port",
                    Integer.toString(port),
                    "--host",
                    settings.host(),
                    "--issuer",
                    issuer,
                    "--exit-on-stdin-eof"));
            if (settings.conformIdTokenClaims()) {
                command.add("--conform-id-token-claims");
            }
            if (settings.enableHttpPost()) {
                command.add("--enable-post");
            }
            if (settings.mutualTls() != null) {
                command.addAll(List.of(
                        "--mtls-port",
                        Integer.toString(freePort(settings.host())),
                        "--mtls-cert",
                        settings.mutualTls().serverChain().toString(),
                        "--mtls-key",
                        settings.mutualTls().serverKey().toString(),
                        "--mtls-client-ca",
                        settings.mutualTls().clientCa().toString()));
            }
            Path log = settings.logDir().resolve("oidc-op-" + port + ".log");
            OidcProviderPeer peer = new OidcProviderPeer(NodeProcess.start(command, opDir, log), issuer, port);
            try {
                peer.awaitDiscovery(settings.startTimeout());
            } catch (RuntimeException | Error e) {
                peer.stop();
                throw e;
            }
            return peer;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot start the test OP (is `" + settings.nodeBinary() + "` on the PATH?)", e);
        }
    }

    private void awaitDiscovery(java.time.Duration timeout) {
        URI uri = discoveryUri();
        String[] lastProblem = {"no answer yet"};
        try {
            Poll.until(
                    "the test OP at " + uri,
                    timeout,
                    java.time.Duration.ofMillis(POLL_INTERVAL_MILLIS),
                    process::isAlive,
                    () -> {
                        try {
                            JsonHttp.Response response = http.get(uri);
                            if (response.status() == 200 && response.json() != null) {
                                discovery = response.json();
                                return true;
                            }
                            lastProblem[0] = "HTTP " + response.status();
                        } catch (IOException e) {
                            lastProblem[0] = e.toString();
                        }
                        return false;
                    });
        } catch (IllegalStateException e) {
            throw new IllegalStateException(
                    e.getMessage() + " (" + lastProblem[0] + "); log " + process.logFile() + ":\n" + process.logTail(),
                    e);
        }
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        }
    }

    /** The issuer identifier, e.g. {@code http://127.0.0.1:40123}. */
    public String issuer() {
        return issuer;
    }

    public int port() {
        return port;
    }

    /** {@code <issuer>/.well-known/openid-configuration}. */
    public URI discoveryUri() {
        return URI.create(issuer + "/.well-known/openid-configuration");
    }

    /** The discovery document as served at start-up. */
    public JsonNode discovery() {
        return discovery;
    }

    /** An endpoint from discovery, e.g. {@code endpoint("token_endpoint")}. */
    public URI endpoint(String discoveryMember) {
        JsonNode value = discovery.get(discoveryMember);
        if (value == null) {
            throw new IllegalArgumentException("not in discovery: " + discoveryMember);
        }
        return URI.create(value.asText());
    }

    /**
     * Dynamic client registration (open, no initial access token). {@code metadata} is sent as is:
     * redirect_uris, response_types, grant_types, token_endpoint_auth_method,
     * id_token_signed_response_alg, id_token_encrypted_response_alg/enc,
     * userinfo_signed_response_alg, userinfo_encrypted_response_alg/enc, jwks or jwks_uri, ...
     *
     * @throws IllegalArgumentException with the OP's error when it refuses the metadata
     */
    public RegisteredClient registerClient(Map<String, Object> metadata) {
        try {
            JsonHttp.Response response = http.post(endpoint("registration_endpoint"), metadata);
            if (response.status() != 201 || response.json() == null) {
                throw new IllegalArgumentException(
                        "Registration refused: HTTP " + response.status() + " " + response.body());
            }
            JsonNode json = response.json();
            JsonNode secret = json.get("client_secret");
            return new RegisteredClient(json.get("client_id").asText(), secret == null ? null : secret.asText(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every authorization request the OP received since the last {@link #reset()}: method, params,
     * status; for a request by reference to a pushed one ({@code pushed: true}), params are the
     * pushed parameters plus what the browser carried, and {@code sent} the latter alone.
     */
    public List<JsonNode> authorizationRequests() {
        return list("/_test/requests");
    }

    /**
     * Pushed authorization requests (RFC 9126) since the last {@link #reset()}: clientId,
     * clientAuth, params (secrets redacted), status, requestUri (the answer's, or null).
     */
    public List<JsonNode> parRequests() {
        return list("/_test/par-requests");
    }

    /** Token requests: grantType, clientId, clientAuth (client_secret_basic|client_secret_post|client_assertion|none), params (secrets redacted). */
    public List<JsonNode> tokenRequests() {
        return list("/_test/token-requests");
    }

    /** The last token request, or null. */
    public JsonNode lastTokenRequest() {
        JsonNode last = testGet("/_test/last-token-request");
        return last == null || last.isNull() ? null : last;
    }

    /** Userinfo requests: method, tokenIn (Bearer|body|none), accept, status, responseContentType. */
    public List<JsonNode> userinfoRequests() {
        return list("/_test/userinfo-requests");
    }

    /** RP-initiated logout requests since the last {@link #reset()}: idTokenHint, clientId, postLogoutRedirectUri, status. */
    public List<JsonNode> endSessionRequests() {
        return list("/_test/end-session-requests");
    }

    /** Sessions the OP ended since the last {@link #reset()} (its end_session.success event): clientId. */
    public List<JsonNode> endSessions() {
        return list("/_test/end-sessions");
    }

    /** Back-channel logout tokens the OP delivered (ok) or failed to (error): clientId, accountId, sid, ok, error. */
    public List<JsonNode> backchannelLogouts() {
        return list("/_test/backchannel-logouts");
    }

    /** Forgets the recorded requests (registered clients and sessions stay). */
    public void reset() {
        try {
            http.post(URI.create(issuer + "/_test/reset"), null).requireOk("reset");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path logFile() {
        return process.logFile();
    }

    private List<JsonNode> list(String path) {
        List<JsonNode> result = new ArrayList<>();
        testGet(path).forEach(result::add);
        return result;
    }

    private JsonNode testGet(String path) {
        try {
            return http.get(URI.create(issuer + path)).requireOk(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the OP and its process tree. */
    public void stop() {
        process.stop();
    }

    @Override
    public void close() {
        stop();
    }
}
