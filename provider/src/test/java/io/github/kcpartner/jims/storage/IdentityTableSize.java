package io.github.kcpartner.jims.storage;

import io.github.kcpartner.jims.client.IdentityRecord;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.infinispan.Cache;
import org.infinispan.configuration.cache.CacheMode;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;

/**
 * Measurement driver, not a test: the heap the {@code jims-identities} table costs per identity
 * and the time to import N identities into it, on one node (Infinispan LOCAL cache, the stored
 * form Keycloak uses: a JSON value per IP plus the user-name index). Heap is the used heap after
 * full collections, before and after the import, divided by N. Run:
 * {@code mvn -B -ntp -pl provider -am -Pbench test-compile exec:exec -Dbench.main=io.github.kcpartner.jims.storage.IdentityTableSize -Dbench.jvm=-Xmx6g -Djmh.args="100000 1000000"}.
 */
public final class IdentityTableSize {

    private IdentityTableSize() {}

    public static void main(String[] args) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (String arg : args) {
            int n = Integer.parseInt(arg);
            DefaultCacheManager manager = new DefaultCacheManager(
                    new GlobalConfigurationBuilder().nonClusteredDefault().build());
            try {
                manager.defineConfiguration(
                        "jims-identities",
                        new ConfigurationBuilder()
                                .clustering()
                                .cacheMode(CacheMode.LOCAL)
                                .build());
                Cache<String, String> cache = manager.getCache("jims-identities");
                CacheIdentityTable table = CacheIdentityTable.over(cache, "component");
                long before = usedAfterGc(memory);
                Instant now = Instant.now();
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    table.putValid(record(i, now), Duration.ofHours(8));
                }
                long millis = (System.nanoTime() - start) / 1_000_000;
                long after = usedAfterGc(memory);
                if (table.get(ip(n - 1)).isEmpty() || cache.size() < n) {
                    throw new IllegalStateException("the import lost entries: " + cache.size());
                }
                System.out.printf(
                        Locale.ROOT,
                        "%,d identities: import %,d ms (%,.0f /s), heap %,d bytes per identity (%,d MB in all, %,d cache entries)%n",
                        n,
                        millis,
                        n * 1000.0 / Math.max(1, millis),
                        (after - before) / n,
                        (after - before) / (1024 * 1024),
                        cache.size());
            } finally {
                manager.stop();
            }
        }
    }

    /** An identity as JIMS reports them: domain, user, one group, device, device group, OS, source. */
    static IdentityRecord record(int i, Instant now) {
        return new IdentityRecord(
                ip(i),
                true,
                "CORP",
                "user" + i,
                List.of("Engineering"),
                "DESKTOP-" + i,
                List.of("Workstations"),
                "Windows 11",
                "Active Directory",
                now);
    }

    static String ip(int i) {
        return "10." + (i >>> 16 & 255) + "." + (i >>> 8 & 255) + "." + (i & 255);
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
