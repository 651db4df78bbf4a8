package io.github.kcpartner.jims.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kcpartner.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryIdentityTableTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    private final InMemoryIdentityTable table = new InMemoryIdentityTable(clock);

    private static IdentityRecord alice(String ip) {
        return new IdentityRecord(
                ip,
                true,
                "CORP",
                "alice",
                List.of("Eng", "VPN"),
                "PC-1",
                List.of("WS"),
                "Windows",
                "Active Directory",
                Instant.parse("2026-11-20T09:00:00Z"));
    }

    @Test
    void ttlAndRemove() {
        table.putValid(alice("10.0.0.1"), Duration.ofMinutes(10));
        table.putInvalid("10.0.0.2", java.util.Optional.empty(), Duration.ofMinutes(1));
        assertThat(table.get("10.0.0.2").orElseThrow().valid()).isFalse();
        clock.advance(Duration.ofMinutes(1));
        assertThat(table.get("10.0.0.2")).isEmpty();
        assertThat(table.get("10.0.0.1")).isPresent();
        assertThat(table.remove("10.0.0.1", Instant.parse("2026-11-20T08:59:59Z")))
                .as("an older logoff")
                .isFalse();
        assertThat(table.get("10.0.0.1")).isPresent();
        assertThat(table.remove("10.0.0.1", Instant.parse("2026-11-20T09:00:01Z")))
                .isTrue();
        assertThat(table.get("10.0.0.1")).isEmpty();
    }

    @Test
    void findByUserIsCaseInsensitiveAndSkipsExpiredAndInvalid() {
        table.putValid(alice("10.0.0.1"), Duration.ofMinutes(10));
        table.putValid(alice("10.0.0.3"), Duration.ofMinutes(20));
        table.putInvalid("10.0.0.2", java.util.Optional.empty(), Duration.ZERO);
        assertThat(table.findByUser("corp", "ALICE")).hasSize(2);
        assertThat(table.findByUser("", "alice")).hasSize(2);
        assertThat(table.findByUser("other", "alice")).isEmpty();
        clock.advance(Duration.ofMinutes(10));
        assertThat(table.findByUser("corp", "alice"))
                .extracting(IdentityRecord::ip)
                .containsExactly("10.0.0.3");
        assertThat(table.purgeExpired()).isEqualTo(1);
        assertThat(table.size()).isEqualTo(2);
    }

    @Test
    void flatMapRoundTrip() {
        IdentityRecord r = alice("2001:db8:0:0:0:0:0:1");
        Map<String, String> m = r.toMap();
        assertThat(m.values()).allMatch(v -> v != null);
        assertThat(IdentityRecord.fromMap(m)).isEqualTo(r);
        IdentityRecord invalid = IdentityRecord.invalid("10.0.0.2", clock.instant());
        assertThat(IdentityRecord.fromMap(invalid.toMap())).isEqualTo(invalid);
        assertThat(IdentityRecord.fromMap(Map.of("ip", "x"))).isNull();
        assertThat(IdentityRecord.fromMap(Map.of("ip", "x", "timestamp", "soon")))
                .isNull();
        assertThat(r.qualifiedUser()).isEqualTo("CORP\\alice");
    }
}
