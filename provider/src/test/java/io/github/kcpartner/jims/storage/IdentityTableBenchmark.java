package io.github.kcpartner.jims.storage;

import io.github.kcpartner.jims.client.IdentityRecord;
import io.github.kcpartner.jims.client.InMemoryIdentityTable;
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
 * A cached IP lookup in the identity table Keycloak uses (a LOCAL Infinispan cache holding the
 * records as JSON, as in start-dev) against the in-memory table of the client library, in the same
 * run. Sample-time mode gives the p50 the JIMS issue asks for. Run:
 * {@code mvn -o -pl provider -Pbench test-compile exec:exec -Djmh.args="IdentityTableBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class IdentityTableBenchmark {

    private static final int SIZE = 10_000;

    private DefaultCacheManager manager;
    private CacheIdentityTable infinispan;
    private InMemoryIdentityTable inMemory;
    private String[] ips;
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
        Cache<String, String> cache = manager.getCache("jims-identities");
        infinispan = CacheIdentityTable.over(cache, "component");
        inMemory = new InMemoryIdentityTable();
        ips = new String[SIZE];
        for (int i = 0; i < SIZE; i++) {
            ips[i] = "10.40." + (i / 250) + "." + (i % 250 + 1);
            IdentityRecord r = new IdentityRecord(
                    ips[i],
                    true,
                    "CORP",
                    "user" + i,
                    List.of("Engineering", "VPN-Users"),
                    "DESKTOP-" + i,
                    List.of("Workstations"),
                    "Windows",
                    "Active Directory",
                    Instant.now());
            infinispan.putValid(r, Duration.ofHours(1));
            inMemory.putValid(r, Duration.ofHours(1));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.stop();
    }

    @Benchmark
    public Object infinispanTable() {
        return infinispan.get(ips[next++ % SIZE]);
    }

    @Benchmark
    public Object inMemoryTableBaseline() {
        return inMemory.get(ips[next++ % SIZE]);
    }
}
