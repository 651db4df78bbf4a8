package io.github.kcpartner.jims.storage;

import io.github.kcpartner.jims.client.IdentityRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.infinispan.Cache;
import org.infinispan.configuration.cache.CacheMode;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the {@code jims} federation adds to a login attempt at 100,000 identities: Keycloak asks
 * every federation provider for the typed user name, so a name JIMS never saw must not scan the
 * table. Against the same cache's read of a missing key (what any lookup costs at least), in the
 * same run. Run:
 * {@code mvn -o -pl provider -Pbench test-compile exec:exec -Djmh.args="UserLookupBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class UserLookupBenchmark {

    private static final int SIZE = 100_000;

    private DefaultCacheManager manager;
    private Cache<String, String> cache;
    private CacheIdentityTable table;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        manager = new DefaultCacheManager(
                new GlobalConfigurationBuilder().nonClusteredDefault().build());
        manager.defineConfiguration(
                "jims-identities",
                new ConfigurationBuilder()
                        .clustering()
                        .cacheMode(CacheMode.LOCAL)
                        .build());
        cache = manager.getCache("jims-identities");
        table = CacheIdentityTable.over(cache, "component");
        Instant now = Instant.now();
        for (int i = 0; i < SIZE; i++) {
            table.putValid(
                    new IdentityRecord(
                            "10." + (i / 62500) + "." + (i / 250 % 250) + "." + (i % 250 + 1),
                            true,
                            "CORP",
                            "user" + i,
                            List.of("Engineering"),
                            "DESKTOP-" + i,
                            List.of("Workstations"),
                            "Windows",
                            "Active Directory",
                            now),
                    Duration.ofHours(1));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.stop();
    }

    @Benchmark
    public Object unknownUser() {
        return table.findByUser("CORP", "stranger" + (next++ & 1023));
    }

    @Benchmark
    public Object knownUser() {
        return table.findByUser("CORP", "user" + (next++ % SIZE));
    }

    @Benchmark
    public Object baselineMissingKeyRead() {
        return cache.get("component|nothing|" + (next++ & 1023));
    }
}
