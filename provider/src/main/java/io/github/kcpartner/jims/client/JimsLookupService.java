package io.github.kcpartner.jims.client;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The facade the Keycloak side calls: who is at an IP (table first, then an IP query through
 * failover), user queries for groups, and batch pollers that feed the table.
 *
 * <p>IP queries are bounded twice, so a flood of lookups for unknown addresses (or a slow JIMS)
 * cannot pile up login threads: they pass a token bucket of {@code ipQueriesPerSecond} a second
 * (burst: one second's worth), and at most {@code max-connections} run at once. A caller waits at
 * most {@value #IP_QUERY_MAX_WAIT_MILLIS} ms for a token and as long for a connection, then gets
 * {@link JimsUnavailableException}; refusals are counted ({@link JimsClient#refusedQueries()}) and
 * told to the client's listener.
 */
public final class JimsLookupService {

    /** How long an IP query waits for a token, and for a connection. */
    static final long IP_QUERY_MAX_WAIT_MILLIS = 250;

    /** How a caller waits for a reserved token (tests pass one that does not sleep). */
    interface Pause {
        void nanos(long n) throws InterruptedException;
    }

    private final JimsClient client;
    private final IdentityTable table;
    private final TableWriter writer;
    private final Semaphore slots;
    private final TokenBucket ipQueries;
    private final Pause pause;

    /**
     * @param groupsSeen told the groups of each logon stored in the table (batch or IP query), for
     *                   the Keycloak side to create them; must not block for long
     */
    public JimsLookupService(
            JimsClient client, IdentityTable table, Clock clock, java.util.function.Consumer<List<String>> groupsSeen) {
        this(client, table, clock, groupsSeen, TimeUnit.NANOSECONDS::sleep);
    }

    /** As above; {@code clock} also drives the IP-query token bucket, {@code pause} waits for a reserved token. */
    JimsLookupService(
            JimsClient client,
            IdentityTable table,
            Clock clock,
            java.util.function.Consumer<List<String>> groupsSeen,
            Pause pause) {
        this.client = client;
        this.table = table;
        this.writer = new TableWriter(table, client.config(), clock, groupsSeen);
        this.slots = new Semaphore(client.config().maxConnections(), true);
        this.ipQueries = new TokenBucket(client.config().ipQueriesPerSecond(), clock);
        this.pause = pause;
    }

    public JimsLookupService(JimsClient client, IdentityTable table, Clock clock) {
        this(client, table, clock, groups -> {});
    }

    public JimsLookupService(JimsClient client, IdentityTable table) {
        this(client, table, Clock.systemUTC());
    }

    /**
     * The valid user/device at {@code ip}. A cached answer (valid or "nobody") is returned without a
     * query; otherwise an IP query (unless no-ip-query) whose answer is cached with its TTL. IPs the
     * filters reject are never queried.
     *
     * @throws JimsRequestException     {@code ip} is not an IP literal
     * @throws JimsUnavailableException no server answered (cached entries still answer)
     */
    public Optional<IdentityRecord> lookupByIp(String ip) throws JimsException {
        Optional<Optional<IdentityRecord>> cached = cached(ip);
        return cached.isPresent() ? cached.get() : queryIp(canonical(ip));
    }

    /**
     * What {@link #lookupByIp} answers without asking JIMS: the cached answer, or "nobody" for an
     * IP the filters reject or when IP queries are off; empty when only a query can tell.
     *
     * @throws JimsRequestException {@code ip} is not an IP literal
     */
    public Optional<Optional<IdentityRecord>> cached(String ip) throws JimsRequestException {
        String canonical = canonical(ip);
        Optional<IdentityRecord> cached = table.get(canonical);
        if (cached.isPresent()) {
            return Optional.of(cached.filter(IdentityRecord::valid));
        }
        if (client.config().noIpQuery() || !writer.filter().acceptsIp(canonical)) {
            return Optional.of(Optional.empty());
        }
        return Optional.empty();
    }

    /** Like {@link #lookupByIp} but always queries JIMS (subject to preserve-valid-user). */
    public Optional<IdentityRecord> refreshIp(String ip) throws JimsException {
        String canonical = canonical(ip);
        if (!writer.filter().acceptsIp(canonical)) {
            return Optional.empty();
        }
        return queryIp(canonical);
    }

    /** Valid cached entries of <code>domain&#92;user</code>. */
    public List<IdentityRecord> findByUser(String domain, String user) {
        return table.findByUser(domain, user);
    }

    /** A batch poller feeding this service's table, starting at {@code since}. */
    public BatchPoller newBatchPoller(Instant since) {
        return new BatchPoller(client, writer, since);
    }

    public JimsClient client() {
        return client;
    }

    private Optional<IdentityRecord> queryIp(String canonical) throws JimsException {
        takeIpQueryToken();
        Optional<IdentityRecord> seen = table.get(canonical); // what the answer may replace
        JimsResponse r = withSlot(() -> client.ipQuery(canonical));
        return writer.applyAnswer(canonical, seen, r.entries());
    }

    private void takeIpQueryToken() throws JimsUnavailableException {
        long wait = ipQueries.reserve(java.time.Duration.ofMillis(IP_QUERY_MAX_WAIT_MILLIS));
        if (wait < 0) {
            client.refused(QueryKind.IP, QueryRefusal.RATE_LIMITED);
            throw new JimsUnavailableException("JIMS IP query rate limit reached");
        }
        if (wait > 0) {
            try {
                pause.nanos(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JimsUnavailableException("Interrupted while waiting for the JIMS IP query rate limit");
            }
        }
    }

    private interface Query {
        JimsResponse run() throws JimsException;
    }

    /** Runs an IP query on a connection slot, waiting for one at most {@value #IP_QUERY_MAX_WAIT_MILLIS} ms. */
    private JimsResponse withSlot(Query q) throws JimsException {
        try {
            if (!slots.tryAcquire(IP_QUERY_MAX_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                client.refused(QueryKind.IP, QueryRefusal.BUSY);
                throw new JimsUnavailableException(
                        "All " + client.config().maxConnections() + " JIMS query connections are busy");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JimsUnavailableException("Interrupted while waiting for a JIMS query connection");
        }
        try {
            return q.run();
        } finally {
            slots.release();
        }
    }

    private static String canonical(String ip) throws JimsRequestException {
        String c = IpAddresses.normalize(ip);
        if (c == null) {
            throw new JimsRequestException("Not an IP address");
        }
        return c;
    }
}
