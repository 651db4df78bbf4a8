package io.github.kcpartner.jims.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The groups of imported identities are announced (so Keycloak creates them) only when a logon is stored. */
class TableWriterTest {

    private final List<List<String>> announced = new CopyOnWriteArrayList<>();
    private final InMemoryIdentityTable table = new InMemoryIdentityTable();
    private final TableWriter writer = new TableWriter(table, config(), Clock.systemUTC(), announced::add);

    private static JimsClientConfig config() {
        return JimsClientConfig.builder()
                .primary(JimsServerConfig.builder(ServerRole.PRIMARY)
                        .address("127.0.0.1")
                        .port(443)
                        .clientId("c")
                        .clientSecret("s")
                        .build())
                .domainFilter(List.of("corp"))
                .build();
    }

    private static JimsEntry logon(String domain, String time, List<String> groups) {
        return new JimsEntry(
                JimsEntry.Operation.LOGON,
                Instant.parse(time),
                "AD",
                "10.0.0.1",
                domain,
                "alice",
                groups,
                "PC1",
                List.of(),
                "Windows");
    }

    @Test
    @DisplayName(
            "given batch logons, then a stored one announces its groups; a filtered, an older or a group-less one does not")
    void batchLogons() {
        assertThat(writer.apply(logon("corp", "2026-12-03T10:00:00Z", List.of("Eng", "VPN"))))
                .isTrue();
        assertThat(writer.apply(logon("other", "2026-12-03T10:05:00Z", List.of("Filtered"))))
                .isFalse();
        writer.apply(logon("corp", "2026-12-03T09:00:00Z", List.of("Older")));
        writer.apply(logon("corp", "2026-12-03T10:10:00Z", List.of()));
        assertThat(announced).containsExactly(List.of("Eng", "VPN"));
    }

    @Test
    @DisplayName("given an IP-query answer with a logon, then its groups are announced once it is stored")
    void ipQueryAnswer() {
        Optional<IdentityRecord> stored = writer.applyAnswer(
                "10.0.0.1", Optional.empty(), List.of(logon("corp", "2026-12-03T10:00:00Z", List.of("Ops"))));
        assertThat(stored).isPresent();
        assertThat(announced).containsExactly(List.of("Ops"));
    }

    @Test
    @DisplayName("given a failing group creation, then the entry is stored anyway")
    void failingAnnouncementKeepsEntry() {
        TableWriter failing = new TableWriter(table, config(), Clock.systemUTC(), g -> {
            throw new IllegalStateException("database down");
        });
        assertThat(failing.apply(logon("corp", "2026-12-03T10:00:00Z", List.of("Eng"))))
                .isTrue();
        assertThat(table.get("10.0.0.1")).isPresent();
    }
}
