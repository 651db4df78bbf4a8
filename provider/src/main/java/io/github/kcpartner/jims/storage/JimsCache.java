package io.github.kcpartner.jims.storage;

import io.github.kcpartner.jims.metrics.JimsMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Clock;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import org.infinispan.Cache;
import org.infinispan.configuration.cache.CacheMode;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.eviction.EvictionStrategy;
import org.infinispan.manager.EmbeddedCacheManager;
import org.jboss.logging.Logger;
import org.keycloak.connections.infinispan.InfinispanConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * The two Infinispan caches of the {@code jims} components, declared in code on Keycloak's own
 * cache manager: REPL_SYNC when the cache manager is clustered (production {@code start}), LOCAL
 * otherwise ({@code start-dev} uses a local cache manager and ignores {@code cache-ispn.xml}).
 * Keys and values are strings, so no ProtoStream schema is needed.
 *
 * <ul>
 *   <li>{@value #NAME}, the identity table (records, "nobody" answers, user-name index): bounded to
 *       {@code maxEntries} entries per node ({@code --spi-storage--jims--max-entries}); when full,
 *       Infinispan evicts (the least recently used go first). An evicted record is looked up again
 *       (table miss, IP query); an evicted user-name index makes that user unknown until the next
 *       logon, never someone else (the records it points at are checked). Each node evicts on its
 *       own. {@link EvictionWatch} counts evictions and warns.</li>
 *   <li>{@value #COORDINATION}, the batch coordination keys ({@code <id>|cycle|<n>},
 *       {@code <id>|lastSeen}): a few entries per component and never evicted, so that eviction
 *       cannot make two nodes poll one cycle or a poller start over.</li>
 * </ul>
 * A cache of either name declared in {@code cache-ispn.xml} takes precedence: it is used as declared
 * (its bound is then the operator's).
 */
final class JimsCache {

    static final String NAME = "jims-identities";
    static final String COORDINATION = "jims-coordination";
    private static final Logger LOG = Logger.getLogger(JimsCache.class);

    /** Identity caches whose evictions are already watched (one watch per cache, whoever asks). */
    private static final Set<Cache<?, ?>> WATCHED = Collections.newSetFromMap(new WeakHashMap<>());

    /** The identity table's cache and the coordination cache. */
    record Caches(Cache<String, String> identities, Cache<String, String> coordination) {}

    private JimsCache() {}

    /** The caches on Keycloak's cache manager; the table holds at most {@code maxEntries} entries per node. */
    static Caches get(KeycloakSession session, long maxEntries) {
        InfinispanConnectionProvider ispn = session.getProvider(InfinispanConnectionProvider.class);
        EmbeddedCacheManager manager =
                ispn.getCache(InfinispanConnectionProvider.WORK_CACHE_NAME).getCacheManager();
        return on(manager, maxEntries, Metrics.globalRegistry, Clock.systemUTC());
    }

    /**
     * The caches on {@code manager}, declared when missing; the identity cache's size and evictions
     * go to {@code registry}, its eviction WARNs are timed by {@code clock}.
     */
    static Caches on(EmbeddedCacheManager manager, long maxEntries, MeterRegistry registry, Clock clock) {
        boolean clustered = manager.getCacheManagerConfiguration().isClustered();
        synchronized (JimsCache.class) {
            if (manager.getCacheConfiguration(NAME) == null) {
                ConfigurationBuilder b = base(clustered);
                b.memory().maxCount(maxEntries).whenFull(EvictionStrategy.REMOVE);
                manager.defineConfiguration(NAME, b.build());
                LOG.debugf("Defined cache %s (%s, at most %d entries)", NAME, mode(clustered), maxEntries);
            }
            if (manager.getCacheConfiguration(COORDINATION) == null) {
                manager.defineConfiguration(COORDINATION, base(clustered).build());
                LOG.debugf("Defined cache %s (%s)", COORDINATION, mode(clustered));
            }
            Cache<String, String> identities = manager.getCache(NAME);
            if (WATCHED.add(identities)) {
                JimsMetrics.tableEntries(
                        registry,
                        identities,
                        c -> c.getAdvancedCache().getDataContainer().sizeIncludingExpired());
                identities.addListener(new EvictionWatch(
                        JimsMetrics.tableEvictions(registry),
                        clock,
                        identities.getCacheConfiguration().memory().maxCount()));
            }
            return new Caches(identities, manager.getCache(COORDINATION));
        }
    }

    private static ConfigurationBuilder base(boolean clustered) {
        ConfigurationBuilder b = new ConfigurationBuilder();
        b.clustering().cacheMode(clustered ? CacheMode.REPL_SYNC : CacheMode.LOCAL);
        b.expiration().wakeUpInterval(60_000);
        return b;
    }

    private static String mode(boolean clustered) {
        return clustered ? "REPL_SYNC" : "LOCAL";
    }
}
