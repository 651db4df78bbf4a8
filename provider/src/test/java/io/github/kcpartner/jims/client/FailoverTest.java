package io.github.kcpartner.jims.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kcpartner.testsupport.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FailoverTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    private final List<String> transitions = new CopyOnWriteArrayList<>();
    private final JimsClientListener listener = new JimsClientListener() {
        @Override
        public void onServerStateChange(ServerRole role, boolean online) {
            transitions.add(role + (online ? " online" : " offline"));
        }
    };
    private io.github.kcpartner.testing.Warnings warnings;
    private StubJims secondary;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        secondary = StubJims.http();
        closeables.add(secondary);
        warnings = io.github.kcpartner.testing.Warnings.of(JimsClient.class);
    }

    @AfterEach
    void stop() throws Exception {
        warnings.close();
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private JimsClient client(JimsServerConfig primary, boolean withSecondary) {
        JimsClientConfig.Builder b = JimsClientConfig.builder().primary(primary).maxBodyBytes(1024);
        if (withSecondary) {
            b.secondary(secondary.config(ServerRole.SECONDARY).build());
        }
        JimsClient c = JimsClient.builder(b.build())
                .clock(clock)
                .listener(listener)
                .backgroundProbing(false)
                .build();
        closeables.add(0, c);
        return c;
    }

    private StubJims stub() throws Exception {
        StubJims s = StubJims.http();
        closeables.add(s);
        return s;
    }

    @Test
    @DisplayName("primary refuses connections: the secondary serves every request, one transition, one warning")
    void refusedPrimary() throws Exception {
        JimsServerConfig primary = secondary
                .config(ServerRole.PRIMARY)
                .port(HangingServer.refusedPort())
                .build();
        JimsClient client = client(primary, true);
        for (int i = 0; i < 50; i++) {
            assertThat(client.ipQuery("10.0.0." + i).servedBy()).isEqualTo(ServerRole.SECONDARY);
        }
        ServerStatus p = client.status().get(0);
        assertThat(p.state()).isEqualTo("Offline");
        assertThat(p.lastStatus()).isEqualTo("Connection refused");
        assertThat(p.summary()).matches("Offline; last check: failed at \\S+Z: Connection refused");
        assertThat(client.status().get(1).state()).isEqualTo("Online");
        assertThat(client.status().get(1).summary()).matches("Online; last check: OK \\(200\\) at \\S+Z");
        assertThat(client.counters().get(ServerRole.PRIMARY).onlineToOffline()).isEqualTo(1);
        assertThat(secondary.queryRequests).hasValue(50);
        assertThat(transitions).containsExactly("PRIMARY offline");
        assertThat(warnings.messages()).hasSize(1); // jboss-logging writes through java.util.logging in tests
        assertThat(warnings.messages().get(0)).contains("is Offline").doesNotContain(StubJims.SECRET);
    }

    @Test
    @DisplayName("concurrent requests while the primary refuses: none lost, exactly one transition")
    void refusedPrimaryUnderConcurrency() throws Exception {
        JimsServerConfig primary = secondary
                .config(ServerRole.PRIMARY)
                .port(HangingServer.refusedPort())
                .build();
        JimsClient client = client(primary, true);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<JimsResponse>> results = new ArrayList<>();
            for (int i = 0; i < 160; i++) {
                String ip = "10.0." + (i / 200) + "." + (i % 200);
                results.add(pool.submit(() -> client.ipQuery(ip)));
            }
            for (Future<JimsResponse> f : results) {
                assertThat(f.get(30, TimeUnit.SECONDS).servedBy()).isEqualTo(ServerRole.SECONDARY);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(client.counters().get(ServerRole.PRIMARY).onlineToOffline()).isEqualTo(1);
        assertThat(transitions).containsExactly("PRIMARY offline");
    }

    @Test
    @DisplayName("primary hangs: one read timeout is paid across a stream of requests")
    void hangingPrimaryCostsOneTimeout() throws Exception {
        HangingServer hanging = new HangingServer();
        closeables.add(hanging);
        int timeoutMs = 1000;
        JimsClient client = client(
                secondary
                        .config(ServerRole.PRIMARY)
                        .port(hanging.port())
                        .readTimeoutMs(timeoutMs)
                        .build(),
                true);
        int n = 20;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            assertThat(client.ipQuery("10.0.1." + i).servedBy()).isEqualTo(ServerRole.SECONDARY);
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(hanging.accepted).hasValue(1);
        assertThat(client.status().get(0).lastStatus()).isEqualTo("Read timed out");
        assertThat(client.counters().get(ServerRole.PRIMARY).onlineToOffline()).isEqualTo(1);
        // one timeout is paid (accepted == 1 above); the run cannot be shorter than that timeout
        assertThat(elapsedMs).isGreaterThanOrEqualTo(timeoutMs);
    }

    @Test
    @DisplayName("primary hangs under concurrent load: requests queued behind the token fetch do not each time out")
    void hangingPrimaryConcurrent() throws Exception {
        HangingServer hanging = new HangingServer();
        closeables.add(hanging);
        JimsClient client = client(
                secondary
                        .config(ServerRole.PRIMARY)
                        .port(hanging.port())
                        .readTimeoutMs(1000)
                        .build(),
                true);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<JimsResponse>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String ip = "10.0.2." + i;
                results.add(pool.submit(() -> client.ipQuery(ip)));
            }
            for (Future<JimsResponse> f : results) {
                assertThat(f.get(30, TimeUnit.SECONDS).servedBy()).isEqualTo(ServerRole.SECONDARY);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(hanging.accepted).hasValue(1);
        assertThat(client.counters().get(ServerRole.PRIMARY).onlineToOffline()).isEqualTo(1);
    }

    @Test
    @DisplayName("primary back: the probe marks it Online and traffic returns to it")
    void primaryRecovers() throws Exception {
        StubJims primary = stub();
        JimsClient client = client(primary.config(ServerRole.PRIMARY).build(), true);
        assertThat(client.status().get(0).summary())
                .as("before any request")
                .startsWith("Online; last check: none yet (no request sent;")
                .doesNotContain("Not connected");
        primary.down = true;
        assertThat(client.ipQuery("10.0.0.1").servedBy()).isEqualTo(ServerRole.SECONDARY);
        assertThat(client.status().get(0).lastStatus()).isEqualTo("Token refused: Service Unavailable (503)");
        int primaryCalls = primary.tokenRequests.get() + primary.queryRequests.get();
        assertThat(client.ipQuery("10.0.0.2").servedBy()).isEqualTo(ServerRole.SECONDARY);
        assertThat(primary.tokenRequests.get() + primary.queryRequests.get())
                .as("no request waits on an Offline primary")
                .isEqualTo(primaryCalls);

        client.probeOfflineServers();
        assertThat(client.status().get(0).online()).isFalse();
        primary.down = false;
        client.probeOfflineServers();
        assertThat(client.status().get(0).online()).isTrue();
        assertThat(client.status().get(0).tokenPresent()).isTrue();
        assertThat(client.ipQuery("10.0.0.3").servedBy()).isEqualTo(ServerRole.PRIMARY);
        assertThat(transitions).containsExactly("PRIMARY offline", "PRIMARY online");
        assertThat(client.status().get(0).summary())
                .as("Online with the older failure said to be recovered")
                .matches("Online; last check: OK \\(200\\) at \\S+Z; earlier failure at \\S+Z, recovered since:"
                        + " Token refused: Service Unavailable \\(503\\)");

        primary.down = true;
        assertThat(client.ipQuery("10.0.0.4").servedBy()).isEqualTo(ServerRole.SECONDARY);
        assertThat(client.counters().get(ServerRole.PRIMARY).onlineToOffline()).isEqualTo(2);
    }

    @Test
    @DisplayName("the background prober on an injected scheduler brings the primary back")
    void backgroundProber() throws Exception {
        StubJims primary = stub();
        CountDownLatch back = new CountDownLatch(1);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            JimsClient client = JimsClient.builder(JimsClientConfig.builder()
                            .primary(primary.config(ServerRole.PRIMARY).build())
                            .secondary(secondary.config(ServerRole.SECONDARY).build())
                            .probeIntervalSeconds(1)
                            .build())
                    .scheduler(scheduler)
                    .listener(new JimsClientListener() {
                        @Override
                        public void onServerStateChange(ServerRole role, boolean online) {
                            if (role == ServerRole.PRIMARY && online) {
                                back.countDown();
                            }
                        }
                    })
                    .build();
            closeables.add(0, client);
            primary.down = true;
            assertThat(client.ipQuery("10.0.0.1").servedBy()).isEqualTo(ServerRole.SECONDARY);
            primary.down = false;
            assertThat(back.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(client.ipQuery("10.0.0.1").servedBy()).isEqualTo(ServerRole.PRIMARY);
            client.close();
            assertThat(scheduler.isShutdown())
                    .as("an injected scheduler is not ours to stop")
                    .isFalse();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    @DisplayName(
            "both down: JimsUnavailableException naming both, without secrets; the next request tries both again and the first back serves it without waiting for the prober")
    void bothDown() throws Exception {
        StubJims primary = stub();
        JimsClient client = client(primary.config(ServerRole.PRIMARY).build(), true);
        primary.down = true;
        secondary.down = true;
        assertThatThrownBy(() -> client.ipQuery("10.0.0.1"))
                .isInstanceOf(JimsUnavailableException.class)
                .hasMessageContaining("Primary 127.0.0.1")
                .hasMessageContaining("Secondary 127.0.0.1")
                .hasMessageNotContaining(StubJims.SECRET);
        assertThat(client.status()).noneMatch(ServerStatus::online);
        int primaryCalls = primary.tokenRequests.get();
        int secondaryCalls = secondary.tokenRequests.get();
        assertThatThrownBy(() -> client.ipQuery("10.0.0.2"))
                .isInstanceOf(JimsUnavailableException.class)
                .hasMessageContaining("Primary 127.0.0.1")
                .hasMessageContaining("Secondary 127.0.0.1");
        assertThat(primary.tokenRequests.get())
                .as("the Offline primary is tried once")
                .isEqualTo(primaryCalls + 1);
        assertThat(secondary.tokenRequests.get())
                .as("then the Offline secondary, once")
                .isEqualTo(secondaryCalls + 1);
        assertThat(client.counters().get(ServerRole.PRIMARY).onlineToOffline())
                .as("no new transition")
                .isEqualTo(1);

        secondary.down = false; // back, and no probe has run
        assertThat(client.ipQuery("10.0.0.3").servedBy()).isEqualTo(ServerRole.SECONDARY);
        assertThat(client.status().get(1).online()).isTrue();
        assertThat(transitions).containsExactly("PRIMARY offline", "SECONDARY offline", "SECONDARY online");
        int primaryNow = primary.tokenRequests.get();
        assertThat(client.ipQuery("10.0.0.4").servedBy()).isEqualTo(ServerRole.SECONDARY);
        assertThat(primary.tokenRequests.get())
                .as("with the secondary Online, the Offline primary waits for the prober")
                .isEqualTo(primaryNow);
    }

    @Test
    void onlyPrimaryConfigured() throws Exception {
        JimsClient client = client(
                secondary
                        .config(ServerRole.PRIMARY)
                        .port(HangingServer.refusedPort())
                        .build(),
                false);
        assertThatThrownBy(() -> client.ipQuery("10.0.0.1"))
                .isInstanceOf(JimsUnavailableException.class)
                .hasMessageContaining("Connection refused")
                .hasMessageContaining("no secondary configured");
        assertThat(client.status()).hasSize(1);
    }

    @Test
    @DisplayName("5xx and unusable bodies fail over; 400 does not")
    void serverErrorsVersusBadRequests() throws Exception {
        StubJims primary = stub();
        JimsClient client = client(primary.config(ServerRole.PRIMARY).build(), true);
        primary.handler = q -> new StubJims.Reply(400, "{\"error\":\"bad\"}".getBytes());
        assertThatThrownBy(() -> client.ipQuery("10.0.0.1"))
                .isInstanceOf(JimsRequestException.class)
                .hasMessageContaining("400");
        assertThat(client.status().get(0).online()).isTrue();
        assertThat(client.status().get(0).summary())
                .as("a refused request next to Online says why it is no outage")
                .matches("Online; last check: failed at \\S+Z: Bad Request \\(400\\) \\(not an outage: .*\\)");
        assertThat(secondary.queryRequests).hasValue(0);

        primary.handler = q -> new StubJims.Reply(500, "oops".getBytes());
        assertThat(client.ipQuery("10.0.0.1").servedBy()).isEqualTo(ServerRole.SECONDARY);
        assertThat(client.status().get(0).lastStatus()).isEqualTo("Internal Server Error (500)");
        ServerCounters c = client.counters().get(ServerRole.PRIMARY);
        assertThat(c.ipQueriesSent()).isEqualTo(2);
        assertThat(c.ipQueryErrors()).isEqualTo(2);
        assertThat(c.ipQueriesReturned()).isZero();
    }

    @Test
    @DisplayName("garbage, huge (sized or chunked) bodies: counted as errors, never thrown unchecked")
    void badBodies() throws Exception {
        for (String kind : List.of("garbage", "huge", "chunked")) {
            StubJims primary = stub();
            JimsClient client = client(primary.config(ServerRole.PRIMARY).build(), true);
            primary.chunked = kind.equals("chunked");
            String body = kind.equals("garbage")
                    ? "{\"entries\":[{\"operation\":"
                    : "{\"entries\":[" + " ".repeat(4096) + "]}";
            primary.handler = q -> StubJims.Reply.json(body);
            assertThat(client.ipQuery("10.0.0.1").servedBy()).as(kind).isEqualTo(ServerRole.SECONDARY);
            assertThat(client.counters().get(ServerRole.PRIMARY).ipQueryErrors())
                    .as(kind)
                    .isEqualTo(1);
            assertThat(client.counters().get(ServerRole.PRIMARY).ipQueriesReturned())
                    .as(kind)
                    .isZero();
            assertThat(client.status().get(0).lastStatus())
                    .as(kind)
                    .startsWith(kind.equals("garbage") ? "Unparsable body" : "Body larger than 1024 bytes");
        }
    }

    @Test
    @DisplayName("malformed entries are skipped and counted; counters can be cleared")
    void skippedEntriesAndCounters() throws Exception {
        StubJims primary = stub();
        JimsClient client = client(primary.config(ServerRole.PRIMARY).build(), true);
        primary.handler = q -> StubJims.Reply.json(StubJims.body(
                "c1",
                StubJims.entry("logon", "2026-11-20T10:00:00Z", "10.0.0.1", "corp", "ann"),
                "{\"operation\":\"logon\"}",
                "[]"));
        JimsResponse r = client.ipQuery("10.0.0.1");
        assertThat(r.entries()).hasSize(1);
        assertThat(r.skippedEntries()).isEqualTo(2);
        ServerCounters c = client.counters().get(ServerRole.PRIMARY);
        assertThat(c.skippedEntries()).isEqualTo(2);
        assertThat(c.ipQueriesSent()).isEqualTo(1);
        assertThat(c.ipQueriesReturned()).isEqualTo(1);
        assertThat(c.ipLastResponse()).isEqualTo(clock.instant());
        assertThat(c.ipLookupMaxMillis()).isGreaterThanOrEqualTo(c.ipLookupAvgMillis());
        client.clearCounters();
        assertThat(client.counters().get(ServerRole.PRIMARY))
                .isEqualTo(new ServerCounters(0, 0, 0, null, 0, 0, 0, null, 0, 0, 0, 0));
    }

    @Test
    @DisplayName("the metrics listener sees every exchange; a throwing listener breaks nothing")
    void listener() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        JimsClientListener recording = new JimsClientListener() {
            @Override
            public void onRequest(ServerRole role, QueryKind kind, boolean success, long durationNanos) {
                seen.add(role + " " + kind + " " + success);
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void onServerStateChange(ServerRole role, boolean online) {
                throw new IllegalStateException("listener bug");
            }
        };
        JimsServerConfig primary = secondary
                .config(ServerRole.PRIMARY)
                .port(HangingServer.refusedPort())
                .build();
        JimsClient client = JimsClient.builder(JimsClientConfig.builder()
                        .primary(primary)
                        .secondary(secondary.config(ServerRole.SECONDARY).build())
                        .build())
                .listener(recording)
                .backgroundProbing(false)
                .build();
        closeables.add(0, client);
        assertThat(client.ipQuery("10.0.0.1").servedBy()).isEqualTo(ServerRole.SECONDARY);
        assertThat(seen).containsExactly("PRIMARY TOKEN false", "SECONDARY TOKEN true", "SECONDARY IP true");
    }

    @Test
    void invalidIpIsARequestError() {
        JimsClient client = client(secondary.config(ServerRole.PRIMARY).build(), false);
        assertThatThrownBy(() -> client.ipQuery("not-an-ip")).isInstanceOf(JimsRequestException.class);
        assertThatThrownBy(() -> client.userQuery("10.0.0.1", " ", "corp")).isInstanceOf(JimsRequestException.class);
        assertThat(secondary.tokenRequests).hasValue(0);
    }
}
