package io.github.kcpartner.jims.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.github.kcpartner.jims.client.IdentityRecord;
import io.github.kcpartner.testing.Warnings;
import io.github.kcpartner.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.infinispan.eviction.EvictionStrategy;
import org.infinispan.manager.DefaultCacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;

/**
 * The bounded identity cache as {@link JimsCache} declares it, on an embedded (local) Infinispan:
 * the bound holds, evictions are counted and warned about once, the coordination keys live in a
 * cache that never evicts, and an evicted user index makes a user unknown, never someone else.
 */
class JimsCacheTest {

    private static final int BOUND = 1_000;
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    private final DefaultCacheManager manager = new DefaultCacheManager();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock(T0);
    private final Warnings warnings = Warnings.of(EvictionWatch.class);
    private final JimsCache.Caches caches = JimsCache.on(manager, BOUND, registry, clock);
    private final CacheIdentityTable table = CacheIdentityTable.over(caches.identities(), "c1");

    @AfterEach
    void stop() {
        warnings.close();
        manager.stop();
    }

    private long entries() {
        return caches.identities().getAdvancedCache().getDataContainer().sizeIncludingExpired();
    }

    private double evictions() {
        return registry.get("jims.table.evictions").counter().count();
    }

    private static String ip(int i) {
        return "10." + (i / 62_500) + "." + (i / 250 % 250) + "." + (i % 250);
    }

    private static IdentityRecord logon(int ipIndex, String user, int secondsAfterT0) {
        return new IdentityRecord(
                ip(ipIndex),
                true,
                "corp",
                user,
                List.of("Eng"),
                "PC",
                List.of(),
                "Windows",
                "AD",
                T0.plusSeconds(secondsAfterT0));
    }

    /** {@code n} logons of distinct users at distinct addresses: two keys each (record and user index). */
    private void logons(int from, int n) {
        for (int i = from; i < from + n; i++) {
            table.putValid(logon(i, "user" + i, i), Duration.ofHours(1));
        }
    }

    @Test
    @DisplayName(
            "given the identity cache declared with a bound of 1000, then it evicts when full and the coordination cache has no bound")
    void declaredBounded() {
        var identities = manager.getCacheConfiguration(JimsCache.NAME).memory();
        assertThat(identities.maxCount()).isEqualTo(BOUND);
        assertThat(identities.whenFull()).isEqualTo(EvictionStrategy.REMOVE);
        assertThat(manager.getCacheConfiguration(JimsCache.COORDINATION)
                        .memory()
                        .maxCount())
                .as("never evicts")
                .isEqualTo(-1);
    }

    @Test
    @DisplayName(
            "given 1500 logons (3000 keys) into a table bounded to 1000, then it holds at most 1000, every eviction is counted, one WARN is logged and the coordination keys survive")
    void boundHolds() {
        JimsRuntime.advance(caches.coordination(), "c1|lastSeen", T0);
        caches.coordination().put("c1|cycle|42", "node-a");
        JimsCache.on(manager, BOUND, registry, clock); // a second component: the same caches, watched once

        logons(0, BOUND + 500);

        assertThat(entries()).isLessThanOrEqualTo(BOUND);
        assertThat(caches.identities().size()).isLessThanOrEqualTo(BOUND);
        assertThat(registry.get("jims.table.entries").gauge().value()).isEqualTo((double) entries());
        assertThat(evictions() + entries())
                .as("every key written is either still there or counted as evicted")
                .isEqualTo(2.0 * (BOUND + 500));
        assertThat(warnings.messages()).hasSize(1);
        assertThat(warnings.messages().get(0)).contains("full").contains("max-entries");
        assertThat(caches.coordination().get("c1|lastSeen")).isEqualTo(Long.toString(T0.toEpochMilli()));
        assertThat(caches.coordination().get("c1|cycle|42")).isEqualTo("node-a");
    }

    @Test
    @DisplayName(
            "given 1500 'nobody here' answers, then they are entries of the bounded table: at most 1000 stay, the others count as evicted")
    void nobodyAnswersCount() {
        for (int i = 0; i < BOUND + 500; i++) {
            table.putInvalid(ip(i), Optional.empty(), Duration.ofMinutes(30));
        }

        assertThat(entries()).isLessThanOrEqualTo(BOUND);
        assertThat(evictions() + entries()).isEqualTo(BOUND + 500.0);
        assertThat(table.get(ip(BOUND + 499)))
                .as("the newest answer")
                .hasValueSatisfying(r -> assertThat(r.valid()).isFalse());
    }

    @Test
    @DisplayName("given a table that keeps evicting, then the WARN repeats at most once an hour")
    void warnsAtMostHourly() {
        logons(0, BOUND);
        logons(BOUND, 500);
        assertThat(warnings.messages()).hasSize(1);

        clock.advance(Duration.ofMinutes(59));
        logons(2 * BOUND, 500);
        assertThat(warnings.messages()).as("still within the hour").hasSize(1);

        clock.advance(Duration.ofMinutes(1));
        logons(3 * BOUND, 500);
        assertThat(warnings.messages()).as("an hour after the first").hasSize(2);
    }

    @Test
    @DisplayName(
            "given user indexes and records evicted from a full table, then a user is found only at an address that holds them, or is unknown: never wrong")
    void evictedIndexMakesUsersUnknownNeverWrong() {
        // 3000 logons of 2000 users over 1500 addresses: later logons take addresses over
        for (int i = 0; i < 3_000; i++) {
            table.putValid(logon(i % 1_500, "u" + (i % 2_000), i), Duration.ofHours(1));
        }
        assertThat(evictions()).isPositive();

        int unknown = 0;
        int indexGoneRecordThere = 0;
        for (int k = 0; k < 2_000; k++) {
            String user = "u" + k;
            List<IdentityRecord> found = table.findByUser("corp", user);
            for (IdentityRecord r : found) {
                assertThat(r.user()).as(user).isEqualTo(user);
                assertThat(table.get(r.ip()))
                        .as("what the table holds at " + r.ip())
                        .contains(r);
            }
            if (found.isEmpty()) {
                unknown++;
                if (caches.identities().get("c1|user|" + user) == null
                        && caches.identities().values().stream().anyMatch(v -> v.contains("\"" + user + "\""))) {
                    indexGoneRecordThere++;
                }
            }
        }
        assertThat(unknown).as("users whose index or records were evicted").isPositive();
        assertThat(indexGoneRecordThere)
                .as("users unknown because their index was evicted, their record still there")
                .isPositive();
    }

    @Test
    @DisplayName(
            "given --spi-storage--jims--max-entries, then the factory reads it, default 1000000, and raises a value below 1000 to 1000")
    void serverOption() {
        JimsUserStorageProviderFactory factory = new JimsUserStorageProviderFactory();
        Config.Scope scope = mock(Config.Scope.class);
        when(scope.getInt(eq("pollerThreads"), any())).thenReturn(2);
        when(scope.getLong(eq("maxEntries"), any())).thenAnswer(a -> a.getArgument(1));
        factory.init(scope);
        assertThat(factory.options().maxEntries()).isEqualTo(1_000_000L);

        when(scope.getLong(eq("maxEntries"), any())).thenReturn(5_000L);
        factory.init(scope);
        assertThat(factory.options().maxEntries()).isEqualTo(5_000L);

        when(scope.getLong(eq("maxEntries"), any())).thenReturn(10L);
        factory.init(scope);
        assertThat(factory.options().maxEntries()).isEqualTo(1_000L);
        assertThat(factory.getConfigMetadata()).extracting(p -> p.getName()).contains("max-entries", "poller-threads");
    }
}
