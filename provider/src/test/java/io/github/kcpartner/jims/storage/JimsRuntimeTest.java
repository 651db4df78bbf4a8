package io.github.kcpartner.jims.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kcpartner.jims.client.JimsClientConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.infinispan.Cache;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.MultivaluedHashMap;

/**
 * Batch cycle ownership, failure logging and the backfill bound of {@link JimsRuntime}, over a
 * real (local) Infinispan cache shared by two runtimes as two nodes share the replicated one, with
 * a fixed clock so that a test never straddles a cycle boundary.
 */
class JimsRuntimeTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:30Z"); // mid-cycle for 60 s cycles
    private static DefaultCacheManager manager;
    private Cache<String, String> cache;
    private Cache<String, String> coordination;
    private io.github.kcpartner.testing.Warnings warnings;

    @BeforeAll
    static void startInfinispan() {
        manager = new DefaultCacheManager();
        manager.defineConfiguration("jims-test", new ConfigurationBuilder().build());
        manager.defineConfiguration("jims-test-coordination", new ConfigurationBuilder().build());
    }

    @AfterAll
    static void stopInfinispan() {
        manager.stop();
    }

    @BeforeEach
    void emptyCache() {
        cache = manager.getCache("jims-test");
        cache.clear();
        coordination = manager.getCache("jims-test-coordination");
        coordination.clear();
        warnings = io.github.kcpartner.testing.Warnings.of(JimsRuntime.class);
    }

    @AfterEach
    void removeCapture() {
        warnings.close();
    }

    private static JimsConfig config() {
        MultivaluedHashMap<String, String> m = new MultivaluedHashMap<>();
        m.putSingle("primaryAddress", "127.0.0.1");
        m.putSingle("primaryPort", "1"); // refused: every cycle fails
        m.putSingle("primaryConnectMethod", "http");
        m.putSingle("allowPlainHttp", "true");
        m.putSingle("primaryClientId", "kc");
        m.putSingle("primaryClientSecret", "s");
        m.putSingle("queryInterval", "60");
        return new JimsConfig(m, s -> s);
    }

    private JimsRuntime node(Clock clock) {
        return new JimsRuntime("c1", 1, config(), new JimsCache.Caches(cache, coordination), null, null, clock);
    }

    @Test
    @DisplayName("given two nodes sharing the cache, then exactly one polls per cycle, and again one in the next cycle")
    void onePollerPerCycle() {
        Clock now = Clock.fixed(T0, ZoneOffset.UTC);
        Clock next = Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC);
        try (JimsRuntime a = node(now);
                JimsRuntime b = node(now);
                JimsRuntime a2 = node(next);
                JimsRuntime b2 = node(next)) {
            assertThat(a.tick()).as("the first node owns the cycle").isTrue();
            assertThat(b.tick())
                    .as("the other node does not poll the same cycle")
                    .isFalse();
            assertThat(a.tick()).as("nor does the owner, twice").isFalse();
            assertThat(b2.tick()).as("the next cycle has its own owner").isTrue();
            assertThat(a2.tick()).isFalse();
            assertThat(coordination.keySet())
                    .as("in the coordination cache, which never evicts")
                    .filteredOn(k -> k.startsWith("c1|cycle|"))
                    .hasSize(2);
            assertThat(cache.keySet()).as("none in the bounded identity cache").isEmpty();
        }
    }

    @Test
    @DisplayName("given a component removed, then its table entries and coordination keys go, another component's stay")
    void forgetRemovesOnlyItsOwnKeys() {
        try (JimsRuntime a = node(Clock.fixed(T0, ZoneOffset.UTC))) {
            a.tick();
            JimsRuntime.advance(coordination, "c1|lastSeen", T0);
            JimsRuntime.advance(coordination, "c10|lastSeen", T0);
            cache.put("c10|ip|10.0.0.1", "{}");
            a.table().putInvalid("10.0.0.1", java.util.Optional.empty(), Duration.ZERO);

            a.forget();

            assertThat(coordination.keySet()).containsExactly("c10|lastSeen");
            assertThat(cache.keySet()).containsExactly("c10|ip|10.0.0.1");
        }
    }

    @Test
    @DisplayName(
            "given cycles that keep failing, then one WARN when polling starts to fail, none for the following failures")
    void warnOncePerTransition() {
        io.github.kcpartner.testsupport.MutableClock clock = new io.github.kcpartner.testsupport.MutableClock(T0);
        try (JimsRuntime a = node(clock)) {
            for (int cycle = 0; cycle < 3; cycle++) {
                assertThat(a.tick()).as("cycle %d polled", cycle).isTrue();
                assertThat(a.failing()).isTrue();
                clock.advance(Duration.ofSeconds(60));
            }
            assertThat(warnings.messages()).as("three failed cycles, one WARN").hasSize(1);
            assertThat(warnings.messages().get(0))
                    .contains("fails")
                    .contains("c1")
                    .doesNotContain("\\n\\tat ");
        }
    }

    @Test
    @DisplayName(
            "given a cycle that runs while its client is closed (a config change), then no WARN: the close is not a failure")
    void closedClientIsNoFailure() {
        JimsRuntime a = node(Clock.fixed(T0, ZoneOffset.UTC));
        a.close();
        assertThat(a.tick()).as("the cycle ran").isTrue();
        assertThat(warnings.messages()).isEmpty();
    }

    @Test
    @DisplayName(
            "given a last entry time older than authentication-entry-timeout, then the backfill starts at that bound")
    void backfillIsBounded() {
        JimsClientConfig cfg = config().clientConfig();
        Duration bound = Duration.ofMinutes(
                cfg.authenticationEntryTimeoutMinutes() == 0 ? 1440 : cfg.authenticationEntryTimeoutMinutes());
        Instant now = T0;
        assertThat(JimsRuntime.backfillStart(null, now, cfg)).isEqualTo(now.minus(bound));
        assertThat(JimsRuntime.backfillStart(now.minus(Duration.ofDays(30)), now, cfg))
                .isEqualTo(now.minus(bound));
        Instant recent = now.minusSeconds(90);
        assertThat(JimsRuntime.backfillStart(recent, now, cfg)).isEqualTo(recent);
    }
}
