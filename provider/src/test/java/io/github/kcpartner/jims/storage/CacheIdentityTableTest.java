package io.github.kcpartner.jims.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kcpartner.jims.client.IdentityRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CacheIdentityTableTest {

    /** Counts scans, so a test can tell an index read from a walk over the table. */
    private final java.util.concurrent.atomic.AtomicInteger scans = new java.util.concurrent.atomic.AtomicInteger();

    private final ConcurrentHashMap<String, String> map = new ConcurrentHashMap<>() {
        @Override
        public java.util.Set<Map.Entry<String, String>> entrySet() {
            scans.incrementAndGet();
            return super.entrySet();
        }
    };
    private final Map<String, Duration> ttls = new HashMap<>();
    private final CacheIdentityTable table = new CacheIdentityTable(map, writer(), "c1");
    private final CacheIdentityTable other = new CacheIdentityTable(map, writer(), "c2");

    /** The map's own compare-and-set, recording the TTL of each write. */
    private CacheIdentityTable.Writer writer() {
        return new CacheIdentityTable.Writer() {
            @Override
            public boolean putIfAbsent(String key, String value, Duration ttl) {
                boolean stored = map.putIfAbsent(key, value) == null;
                if (stored) {
                    ttls.put(key, ttl);
                }
                return stored;
            }

            @Override
            public boolean replace(String key, String old, String value, Duration ttl) {
                boolean stored = map.replace(key, old, value);
                if (stored) {
                    ttls.put(key, ttl);
                }
                return stored;
            }
        };
    }

    private static IdentityRecord alice(String ip, Instant at) {
        return new IdentityRecord(
                ip, true, "corp", "alice", List.of("Eng", "VPN"), "PC1", List.of("WS"), "Windows", "AD", at);
    }

    @Test
    void storesRecordsAsJsonWithTheirTtl() {
        Instant t = Instant.parse("2026-11-20T10:15:00Z");
        table.putValid(alice("10.0.0.1", t), Duration.ofMinutes(60));
        table.putInvalid("10.0.0.2", java.util.Optional.empty(), Duration.ofMinutes(30));
        assertThat(map.get("c1|ip|10.0.0.1")).startsWith("{");
        assertThat(ttls)
                .containsEntry("c1|ip|10.0.0.1", Duration.ofMinutes(60))
                .containsEntry("c1|ip|10.0.0.2", Duration.ofMinutes(30));
        assertThat(table.get("10.0.0.1")).contains(alice("10.0.0.1", t));
        assertThat(table.get("10.0.0.2"))
                .hasValueSatisfying(r -> assertThat(r.valid()).isFalse());
        assertThat(other.get("10.0.0.1")).isEmpty();
    }

    @Test
    void findsByUserNewestFirstAndForgetsOnRemove() {
        Instant t = Instant.parse("2026-11-20T10:15:00Z");
        table.putValid(alice("10.0.0.1", t), Duration.ZERO);
        table.putValid(alice("10.0.0.3", t.plusSeconds(5)), Duration.ZERO);
        other.putValid(alice("10.0.0.4", t), Duration.ZERO);
        assertThat(table.findByUser("CORP", "Alice"))
                .extracting(IdentityRecord::ip)
                .containsExactly("10.0.0.3", "10.0.0.1");
        assertThat(table.findByUser("", "alice")).hasSize(2);
        assertThat(table.findByUser("other", "alice")).isEmpty();
        table.remove("10.0.0.3", t.plusSeconds(6));
        assertThat(table.findByUser(null, "alice"))
                .extracting(IdentityRecord::ip)
                .containsExactly("10.0.0.1");
        assertThat(table.userNames()).containsExactly("alice");
        table.clear();
        assertThat(table.userNames()).isEmpty();
        assertThat(table.findByUser(null, "alice")).isEmpty();
        assertThat(other.userNames()).containsExactly("alice");
        assertThat(other.findByUser(null, "alice")).hasSize(1);
    }

    @Test
    void garbageValueReadsAsAbsent() {
        map.put("c1|ip|10.0.0.9", "not json");
        assertThat(table.get("10.0.0.9")).isEmpty();
        assertThat(table.userNames()).isEmpty();
    }

    @Test
    @DisplayName("given a lagging batch page with an older logon for the same IP, then the newer logon stays")
    void olderLogonNeverReplacesNewer() {
        Instant t = Instant.parse("2026-11-20T10:15:00Z");
        assertThat(table.putValid(bob("10.0.0.1", t.plusSeconds(60)), Duration.ZERO))
                .isTrue();
        assertThat(table.putValid(alice("10.0.0.1", t), Duration.ZERO)).isFalse();
        assertThat(table.get("10.0.0.1")).contains(bob("10.0.0.1", t.plusSeconds(60)));
        assertThat(table.putValid(alice("10.0.0.1", t.plusSeconds(61)), Duration.ZERO))
                .as("a newer one wins")
                .isTrue();
        assertThat(table.get("10.0.0.1").orElseThrow().user()).isEqualTo("alice");
    }

    @Test
    @DisplayName("given a logoff older than the logon there, then the logon stays; a newer logoff ends it")
    void olderLogoffNeverRemovesNewerLogon() {
        Instant t = Instant.parse("2026-11-20T10:15:00Z");
        table.putValid(alice("10.0.0.1", t), Duration.ZERO);
        assertThat(table.remove("10.0.0.1", t.minusSeconds(1))).isFalse();
        assertThat(table.get("10.0.0.1")).isPresent();
        assertThat(table.remove("10.0.0.1", t.plusSeconds(1))).isTrue();
        assertThat(table.get("10.0.0.1")).isEmpty();
    }

    @Test
    @DisplayName("given a null answer to a query sent before a logon was written, then the logon stays")
    void staleNullAnswerNeverRemovesNewLogon() {
        Instant t = Instant.parse("2026-11-20T10:15:00Z");
        Optional<IdentityRecord> seenBeforeQuery = table.get("10.0.0.1"); // empty
        table.putValid(alice("10.0.0.1", t), Duration.ZERO); // the batch poller, meanwhile
        assertThat(table.putInvalid("10.0.0.1", seenBeforeQuery, Duration.ZERO)).isFalse();
        assertThat(table.get("10.0.0.1").orElseThrow().valid()).isTrue();

        Optional<IdentityRecord> seen = table.get("10.0.0.1"); // a query that saw this logon
        assertThat(table.putInvalid("10.0.0.1", seen, Duration.ZERO))
                .as("an answer about what it saw")
                .isTrue();
        assertThat(table.get("10.0.0.1").orElseThrow().valid()).isFalse();
        assertThat(table.putValid(alice("10.0.0.1", t.minusSeconds(3600)), Duration.ZERO))
                .as("any logon replaces a nobody entry")
                .isTrue();
    }

    @Test
    @DisplayName(
            "given two writers racing on one IP in any order, then the logon with the latest entry time is what stays")
    void concurrentWritersConverge() throws Exception {
        Instant t = Instant.parse("2026-11-20T10:15:00Z");
        for (int round = 0; round < 200; round++) {
            String ip = "10.1.0." + (round % 250);
            map.clear();
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            Thread older = new Thread(() -> await(go, () -> table.putValid(alice(ip, t), Duration.ZERO)));
            Thread newer = new Thread(() -> await(go, () -> table.putValid(bob(ip, t.plusSeconds(1)), Duration.ZERO)));
            older.start();
            newer.start();
            go.countDown();
            older.join();
            newer.join();
            assertThat(table.get(ip).orElseThrow().user()).as("round " + round).isEqualTo("bob");
        }
    }

    @Test
    @DisplayName("given the shared last entry time, then a late writer of an older time never moves it back")
    void lastSeenNeverMovesBack() {
        Instant t = Instant.parse("2026-11-20T10:15:00Z");
        assertThat(JimsRuntime.advance(map, "c1|lastSeen", t)).isTrue();
        assertThat(JimsRuntime.advance(map, "c1|lastSeen", t.minusSeconds(30))).isFalse();
        assertThat(map.get("c1|lastSeen")).isEqualTo(Long.toString(t.toEpochMilli()));
        assertThat(JimsRuntime.advance(map, "c1|lastSeen", t.plusSeconds(1))).isTrue();
        assertThat(map.get("c1|lastSeen"))
                .isEqualTo(Long.toString(t.plusSeconds(1).toEpochMilli()));
    }

    private static IdentityRecord bob(String ip, Instant at) {
        return new IdentityRecord(ip, true, "corp", "bob", List.of("Ops"), "PC2", List.of("WS"), "Windows", "AD", at);
    }

    private static void await(java.util.concurrent.CountDownLatch go, Runnable write) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        write.run();
    }

    @Test
    @DisplayName("given 10,000 identities, then a user name JIMS never saw is answered from the index without a scan")
    void unknownUserIsOneRead() {
        Instant t = Instant.parse("2026-11-20T10:15:00Z");
        for (int i = 0; i < 10_000; i++) {
            table.putValid(
                    new IdentityRecord(
                            "10.2." + (i / 250) + "." + (i % 250),
                            true,
                            "corp",
                            "user" + i,
                            List.of(),
                            "PC",
                            List.of(),
                            "Windows",
                            "AD",
                            t),
                    Duration.ZERO);
        }
        scans.set(0);

        assertThat(table.findByUser("corp", "nobody-known")).isEmpty();
        assertThat(table.findByUser("corp", "USER42"))
                .extracting(IdentityRecord::user)
                .containsExactly("user42");
        assertThat(scans.get()).as("scans of the table").isZero();
    }

    @Test
    @DisplayName("given an IP that moves from alice to bob, then alice's index no longer finds it, bob's does")
    void indexFollowsTheIp() {
        Instant t = Instant.parse("2026-11-20T10:15:00Z");
        table.putValid(alice("10.0.0.1", t), Duration.ofMinutes(60));
        table.putValid(alice("10.0.0.2", t.plusSeconds(1)), Duration.ofMinutes(60));
        table.putValid(bob("10.0.0.1", t.plusSeconds(2)), Duration.ofMinutes(60));

        assertThat(table.findByUser("corp", "alice"))
                .extracting(IdentityRecord::ip)
                .containsExactly("10.0.0.2");
        assertThat(table.findByUser("", "bob")).extracting(IdentityRecord::ip).containsExactly("10.0.0.1");
        assertThat(table.findByUser("other", "bob")).isEmpty();
        table.putValid(alice("10.0.0.3", t.plusSeconds(3)), Duration.ofMinutes(60));
        assertThat(map.get("c1|user|alice"))
                .as("pruned of the IP bob holds now")
                .isEqualTo("10.0.0.3,10.0.0.2");
        assertThat(ttls).containsEntry("c1|user|alice", Duration.ofMinutes(60));
    }
}
