package io.github.kcpartner.jims.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.github.kcpartner.jims.client.BatchPoller;
import io.github.kcpartner.jims.client.JimsClient;
import io.github.kcpartner.jims.client.JimsClientConfig;
import io.github.kcpartner.jims.client.JimsException;
import io.github.kcpartner.jims.client.JimsLookupService;
import io.github.kcpartner.jims.metrics.JimsMetrics;
import org.infinispan.Cache;
import org.jboss.logging.Logger;

/**
 * What one {@code jims} component owns while Keycloak runs: the {@link JimsClient}, the lookup
 * service over the shared identity table, and the batch poller. Built by the factory on first use
 * (no I/O then: servers are contacted by the first query or poll), closed when the component
 * changes or is removed.
 *
 * <p>Batch polling: every node ticks every query-interval; the node that wins
 * {@code putIfAbsent("<id>|cycle|<n>")} on the replicated cache polls that cycle, so exactly one
 * node of a cluster polls per cycle. The winner starts from the last entry time recorded in the
 * cache by whoever polled before ({@code <id>|lastSeen}), or from now minus
 * authentication-entry-timeout on the very first cycle.
 */
final class JimsRuntime implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JimsRuntime.class);

    private final String componentId;
    private final int configHash;
    private final JimsClient client;
    private final JimsLookupService lookup;
    private final CacheIdentityTable table;
    private final Cache<String, String> cache;
    private final UsernameForm usernameForm;
    private final String parentGroup;
    private BatchPoller poller;

    JimsRuntime(String componentId, int configHash, JimsConfig config, Cache<String, String> cache) {
        this.componentId = componentId;
        this.configHash = configHash;
        this.cache = cache;
        this.client = JimsClient.builder(config.clientConfig()).listener(JimsMetrics.global()).build();
        this.table = cache == null ? null : CacheIdentityTable.over(cache, componentId);
        this.lookup = new JimsLookupService(client, table);
        this.usernameForm = config.usernameForm();
        this.parentGroup = config.parentGroup();
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

    String timerTaskName() {
        return "jims-batch-" + componentId;
    }

    long pollIntervalMillis() {
        return TimeUnit.SECONDS.toMillis(client.config().queryIntervalSeconds());
    }

    /** One timer tick: poll if this node wins the cycle. Never throws; true if this node owned the cycle. */
    boolean tick() {
        try {
            JimsClientConfig cfg = client.config();
            long cycle = System.currentTimeMillis() / pollIntervalMillis();
            String node = java.util.UUID.randomUUID().toString();
            String owner = cache.putIfAbsent(componentId + "|cycle|" + cycle, node,
                    2 * pollIntervalMillis(), TimeUnit.MILLISECONDS);
            if (owner != null) {
                return false;
            }
            BatchPoller current = poller(cfg);
            BatchPoller.Cycle result = current.runOnce();
            if (current.lastSeen() != null) {
                advance(cache, componentId + "|lastSeen", current.lastSeen());
            }
            LOG.debugf("JIMS batch cycle of %s: %s", componentId, result);
        } catch (JimsException e) {
            LOG.debugf("JIMS batch cycle of %s failed: %s", componentId, e.getMessage());
        } catch (RuntimeException e) {
            LOG.debugf(e, "JIMS batch cycle of %s failed", componentId);
        }
        return true;
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
        String shared = cache.get(componentId + "|lastSeen");
        Instant sharedSeen = shared == null ? null : Instant.ofEpochMilli(Long.parseLong(shared));
        if (poller == null || (sharedSeen != null && poller.lastSeen() != null
                && sharedSeen.isAfter(poller.lastSeen()))) {
            Instant since = sharedSeen != null ? sharedSeen
                    : Instant.now().minus(Duration.ofMinutes(cfg.authenticationEntryTimeoutMinutes() == 0
                            ? 1440 : cfg.authenticationEntryTimeoutMinutes()));
            poller = lookup.newBatchPoller(since);
        }
        return poller;
    }

    @Override
    public void close() {
        client.close();
    }
}
