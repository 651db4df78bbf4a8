package io.github.kcpartner.it.jims;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One simulated JIMS server speaking the contract of docs/jims-protocol.md, section 2: an OAuth2
 * client-credentials token API and a bearer-protected query API (batch with cookies, IP query,
 * user query) over a {@link JimsDirectory} that a primary and a secondary instance may share.
 *
 * <pre>{@code
 * JimsDirectory ad = new JimsDirectory();
 * ad.logon("10.0.0.10", "CORP", "alice", "Engineering", "VPN-Users");
 * try (JimsSimulator primary = JimsSimulator.builder().directory(ad).https(pki.issueServer("127.0.0.1"))
 *         .clientId("srx").clientSecret("s3cret").build().start()) {
 *     primary.fault(Fault.down());   // connections refused
 *     primary.fault(Fault.none());   // listening again on the same port
 * }
 * }</pre>
 *
 * <p>Thread-safe. Faults switch at run time ({@link #fault(Fault)}); counters and a bounded log of
 * the requests seen support assertions ({@link #count(RequestKind)}, {@link #requests()},
 * {@link #awaitCount(RequestKind, long, Duration)}). Secrets are never logged.
 */
public final class JimsSimulator implements AutoCloseable {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final String name;
    private final String host;
    private final String clientId;
    private final String clientSecret;
    private final String tokenPath;
    private final String queryPath;
    private final JimsDirectory directory;
    private final TokenStore tokens;
    private final FaultGate gate = new FaultGate();
    private final RequestLog log;
    private final Listener listener;
    private ExecutorService executor;

    JimsSimulator(JimsSimulatorBuilder builder) {
        this.name = builder.name;
        String literal = IpLiterals.canonical(builder.bindAddress.getHostAddress());
        this.host = builder.bindAddress instanceof Inet6Address ? "[" + literal + "]" : literal;
        this.clientId = builder.clientId;
        this.clientSecret = builder.clientSecret;
        this.tokenPath = ApiPaths.join(builder.pathPrefix, builder.tokenApi);
        this.queryPath = ApiPaths.join(builder.pathPrefix, builder.queryApi);
        this.directory = builder.directory != null ? builder.directory : new JimsDirectory(builder.clock);
        this.tokens = new TokenStore(builder.clock);
        this.log = new RequestLog(builder.requestLogCapacity);
        Dispatcher dispatcher = new Dispatcher(
                tokenPath,
                queryPath,
                new TokenEndpoint(clientId, clientSecret, builder.tokenLifetime, tokens),
                new QueryEndpoint(directory, tokens, new BatchCookies()),
                gate,
                log,
                builder.clock);
        this.listener = new Listener(
                new InetSocketAddress(builder.bindAddress, builder.port),
                builder.ssl,
                builder.needClientAuth,
                dispatcher);
    }

    /** A builder with the contract's defaults: HTTP on 127.0.0.1, a free port, client {@code srx}. */
    public static JimsSimulatorBuilder builder() {
        return new JimsSimulatorBuilder();
    }

    /** Starts listening (unless the current fault is DOWN) and returns this. Takes milliseconds. */
    public synchronized JimsSimulator start() {
        if (executor == null) {
            executor = Executors.newCachedThreadPool(task -> {
                Thread thread = new Thread(task, "jims-sim-" + name + "-" + THREADS.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            gate.open();
            if (gate.current().kind() != Fault.Kind.DOWN) {
                listener.open(executor);
            }
        }
        return this;
    }

    /** Closes the socket and its connections (hanging requests end unanswered). The simulator can be started again. */
    public synchronized void stop() {
        listener.close(); // first: connections are closed before hanging requests wake up
        gate.close();
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /**
     * Switches the fault played from now on. DOWN closes the socket; leaving DOWN listens again on
     * the same port. Requests hanging under HANG go on when the fault changes.
     */
    public synchronized void fault(Fault fault) {
        Objects.requireNonNull(fault, "fault");
        gate.set(fault);
        if (executor == null) {
            return;
        }
        if (fault.kind() == Fault.Kind.DOWN) {
            listener.close();
        } else {
            listener.open(executor);
        }
    }

    /** The fault currently played. */
    public Fault fault() {
        return gate.current();
    }

    /** Lets the requests hanging now be answered normally; later requests hang while HANG is set. */
    public void releaseHung() {
        gate.releaseHung();
    }

    /** Makes every token issued so far unknown (next queries get 401 invalid_token). */
    public void revokeTokens() {
        tokens.revokeAll();
    }

    /** The bound port (after {@link #start()}). */
    public int port() {
        return listener.port();
    }

    /** Whether the socket is listening now (started and not DOWN). */
    public boolean isListening() {
        return listener.isOpen();
    }

    /** Whether the simulator speaks HTTPS. */
    public boolean isHttps() {
        return listener.isHttps();
    }

    /** {@code http(s)://host:port} without a path; IPv6 hosts in brackets. */
    public String baseUrl() {
        return (isHttps() ? "https" : "http") + "://" + host + ":" + port();
    }

    /** The full URI of the token API. */
    public URI tokenUri() {
        return URI.create(baseUrl() + tokenPath);
    }

    /** The full URI of the query API (without parameters). */
    public URI queryUri() {
        return URI.create(baseUrl() + queryPath);
    }

    /** The host part of {@link #baseUrl()} without brackets (e.g. {@code 127.0.0.1} or {@code ::1}). */
    public String address() {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /** Name given in the builder, used in thread names (e.g. {@code primary}). */
    public String name() {
        return name;
    }

    /** The OAuth2 client id this server accepts. */
    public String clientId() {
        return clientId;
    }

    /** The OAuth2 client secret this server accepts (to configure the client under test; never logged). */
    public String clientSecret() {
        return clientSecret;
    }

    /** The event log this server answers from (possibly shared with other simulators). */
    public JimsDirectory directory() {
        return directory;
    }

    /** Requests of a kind received since start or the last {@link #resetStats()}, whatever the answer. */
    public long count(RequestKind kind) {
        return log.count(kind);
    }

    /** The most recent requests seen (bounded; oldest first), without secrets. */
    public List<SeenRequest> requests() {
        return log.recent();
    }

    /** Clears counters and the request log. */
    public void resetStats() {
        log.reset();
    }

    /** Waits until {@code count(kind) >= atLeast}; false if the timeout passed first. */
    public boolean awaitCount(RequestKind kind, long atLeast, Duration timeout) throws InterruptedException {
        return log.await(kind, atLeast, timeout);
    }

    /** Name, URL and current fault, for test messages. */
    @Override
    public String toString() {
        return "JimsSimulator[" + name + " " + baseUrl() + " fault=" + fault().kind() + "]";
    }
}
