package io.github.kcpartner.jims.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.kcpartner.jims.client.IdentityRecord;
import org.junit.jupiter.api.Test;

class CacheIdentityTableTest {

    private final ConcurrentHashMap<String, String> map = new ConcurrentHashMap<>();
    private final Map<String, Duration> ttls = new HashMap<>();
    private final CacheIdentityTable table = new CacheIdentityTable(map, (k, v, ttl) -> {
        map.put(k, v);
        ttls.put(k, ttl);
    }, "c1");
    private final CacheIdentityTable other = new CacheIdentityTable(map, (k, v, ttl) -> map.put(k, v), "c2");

    private static IdentityRecord alice(String ip, Instant at) {
        return new IdentityRecord(ip, true, "corp", "alice", List.of("Eng", "VPN"), "PC1", List.of("WS"), "Windows",
                "AD", at);
    }

    @Test
    void storesRecordsAsJsonWithTheirTtl() {
        Instant t = Instant.parse("2026-11-20T10:15:00Z");
        table.putValid(alice("10.0.0.1", t), Duration.ofMinutes(60));
        table.putInvalid("10.0.0.2", Duration.ofMinutes(30));
        assertThat(map.get("c1|ip|10.0.0.1")).startsWith("{");
        assertThat(ttls).containsEntry("c1|ip|10.0.0.1", Duration.ofMinutes(60))
                .containsEntry("c1|ip|10.0.0.2", Duration.ofMinutes(30));
        assertThat(table.get("10.0.0.1")).contains(alice("10.0.0.1", t));
        assertThat(table.get("10.0.0.2")).hasValueSatisfying(r -> assertThat(r.valid()).isFalse());
        assertThat(other.get("10.0.0.1")).isEmpty();
    }

    @Test
    void findsByUserNewestFirstAndForgetsOnRemove() {
        Instant t = Instant.parse("2026-11-20T10:15:00Z");
        table.putValid(alice("10.0.0.1", t), Duration.ZERO);
        table.putValid(alice("10.0.0.3", t.plusSeconds(5)), Duration.ZERO);
        other.putValid(alice("10.0.0.4", t), Duration.ZERO);
        assertThat(table.findByUser("CORP", "Alice")).extracting(IdentityRecord::ip)
                .containsExactly("10.0.0.3", "10.0.0.1");
        assertThat(table.findByUser("", "alice")).hasSize(2);
        assertThat(table.findByUser("other", "alice")).isEmpty();
        table.remove("10.0.0.3");
        assertThat(table.records()).extracting(IdentityRecord::ip).containsExactly("10.0.0.1");
        table.clear();
        assertThat(table.records()).isEmpty();
        assertThat(other.records()).hasSize(1);
    }

    @Test
    void garbageValueReadsAsAbsent() {
        map.put("c1|ip|10.0.0.9", "not json");
        assertThat(table.get("10.0.0.9")).isEmpty();
        assertThat(table.records()).isEmpty();
    }
}
