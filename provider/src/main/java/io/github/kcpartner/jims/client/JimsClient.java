package io.github.kcpartner.jims.client;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.http.NameValuePair;
import org.apache.http.message.BasicNameValuePair;
import org.jboss.logging.Logger;

/**
 * The JIMS HTTP client with primary/secondary failover (docs/jims-protocol.md, section 2).
 *
 * <p>Every query goes to the first Online server, primary first. A server failure (connect
 * refused, timeout, TLS error, 5xx, persistent 401, unusable body) marks that server Offline,
 * counts an Online-to-Offline transition, logs it once, and replays the same request on the next
 * server. While another server is Online, Offline servers get no requests; a background prober
 * (one scheduled thread) fetches a token from each Offline server every probe interval and marks
 * it Online when it answers, so traffic returns to the primary. When every server is Offline, a
 * request still tries them in order, each within its timeouts, and one that answers is Online
 * again at once (no wait for the prober). When no server answers, {@link JimsUnavailableException}.
 *
 * <p>Thread-safe. Create one per configuration and {@link #close()} it when the configuration
 * changes or the server stops.
 */
public final class JimsClient implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JimsClient.class);

    private final JimsClientConfig config;
    private final List<ServerEndpoint> servers;
    private final JimsClientListener listener;
    private final ScheduledExecutorService ownScheduler;
    private final ScheduledFuture<?> probeTask;
    private final java.util.concurrent.atomic.LongAdder rateLimited = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder busy = new java.util.concurrent.atomic.LongAdder();

    private JimsClient(Builder b) {
        config = b.config;
        listener = b.listener;
        List<ServerEndpoint> list = new ArrayList<>(2);
        list.add(new ServerEndpoint(
                config.primary(), config.maxConnections(), config.maxBodyBytes(), b.clock, listener));
        if (config.secondary() != null) {
            try {
                list.add(new ServerEndpoint(
                        config.secondary(), config.maxConnections(), config.maxBodyBytes(), b.clock, listener));
            } catch (RuntimeException e) {
                closeQuietly(list.get(0));
                throw e;
            }
        }
        servers = List.copyOf(list);
        if (!b.probing) {
            ownScheduler = null;
            probeTask = null;
        } else {
            ScheduledExecutorService s = b.scheduler;
            ownScheduler = s == null
                    ? Executors.newSingleThreadScheduledExecutor(r -> {
                        Thread t = new Thread(r, "jims-prober");
                        t.setDaemon(true);
                        return t;
                    })
                    : null;
            s = s == null ? ownScheduler : s;
            long every = config.probeIntervalSeconds();
            probeTask = s.scheduleWithFixedDelay(this::probeOfflineServers, every, every, TimeUnit.SECONDS);
        }
    }

    /** A builder over a validated configuration. */
    public static Builder builder(JimsClientConfig config) {
        return new Builder(config);
    }

    public JimsClientConfig config() {
        return config;
    }

    /** IP query: who is at {@code ip}. */
    public JimsResponse ipQuery(String ip) throws JimsException {
        String canonical = requireIp(ip);
        return execute(QueryKind.IP, role -> List.of(new BasicNameValuePair("ip", canonical)));
    }

    /** User query: the entry (with groups) of {@code user} in {@code domain} at {@code ip}. */
    public JimsResponse userQuery(String ip, String user, String domain) throws JimsException {
        String canonical = requireIp(ip);
        if (user == null || user.isBlank() || user.length() > 256 || domain == null || domain.length() > 256) {
            throw new JimsRequestException("Invalid user or domain for a JIMS user query");
        }
        return execute(
                QueryKind.USER,
                role -> List.of(
                        new BasicNameValuePair("ip", canonical),
                        new BasicNameValuePair("user", user.trim()),
                        new BasicNameValuePair("domain", domain.trim())));
    }

    /**
     * One batch page. The cookie is sent only to the server that issued it ({@code cookieOwner});
     * any other server gets the {@code since} timestamp instead, so a batch restarts from the last
     * entry seen after a failover.
     */
    public JimsResponse batchPage(ServerRole cookieOwner, String cookie, Instant since) throws JimsException {
        String count = Integer.toString(config.itemsPerBatch());
        String timestamp = Long.toString(Math.max(0, since.getEpochSecond()));
        return execute(
                QueryKind.BATCH,
                role -> cookie != null && role == cookieOwner
                        ? List.of(
                                new BasicNameValuePair("cookie", cookie), new BasicNameValuePair("entry_count", count))
                        : List.of(
                                new BasicNameValuePair("timestamp", timestamp),
                                new BasicNameValuePair("entry_count", count)));
    }

    private JimsResponse execute(QueryKind kind, Function<ServerRole, List<NameValuePair>> params)
            throws JimsException {
        StringBuilder why = new StringBuilder();
        for (ServerEndpoint s : servers) {
            boolean lastResort = !s.isOnline();
            if (lastResort && servers.stream().anyMatch(ServerEndpoint::isOnline)) {
                why.append(describe(s))
                        .append(" Offline (")
                        .append(s.status().lastStatus())
                        .append("); ");
                continue;
            }
            try {
                JimsResponse response = s.query(kind, params.apply(s.role()), lastResort);
                if (lastResort && s.markOnline()) {
                    LOG.warnf("JIMS server %s is Online", describe(s));
                    notifyState(s.role(), true);
                }
                return response;
            } catch (ServerFailure f) {
                wentOffline(s, f.status());
                why.append(describe(s)).append(" failed (").append(f.status()).append("); ");
            }
        }
        if (servers.size() == 1) {
            why.append("no secondary configured");
        }
        throw new JimsUnavailableException(
                "No JIMS server available: " + why.toString().replaceAll("; $", ""));
    }

    private void wentOffline(ServerEndpoint s, String status) {
        if (s.markOffline()) {
            LOG.warnf("JIMS server %s is Offline: %s", describe(s), status);
            notifyState(s.role(), false);
        }
    }

    /** One probe cycle: a token request to every Offline server; those that answer go Online. */
    public void probeOfflineServers() {
        for (ServerEndpoint s : servers) {
            if (s.isOnline()) {
                continue;
            }
            try {
                s.probe();
                if (s.markOnline()) {
                    LOG.warnf("JIMS server %s is Online", describe(s));
                    notifyState(s.role(), true);
                }
            } catch (ServerFailure f) {
                LOG.debugf("JIMS server %s still Offline: %s", describe(s), f.status());
            } catch (RuntimeException e) { // keep the scheduled task alive
                LOG.debugf(
                        "JIMS probe of %s failed: %s", describe(s), e.getClass().getSimpleName());
            }
        }
    }

    /** Status of the primary, then the secondary if configured. */
    public List<ServerStatus> status() {
        return servers.stream().map(ServerEndpoint::status).toList();
    }

    /** Counters per configured server. */
    public Map<ServerRole, ServerCounters> counters() {
        Map<ServerRole, ServerCounters> out = new EnumMap<>(ServerRole.class);
        servers.forEach(s -> out.put(s.role(), s.counters.snapshot()));
        return out;
    }

    /** Queries refused before they reached a server. */
    public RefusedQueries refusedQueries() {
        return new RefusedQueries(rateLimited.sum(), busy.sum());
    }

    /** A query refused before it reached a server: counted, and told to the listener. */
    void refused(QueryKind kind, QueryRefusal why) {
        (why == QueryRefusal.RATE_LIMITED ? rateLimited : busy).increment();
        try {
            listener.onRefused(kind, why);
        } catch (RuntimeException ignored) {
            // a faulty listener must not change the answer
        }
    }

    /** Clears every server's counters and the refusals. */
    public void clearCounters() {
        servers.forEach(s -> s.counters.clear());
        rateLimited.reset();
        busy.reset();
    }

    private static String describe(ServerEndpoint s) {
        return s.role().label() + " " + s.config.address() + ":" + s.config.port();
    }

    private static String requireIp(String ip) throws JimsRequestException {
        String canonical = IpAddresses.normalize(ip);
        if (canonical == null) {
            throw new JimsRequestException("Not an IP address");
        }
        return canonical;
    }

    private void notifyState(ServerRole role, boolean online) {
        try {
            listener.onServerStateChange(role, online);
        } catch (RuntimeException ignored) {
            // a faulty listener must not break failover
        }
    }

    /** Stops the prober (only the scheduler this client created) and closes the connection pools. */
    @Override
    public void close() {
        if (probeTask != null) {
            probeTask.cancel(false);
        }
        if (ownScheduler != null) {
            ownScheduler.shutdownNow();
        }
        servers.forEach(JimsClient::closeQuietly);
    }

    private static void closeQuietly(ServerEndpoint s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.debugf(
                    "Closing JIMS client of %s: %s", describe(s), e.getClass().getSimpleName());
        }
    }

    /** Options beyond the configuration: clock, listener, scheduler, probing. */
    public static final class Builder {
        private final JimsClientConfig config;
        private Clock clock = Clock.systemUTC();
        private JimsClientListener listener = JimsClientListener.NONE;
        private ScheduledExecutorService scheduler;
        private boolean probing = true;

        private Builder(JimsClientConfig config) {
            this.config = java.util.Objects.requireNonNull(config, "config");
        }

        /** Clock for token expiry and response times (tests inject a fake). */
        public Builder clock(Clock v) {
            clock = v;
            return this;
        }

        public Builder listener(JimsClientListener v) {
            listener = v == null ? JimsClientListener.NONE : v;
            return this;
        }
        /** Runs the prober on this scheduler instead of an own single daemon thread (not shut down by close). */
        public Builder scheduler(ScheduledExecutorService v) {
            scheduler = v;
            return this;
        }
        /** {@code false}: no background prober; call {@link JimsClient#probeOfflineServers()} yourself. */
        public Builder backgroundProbing(boolean v) {
            probing = v;
            return this;
        }

        public JimsClient build() {
            return new JimsClient(this);
        }
    }
}
