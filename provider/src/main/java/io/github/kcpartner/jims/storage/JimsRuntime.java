package io.github.kcpartner.jims.storage;

import io.github.kcpartner.jims.client.BatchPoller;
import io.github.kcpartner.jims.client.JimsClient;
import io.github.kcpartner.jims.client.JimsClientConfig;
import io.github.kcpartner.jims.client.JimsException;
import io.github.kcpartner.jims.client.JimsLookupService;
import io.github.kcpartner.jims.metrics.JimsMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.infinispan.Cache;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * What one {@code jims} component owns while Keycloak runs: the {@link JimsClient}, the lookup
 * service over the shared identity table, and the batch poller. Built by the factory on first use
 * (no I/O then: servers are contacted by the first query or poll), closed when the component
 * changes or is removed.
 *
 * <p>Batch polling: every node ticks every query-interval; the node that wins
 * {@code putIfAbsent("<id>|cycle|<n>")} on the replicated coordination cache polls that cycle, so
 * exactly one node of a cluster polls per cycle. The winner starts from the last entry time recorded
 * in that cache by whoever polled before ({@code <id>|lastSeen}), but never further back than
 * authentication-entry-timeout (24 h when that is 0): that bounds the backfill after a restart or
 * a long outage, as older logons have expired anyway. Ticks run on the factory's own poller
 * executor, not on Keycloak's timer thread. A failing cycle is logged at WARN once, when polling
 * starts to fail, and at INFO when it works again; the failures in between at DEBUG. The
 * coordination keys live in {@link JimsCache#COORDINATION}, which never evicts: the identity table's
 * cache is bounded, and an evicted cycle key would let a second node poll the same cycle.
 */
final class JimsRuntime implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JimsRuntime.class);

    private final String componentId;
    private final int configHash;
    private final JimsClient client;
    private final JimsLookupService lookup;
    private final CacheIdentityTable table;
    private final Cache<String, String> coordination;
    private final UsernameForm usernameForm;
    private final String parentGroup;
    private final JimsGroupSync groups;
    private BatchPoller poller;
    private volatile boolean failing;
    private volatile ScheduledFuture<?> ticks;
    private volatile boolean closed;
    private volatile String label;
    private final String realmId;
    private final java.time.Clock clock;

    JimsRuntime(
            String componentId,
            int configHash,
            JimsConfig config,
            JimsCache.Caches caches,
            KeycloakSessionFactory sessions,
            String realmId) {
        this(componentId, configHash, config, caches, sessions, realmId, java.time.Clock.systemUTC());
    }

    /** As above, with the clock that picks the batch cycle and the backfill start (tests). */
    JimsRuntime(
            String componentId,
            int configHash,
            JimsConfig config,
            JimsCache.Caches caches,
            KeycloakSessionFactory sessions,
            String realmId,
            java.time.Clock clock) {
        this.clock = clock;
        this.realmId = realmId;
        this.componentId = componentId;
        this.configHash = configHash;
        this.coordination = caches == null ? null : caches.coordination();
        this.client = JimsClient.builder(config.clientConfig())
                .listener(JimsMetrics.global())
                .build();
        this.table = caches == null ? null : CacheIdentityTable.over(caches.identities(), componentId);
        this.parentGroup = config.parentGroup();
        this.groups = new JimsGroupSync(sessions, realmId, parentGroup, clock);
        this.lookup = new JimsLookupService(client, table, clock, groups::ensure);
        this.usernameForm = config.usernameForm();
    }

    /** Starts the batch ticks on {@code executor}, every query-interval. */
    void start(ScheduledExecutorService executor) {
        long every = pollIntervalMillis();
        ticks = executor.scheduleAtFixedRate(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    int configHash() {
        return configHash;
    }

    String componentId() {
        return componentId;
    }

    JimsClient client() {
        return client;
    }

    JimsLookupService lookup() {
        return lookup;
    }

    CacheIdentityTable table() {
        return table;
    }

    UsernameForm usernameForm() {
        return usernameForm;
    }

    String parentGroup() {
        return parentGroup;
    }

    long pollIntervalMillis() {
        return TimeUnit.SECONDS.toMillis(client.config().queryIntervalSeconds());
    }

    /** One timer tick: poll if this node wins the cycle. Never throws; true if this node owned the cycle. */
    boolean tick() {
        try {
            JimsClientConfig cfg = client.config();
            long cycle = clock.millis() / pollIntervalMillis();
            String node = java.util.UUID.randomUUID().toString();
            String owner = coordination.putIfAbsent(
                    componentId + "|cycle|" + cycle, node, 2 * pollIntervalMillis(), TimeUnit.MILLISECONDS);
            if (owner != null) {
                return false;
            }
            BatchPoller current = poller(cfg);
            BatchPoller.Cycle result = current.runOnce();
            if (current.lastSeen() != null) {
                advance(coordination, componentId + "|lastSeen", current.lastSeen());
            }
            LOG.debugf("JIMS batch cycle of %s: %s", componentId, result);
            if (failing) {
                failing = false;
                LOG.infof("JIMS batch polling of component %s works again", componentId);
            }
        } catch (JimsException e) {
            failed(e.getMessage());
        } catch (RuntimeException e) {
            LOG.debug("JIMS batch cycle failed", e);
            failed(e.getClass().getSimpleName());
        }
        return true;
    }

    private void failed(String why) {
        if (closed) { // a cycle still running while its client was closed (config change, removal): not a failure
            LOG.debugf("JIMS batch cycle of %s ended by the close of its client: %s", componentId, why);
            return;
        }
        if (!failing) {
            failing = true;
            LOG.warnf("JIMS batch polling of component %s fails: %s (logged again when it works)", componentId, why);
        } else {
            LOG.debugf("JIMS batch cycle of %s failed: %s", componentId, why);
        }
    }

    /** Whether the last batch cycle this node ran failed. */
    boolean failing() {
        return failing;
    }

    /**
     * Moves the shared "last entry time" forward to {@code seen}, never back: a node that finished
     * an older cycle late cannot make the next cycle fetch entries again.
     *
     * @return whether the value changed
     */
    static boolean advance(java.util.concurrent.ConcurrentMap<String, String> cache, String key, Instant seen) {
        String value = Long.toString(seen.toEpochMilli());
        while (true) {
            String current = cache.get(key);
            if (current != null && Long.parseLong(current) >= seen.toEpochMilli()) {
                return false;
            }
            if (current == null ? cache.putIfAbsent(key, value) == null : cache.replace(key, current, value)) {
                return true;
            }
        }
    }

    private synchronized BatchPoller poller(JimsClientConfig cfg) {
        String shared = coordination.get(componentId + "|lastSeen");
        Instant sharedSeen = shared == null ? null : Instant.ofEpochMilli(Long.parseLong(shared));
        if (poller == null
                || (sharedSeen != null && poller.lastSeen() != null && sharedSeen.isAfter(poller.lastSeen()))) {
            poller = lookup.newBatchPoller(backfillStart(sharedSeen, clock.instant(), cfg));
        }
        return poller;
    }

    /**
     * Where a new poller starts: the shared last entry time, but no further back than
     * authentication-entry-timeout (24 h when 0) before {@code now}.
     */
    static Instant backfillStart(Instant sharedSeen, Instant now, JimsClientConfig cfg) {
        Instant oldest = now.minus(Duration.ofMinutes(
                cfg.authenticationEntryTimeoutMinutes() == 0 ? 1440 : cfg.authenticationEntryTimeoutMinutes()));
        return sharedSeen == null || sharedSeen.isBefore(oldest) ? oldest : sharedSeen;
    }

    /** The component was removed: its table entries and coordination keys go. */
    void forget() {
        table.clear();
        coordination.keySet().removeIf(k -> k.startsWith(componentId + "|"));
    }

    /** A group of the component's realm was removed: the JIMS groups are checked again when next seen. */
    void groupRemoved() {
        groups.forget();
    }

    /** The id of the component's realm. */
    String realmId() {
        return realmId;
    }

    /** How the admin console names this runtime: realm and component name. */
    String label() {
        return label == null ? componentId : label;
    }

    void label(String value) {
        label = value;
    }

    /** Whether {@link #close()} ran: no more ticks, the client's connections closed. */
    boolean closed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        ScheduledFuture<?> t = ticks;
        if (t != null) {
            t.cancel(false);
        }
        client.close();
    }
}
