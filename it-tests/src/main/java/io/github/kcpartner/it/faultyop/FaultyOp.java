package io.github.kcpartner.it.faultyop;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A fault-injecting OpenID Provider for the negative tests of a relying party: no login page
 * (the configured {@link User} is authenticated at once), every response type and mode, signed
 * and encrypted tokens, and {@link Fault} switches that each break exactly one thing. Pushed
 * authorization requests, signed request objects and private_key_jwt are each switched on apart
 * (default off).
 *
 * <pre>{@code
 * try (FaultyOp op = new FaultyOp().start()) {
 *     RegisteredClient client = op.registerClient(ClientSettings.builder().idTokenAlg(JWSAlgorithm.ES256).build());
 *     op.faults().enable(client.clientId(), Fault.WRONG_AUD);
 *     ...
 * }
 * }</pre>
 */
public final class FaultyOp implements AutoCloseable {

    static final String DISCOVERY_PATH = "/.well-known/openid-configuration";
    static final String AUTHORIZE_PATH = "/authorize";
    static final String TOKEN_PATH = "/token";
    static final String USERINFO_PATH = "/userinfo";
    static final String JWKS_PATH = "/jwks";
    static final String PAR_PATH = "/par";

    private final FaultSwitches faults = new FaultSwitches();
    private final Observations observations = new Observations();
    private HttpServer server;
    private ExecutorService executor;
    private OpContext op;

    /** Binds a free port on 127.0.0.1, generates the keys and serves. */
    public synchronized FaultyOp start() {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the faulty OP", e);
        }
        op = new OpContext("http://127.0.0.1:" + server.getAddress().getPort(), new OpKeys(), faults, observations);
        server.createContext(DISCOVERY_PATH, guarded(new DiscoveryEndpoint(op)));
        server.createContext(AUTHORIZE_PATH, guarded(new AuthorizeEndpoint(op)));
        server.createContext(TOKEN_PATH, guarded(new TokenEndpoint(op)));
        server.createContext(USERINFO_PATH, guarded(new UserinfoEndpoint(op)));
        server.createContext(JWKS_PATH, guarded(new JwksEndpoint(op)));
        server.createContext(PAR_PATH, guarded(new ParEndpoint(op)));
        executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "faulty-op");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
        return this;
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Registers a client; generated client_id / secret (512 bits) unless the settings fix them.
     *
     * @throws IllegalArgumentException for an unsupported alg or enc, an HS* alg with a too short
     *     secret, asymmetric encryption without the RP's key or jwks_uri, or a taken client_id
     */
    public RegisteredClient registerClient(ClientSettings settings) {
        OpContext context = context();
        String clientId =
                settings.clientId().orElseGet(() -> "client-" + Grants.random().substring(0, 12));
        String secret = settings.clientSecret().orElseGet(() -> Grants.random() + Grants.random());
        ClientRules.check(settings, secret);
        RegisteredClient client = new RegisteredClient(clientId, secret, settings);
        if (context.clients.putIfAbsent(clientId, client) != null) {
            throw new IllegalArgumentException("client_id already registered: " + clientId);
        }
        return client;
    }

    /** The fault switches, global or per client; settable at any time. */
    public FaultSwitches faults() {
        return faults;
    }

    /** Sends the RFC 9207 {@code iss} parameter and advertises it (default on). */
    public void issParameter(boolean enabled) {
        context().issParameter = enabled;
    }

    /**
     * Serves the pushed authorization request endpoint (RFC 9126) and advertises it as
     * {@code pushed_authorization_request_endpoint} (default off: no such endpoint).
     */
    public void pushedAuthorizationRequests(boolean enabled) {
        context().par = enabled;
    }

    /**
     * Accepts signed request objects ({@code request}, RFC 9101) verified with the client's
     * jwks_uri keys, and advertises {@code request_parameter_supported} (default off: ignored).
     */
    public void requestObjects(boolean enabled) {
        context().requestObjects = enabled;
    }

    /**
     * Accepts private_key_jwt client authentication at the token and PAR endpoints, verified with
     * the client's jwks_uri keys, and advertises it (default off).
     */
    public void privateKeyJwt(boolean enabled) {
        context().privateKeyJwt = enabled;
    }

    /** Overrides {@code id_token_signing_alg_values_supported}; null restores the full list. */
    public void advertiseIdTokenSigningAlgs(List<String> algs) {
        context().advertisedIdTokenAlgs = algs == null ? null : List.copyOf(algs);
    }

    /** The user the OP authenticates from now on. */
    public void user(User user) {
        context().user = Objects.requireNonNull(user);
    }

    public String issuer() {
        return context().issuer;
    }

    public URI discoveryUri() {
        return URI.create(issuer() + DISCOVERY_PATH);
    }

    public URI authorizationEndpoint() {
        return URI.create(issuer() + AUTHORIZE_PATH);
    }

    public URI tokenEndpoint() {
        return URI.create(issuer() + TOKEN_PATH);
    }

    public URI userinfoEndpoint() {
        return URI.create(issuer() + USERINFO_PATH);
    }

    public URI jwksUri() {
        return URI.create(issuer() + JWKS_PATH);
    }

    /** The pushed authorization request endpoint; it answers 404 unless {@link #pushedAuthorizationRequests} is on. */
    public URI parEndpoint() {
        return URI.create(issuer() + PAR_PATH);
    }

    /** The parameters of the last authorization request, if any came since the last reset. */
    public Optional<AuthorizationRequestSeen> lastAuthorizationRequest() {
        return Optional.ofNullable(observations.lastAuthorization());
    }

    /** Every token request since the last reset, oldest first. */
    public List<TokenRequestSeen> tokenRequests() {
        return observations.tokenRequests();
    }

    public Optional<TokenRequestSeen> lastTokenRequest() {
        List<TokenRequestSeen> all = observations.tokenRequests();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Every pushed authorization request since the last reset, oldest first. */
    public List<ParRequestSeen> parRequests() {
        return observations.parRequests();
    }

    /** How often the OP fetched a client's jwks_uri (it caches each, refetching for an unknown kid). */
    public int clientJwksFetchCount() {
        return observations.clientJwksFetches();
    }

    public int jwksFetchCount() {
        return observations.jwksFetches();
    }

    public int userinfoRequestCount() {
        return observations.userinfoRequests();
    }

    public int discoveryFetchCount() {
        return observations.discoveryFetches();
    }

    /** Forgets what was observed; clients, faults and keys stay. */
    public void resetObservations() {
        observations.reset();
    }

    private synchronized OpContext context() {
        if (op == null) {
            throw new IllegalStateException("start() the faulty OP first");
        }
        return op;
    }

    /** Turns an exception in a handler into a 500 with its message, instead of a dropped connection. */
    private static HttpHandler guarded(HttpHandler handler) {
        return exchange -> {
            try {
                handler.handle(exchange);
            } catch (RuntimeException e) {
                Http.send(exchange, 500, "text/plain", "faulty-op failed: " + e);
            } finally {
                exchange.close();
            }
        };
    }
}
