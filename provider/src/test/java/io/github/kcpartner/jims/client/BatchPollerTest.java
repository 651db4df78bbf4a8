package io.github.kcpartner.jims.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kcpartner.testsupport.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BatchPollerTest {

    private static final Instant BASE = Instant.parse("2026-11-20T08:00:00Z");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    private final InMemoryIdentityTable table = new InMemoryIdentityTable(clock);
    private StubJims primary;
    private StubJims secondary;
    private JimsClient client;
    private JimsLookupService service;

    /** Entry i: 10.0.(i/250).(i%250), user u{i}, timestamp BASE + i seconds. */
    private static List<String> entries(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(StubJims.entry(
                    "logon",
                    BASE.plusSeconds(i).toString(),
                    "10.0." + (i / 250) + "." + (i % 250),
                    i % 2 == 0 ? "corp.example.com" : "lab.example.com",
                    "u" + i,
                    "G"));
        }
        return out;
    }

    /** Serves {@code all} from a timestamp or from its own cookie {@code prefix + offset}. */
    private static void serve(StubJims s, String prefix, List<String> all) {
        s.handler = q -> {
            int count = Integer.parseInt(q.get("entry_count"));
            int offset;
            if (q.containsKey("cookie")) {
                if (!q.get("cookie").startsWith(prefix)) {
                    return new StubJims.Reply(400, "{\"error\":\"unknown cookie\"}".getBytes());
                }
                offset = Integer.parseInt(q.get("cookie").substring(prefix.length()));
            } else {
                offset = (int) Math.max(0, Long.parseLong(q.get("timestamp")) - BASE.getEpochSecond());
            }
            int end = Math.min(all.size(), offset + count);
            List<String> page = all.subList(Math.min(offset, end), end);
            return StubJims.Reply.json(StubJims.body(prefix + end, page.toArray(String[]::new)));
        };
    }

    private void start(JimsClientConfig.Builder extra) {
        start(extra, table);
    }

    private void start(JimsClientConfig.Builder extra, IdentityTable into) {
        client = JimsClient.builder(extra.primary(
                                primary.config(ServerRole.PRIMARY).build())
                        .secondary(secondary.config(ServerRole.SECONDARY).build())
                        .build())
                .clock(clock)
                .backgroundProbing(false)
                .build();
        service = new JimsLookupService(client, into, clock);
    }

    @BeforeEach
    void stubs() throws Exception {
        primary = StubJims.http();
        secondary = StubJims.http();
    }

    @AfterEach
    void stop() {
        client.close();
        primary.close();
        secondary.close();
    }

    @Test
    @DisplayName("first page by timestamp, next pages by cookie, a short page means drained")
    void paging() throws Exception {
        serve(primary, "P-", entries(450));
        start(JimsClientConfig.builder());
        BatchPoller poller = service.newBatchPoller(BASE);
        BatchPoller.Cycle cycle = poller.runOnce();
        assertThat(cycle).isEqualTo(new BatchPoller.Cycle(3, 450, 0, 0, true, ServerRole.PRIMARY));
        assertThat(primary.queries)
                .containsExactly(
                        Map.of("timestamp", Long.toString(BASE.getEpochSecond()), "entry_count", "200"),
                        Map.of("cookie", "P-200", "entry_count", "200"),
                        Map.of("cookie", "P-400", "entry_count", "200"));
        assertThat(table.size()).isEqualTo(450);
        assertThat(table.get("10.0.1.199").orElseThrow().user()).isEqualTo("u449");
        assertThat(poller.lastSeen()).isEqualTo(BASE.plusSeconds(449));

        BatchPoller.Cycle next = poller.runOnce();
        assertThat(next.pages()).isEqualTo(1);
        assertThat(next.entriesApplied()).isZero();
        assertThat(primary.queries.get(3)).containsEntry("cookie", "P-450");
        ServerCounters c = client.counters().get(ServerRole.PRIMARY);
        assertThat(c.batchQueriesSent()).isEqualTo(4);
        assertThat(c.batchQueriesReturned()).isEqualTo(4);
        assertThat(c.batchLastResponse()).isEqualTo(clock.instant());
    }

    @Test
    @DisplayName(
            "given a logon and its logoff in two pages of one cycle, then the table never holds the logon, not even between the pages")
    void replayedLogonAndLogoffNeverShow() throws Exception {
        List<String> all = new ArrayList<>(entries(199));
        all.add(StubJims.entry(
                "logon", BASE.plusSeconds(300).toString(), "10.9.9.9", "corp.example.com", "alice", "G"));
        all.add(StubJims.entry("logoff", BASE.plusSeconds(400).toString(), "10.9.9.9", "corp.example.com", "alice"));
        all.add(StubJims.entry("logon", BASE.plusSeconds(500).toString(), "10.9.9.8", "corp.example.com", "bob", "G"));
        serve(primary, "P-", all);
        IdentityTable recorded = org.mockito.Mockito.spy(table);
        start(JimsClientConfig.builder(), recorded);

        BatchPoller.Cycle cycle = service.newBatchPoller(BASE).runOnce();

        assertThat(cycle.pages())
                .as("the logon ends page 1, the logoff starts page 2")
                .isEqualTo(2);
        assertThat(cycle.entriesApplied()).isEqualTo(202);
        org.mockito.Mockito.verify(recorded, org.mockito.Mockito.never())
                .putValid(
                        org.mockito.ArgumentMatchers.argThat(r -> r.user().equals("alice")),
                        org.mockito.ArgumentMatchers.any());
        assertThat(table.get("10.9.9.9")).isEmpty();
        assertThat(table.get("10.9.9.8").orElseThrow().user()).isEqualTo("bob");
        assertThat(table.size()).isEqualTo(200);
    }

    @Test
    @DisplayName(
            "given a logoff in page 1 of a 3-page cycle, then it reaches the table before page 2 is asked for, and the older logon of that address in page 1 is never written")
    void logoffReachesTheTableBeforeTheNextPage() throws Exception {
        table.putValid(
                new IdentityRecord(
                        "10.9.9.9",
                        true,
                        "corp.example.com",
                        "alice",
                        List.of("G"),
                        "PC-1",
                        List.of(),
                        "Windows",
                        "AD",
                        BASE.minusSeconds(3600)),
                java.time.Duration.ZERO); // alice, known from an earlier cycle
        List<String> all = new ArrayList<>(entries(450));
        all.set(10, StubJims.entry("logon", BASE.plusSeconds(10).toString(), "10.9.9.7", "corp.example.com", "bob"));
        all.set(20, StubJims.entry("logoff", BASE.plusSeconds(20).toString(), "10.9.9.7", "corp.example.com", "bob"));
        all.set(30, StubJims.entry("logoff", BASE.plusSeconds(30).toString(), "10.9.9.9", "corp.example.com", "alice"));
        serve(primary, "P-", all);
        var paging = primary.handler;
        List<String> aliceWhenAsked = new java.util.concurrent.CopyOnWriteArrayList<>();
        primary.handler = q -> {
            aliceWhenAsked.add(q.getOrDefault("cookie", "first") + "="
                    + table.get("10.9.9.9").map(IdentityRecord::user).orElse("gone"));
            return paging.apply(q);
        };
        IdentityTable recorded = org.mockito.Mockito.spy(table);
        start(JimsClientConfig.builder(), recorded);

        BatchPoller.Cycle cycle = service.newBatchPoller(BASE).runOnce();

        assertThat(cycle.pages()).isEqualTo(3);
        assertThat(aliceWhenAsked).containsExactly("first=alice", "P-200=gone", "P-400=gone");
        org.mockito.Mockito.verify(recorded, org.mockito.Mockito.never())
                .putValid(
                        org.mockito.ArgumentMatchers.argThat(r -> r.user().equals("bob")),
                        org.mockito.ArgumentMatchers.any());
        assertThat(table.get("10.9.9.7")).isEmpty();
        assertThat(table.get("10.0.1.199").orElseThrow().user())
                .as("logons still reach the table at the end of the cycle")
                .isEqualTo("u449");
    }

    @Test
    @DisplayName("after a switch the batch restarts from the last entry's timestamp, never with a foreign cookie")
    void restartAfterSwitch() throws Exception {
        List<String> all = entries(450);
        serve(secondary, "S-", all);
        serve(primary, "P-", all);
        AtomicInteger calls = new AtomicInteger();
        var normal = primary.handler;
        primary.handler =
                q -> calls.incrementAndGet() == 1 ? normal.apply(q) : new StubJims.Reply(503, "{}".getBytes());
        start(JimsClientConfig.builder());
        BatchPoller poller = service.newBatchPoller(BASE);

        BatchPoller.Cycle cycle = poller.runOnce();
        assertThat(cycle.servedBy()).isEqualTo(ServerRole.SECONDARY);
        assertThat(cycle.drained()).isTrue();
        long lastOfFirstPage = BASE.plusSeconds(199).getEpochSecond();
        assertThat(secondary.queries.get(0))
                .isEqualTo(Map.of("timestamp", Long.toString(lastOfFirstPage), "entry_count", "200"));
        assertThat(secondary.queries)
                .noneMatch(q -> q.getOrDefault("cookie", "").startsWith("P-"));
        assertThat(secondary.queries.get(1)).containsEntry("cookie", "S-399");
        assertThat(table.size()).isEqualTo(450);
        assertThat(poller.cookieOwner()).isEqualTo(ServerRole.SECONDARY);

        // The primary comes back: the secondary's cookie is not sent to it either.
        primary.handler = normal;
        client.probeOfflineServers();
        poller.runOnce();
        Map<String, String> back = primary.queries.get(primary.queries.size() - 1);
        assertThat(back)
                .containsEntry("timestamp", Long.toString(BASE.plusSeconds(449).getEpochSecond()))
                .doesNotContainKey("cookie");
        assertThat(poller.cookieOwner()).isEqualTo(ServerRole.PRIMARY);
    }

    @Test
    @DisplayName("logoffs end entries; filtered and malformed entries are counted, not stored")
    void logoffsFiltersAndSkips() throws Exception {
        primary.handler = q -> StubJims.Reply.json(StubJims.body(
                "P-1",
                StubJims.entry("logon", "2026-11-20T08:00:00Z", "10.0.0.1", "CORP.example.com", "ann"),
                StubJims.entry("logon", "2026-11-20T08:00:01Z", "10.0.0.2", "lab.example.com", "bob"),
                StubJims.entry("logon", "2026-11-20T08:00:02Z", "2001:db8::9", "corp.example.com", "cy"),
                StubJims.entry("logon", "2026-11-20T08:00:03Z", "192.168.7.7", "corp.example.com", "dan"),
                "{\"operation\":\"logon\",\"ip\":\"10.0.0.5\"}"));
        start(JimsClientConfig.builder()
                .domainFilter(List.of("corp.example.com"))
                .excludeIp(List.of("192.168.0.0/16")));
        BatchPoller.Cycle c = service.newBatchPoller(BASE).runOnce();
        assertThat(c).isEqualTo(new BatchPoller.Cycle(1, 1, 3, 1, true, ServerRole.PRIMARY));
        assertThat(table.get("10.0.0.1")).isPresent();
        assertThat(table.get("10.0.0.2")).isEmpty();

        primary.handler = q -> StubJims.Reply.json(StubJims.body(
                "P-2", StubJims.entry("logoff", "2026-11-20T09:00:00Z", "10.0.0.1", "corp.example.com", "ann")));
        service.newBatchPoller(BASE).runOnce();
        assertThat(table.get("10.0.0.1")).isEmpty();
    }
}
