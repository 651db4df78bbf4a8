package io.github.kcpartner.jims.storage;

import org.infinispan.Cache;
import org.infinispan.configuration.cache.CacheMode;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.manager.EmbeddedCacheManager;
import org.jboss.logging.Logger;
import org.keycloak.connections.infinispan.InfinispanConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * The {@value #NAME} Infinispan cache, declared in code on Keycloak's own cache manager: REPL_SYNC
 * when the cache manager is clustered (production {@code start}), LOCAL otherwise ({@code start-dev}
 * uses a local cache manager and ignores {@code cache-ispn.xml}). A {@code <replicated-cache
 * name="jims-identities">} in {@code cache-ispn.xml} takes precedence: it is used as declared.
 * Keys and values are strings, so no ProtoStream schema is needed.
 */
final class JimsCache {

    static final String NAME = "jims-identities";
    private static final Logger LOG = Logger.getLogger(JimsCache.class);

    private JimsCache() {}

    static Cache<String, String> get(KeycloakSession session) {
        InfinispanConnectionProvider ispn = session.getProvider(InfinispanConnectionProvider.class);
        EmbeddedCacheManager manager =
                ispn.getCache(InfinispanConnectionProvider.WORK_CACHE_NAME).getCacheManager();
        if (manager.getCacheConfiguration(NAME) == null) {
            synchronized (JimsCache.class) {
                if (manager.getCacheConfiguration(NAME) == null) {
                    boolean clustered = manager.getCacheManagerConfiguration().isClustered();
                    ConfigurationBuilder b = new ConfigurationBuilder();
                    b.clustering().cacheMode(clustered ? CacheMode.REPL_SYNC : CacheMode.LOCAL);
                    b.expiration().wakeUpInterval(60_000);
                    manager.defineConfiguration(NAME, b.build());
                    LOG.debugf("Defined cache %s (%s)", NAME, clustered ? "REPL_SYNC" : "LOCAL");
                }
            }
        }
        return manager.getCache(NAME);
    }
}
