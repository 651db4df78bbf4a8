package io.github.kcpartner.jims.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kcpartner.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JimsLookupServiceTest {

    private static final String IP = "10.1.2.50";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    private final InMemoryIdentityTable table = new InMemoryIdentityTable(clock);
    private StubJims primary;
    private StubJims secondary;
    private JimsClient client;
    private JimsLookupService service;

    @BeforeEach
    void stubs() throws Exception {
        primary = StubJims.http();
        secondary = StubJims.http();
        answerAlice();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        primary.close();
        secondary.close();
    }

    private void answerAlice() {
        primary.handler = q -> StubJims.Reply.json(
                q.get("ip").equals(IP)
                        ? StubJims.body(
                                null,
                                StubJims.entry(
                                        "logon",
                                        "2026-11-20T09:00:00Z",
                                        IP,
                                        "corp.example.com",
                                        "alice",
                                        "Engineering",
                                        "VPN-Users"))
                        : StubJims.body(null));
    }

    private void answerNobody() {
        primary.handler = q -> StubJims.Reply.json(StubJims.body(null));
    }

    private void start(JimsClientConfig.Builder b) {
        client = JimsClient.builder(b.primary(primary.config(ServerRole.PRIMARY).build())
                        .secondary(secondary.config(ServerRole.SECONDARY).build())
                        .build())
                .clock(clock)
                .backgroundProbing(false)
                .build();
        service = new JimsLookupService(client, table, clock);
    }

    @Test
    @DisplayName(
            "given IPv6 entries kept, then a logon at an IPv6 address is stored and found in any spelling of the address")
    void ipv6LogonIsFound() throws Exception {
        primary.handler = q -> StubJims.Reply.json(StubJims.body(
                null,
                StubJims.entry(
                        "logon",
                        "2026-11-20T09:00:00Z",
                        "2001:db8:0:0:0:0:0:7",
                        "corp.example.com",
                        "alice",
                        "Engineering")));
        start(JimsClientConfig.builder().ipv6Entries(true));

        assertThat(service.lookupByIp("2001:DB8::7").orElseThrow().user()).isEqualTo("alice");
        assertThat(service.lookupByIp("2001:db8:0::7"))
                .as("from the table, any spelling")
                .isPresent();
        assertThat(primary.queryRequests).hasValue(1);
        assertThat(service.findByUser("corp.example.com", "alice"))
                .extracting(IdentityRecord::ip)
                .containsExactly("2001:db8:0:0:0:0:0:7"); // canonical form
    }

    @Test
    @DisplayName("a valid answer is cached for authentication-entry-timeout")
    void validEntryTtl() throws Exception {
        start(JimsClientConfig.builder());
        IdentityRecord r = service.lookupByIp(IP).orElseThrow();
        assertThat(r.qualifiedUser()).isEqualTo("corp.example.com\\alice");
        assertThat(r.groups()).containsExactly("Engineering", "VPN-Users");
        clock.advance(Duration.ofMinutes(60).minusSeconds(1));
        assertThat(service.lookupByIp(IP)).isPresent();
        assertThat(primary.queryRequests).hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(service.lookupByIp(IP)).isPresent();
        assertThat(primary.queryRequests).hasValue(2);
    }

    @Test
    @DisplayName("nobody at the IP is cached as invalid for invalid-authentication-entry-timeout")
    void invalidEntryTtl() throws Exception {
        start(JimsClientConfig.builder());
        assertThat(service.lookupByIp("10.9.9.9")).isEmpty();
        assertThat(table.get("10.9.9.9").orElseThrow().valid()).isFalse();
        clock.advance(Duration.ofMinutes(30).minusSeconds(1));
        assertThat(service.lookupByIp("10.9.9.9")).isEmpty();
        assertThat(primary.queryRequests).hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(service.lookupByIp("10.9.9.9")).isEmpty();
        assertThat(primary.queryRequests).hasValue(2);
    }

    @Test
    @DisplayName("timeout 0: entries never expire")
    void zeroTimeoutNeverExpires() throws Exception {
        start(JimsClientConfig.builder()
                .authenticationEntryTimeoutMinutes(0)
                .invalidAuthenticationEntryTimeoutMinutes(0));
        service.lookupByIp(IP);
        service.lookupByIp("10.9.9.9");
        clock.advance(Duration.ofDays(30));
        assertThat(service.lookupByIp(IP)).isPresent();
        assertThat(service.lookupByIp("10.9.9.9")).isEmpty();
        assertThat(primary.queryRequests).hasValue(2);
    }

    @Test
    @DisplayName("preserve-valid-user: a null answer does not overwrite a valid user")
    void preserveValidUser() throws Exception {
        start(JimsClientConfig.builder().preserveValidUser(true));
        service.lookupByIp(IP);
        clock.advance(Duration.ofMinutes(5));
        answerNobody();
        assertThat(service.refreshIp(IP).orElseThrow().user()).isEqualTo("alice");
        assertThat(table.get(IP).orElseThrow().valid()).isTrue();
        clock.advance(Duration.ofMinutes(55)); // the preserved entry still expires with its own TTL
        assertThat(service.lookupByIp(IP)).isEmpty();
        assertThat(table.get(IP).orElseThrow().valid()).isFalse();
    }

    @Test
    @DisplayName("without preserve-valid-user a null answer replaces the valid user")
    void withoutPreserveValidUser() throws Exception {
        start(JimsClientConfig.builder());
        service.lookupByIp(IP);
        answerNobody();
        assertThat(service.refreshIp(IP)).isEmpty();
        assertThat(service.lookupByIp(IP)).isEmpty();
        assertThat(table.get(IP).orElseThrow().valid()).isFalse();
    }

    @Test
    @DisplayName("a logoff answer is not a null answer: it ends the entry even with preserve-valid-user")
    void logoffAnswerEndsEntry() throws Exception {
        start(JimsClientConfig.builder().preserveValidUser(true));
        service.lookupByIp(IP);
        primary.handler = q -> StubJims.Reply.json(
                StubJims.body(null, StubJims.entry("logoff", "2026-11-20T09:30:00Z", IP, "corp.example.com", "alice")));
        assertThat(service.refreshIp(IP)).isEmpty();
    }

    @Test
    void noIpQueryAndFilteredIpsAreNeverQueried() throws Exception {
        start(JimsClientConfig.builder().noIpQuery(true));
        assertThat(service.lookupByIp(IP)).isEmpty();
        client.close();
        start(JimsClientConfig.builder().excludeIp(List.of("10.1.0.0/16")));
        assertThat(service.lookupByIp(IP)).isEmpty();
        assertThat(service.lookupByIp("2001:db8::1")).isEmpty(); // IPv6 entries not enabled
        assertThat(primary.queryRequests).hasValue(0);
    }

    @Test
    @DisplayName("both servers down: cached entries still answer, others get JimsUnavailableException")
    void bothDownCacheStillAnswers() throws Exception {
        start(JimsClientConfig.builder());
        service.lookupByIp(IP);
        service.lookupByIp("10.9.9.9");
        primary.down = true;
        secondary.down = true;
        assertThat(service.lookupByIp(IP).orElseThrow().user()).isEqualTo("alice");
        assertThat(service.lookupByIp("10.9.9.9")).isEmpty();
        assertThat(service.findByUser("CORP.EXAMPLE.COM", "Alice")).hasSize(1);
        assertThatThrownBy(() -> service.lookupByIp("10.7.7.7")).isInstanceOf(JimsUnavailableException.class);
    }

    @Test
    void invalidIpIsARequestError() {
        start(JimsClientConfig.builder());
        assertThatThrownBy(() -> service.lookupByIp("10.1.2")).isInstanceOf(JimsRequestException.class);
        assertThatThrownBy(() -> service.lookupByIp(null)).isInstanceOf(JimsRequestException.class);
    }

    @Test
    @DisplayName("max-connections bounds the IP queries in flight")
    void maxConnectionsBoundsConcurrency() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        CountDownLatch twoArrived = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        start(JimsClientConfig.builder().maxConnections(2));
        client.ipQuery("10.0.0.250"); // fetch the token first
        primary.handler = q -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            twoArrived.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return StubJims.Reply.json(StubJims.body(null));
        };
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String ip = "10.0.0." + i;
                futures.add(pool.submit(() -> service.lookupByIp(ip)));
            }
            assertThat(twoArrived.await(10, TimeUnit.SECONDS)).isTrue();
            release.countDown();
            for (Future<?> f : futures) {
                f.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(maxInFlight.get()).isEqualTo(2);
        assertThat(primary.queryRequests).hasValue(7);
    }

    @Test
    @DisplayName(
            "given 20 IP queries a second and 30 unknown addresses at one instant, then 25 reach JIMS (5 after a wait of at most 250 ms), 5 are refused as unavailable and counted; cached answers cost no token")
    void ipQueriesAreRateLimited() throws Exception {
        List<Long> pauses = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<QueryRefusal> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        client = JimsClient.builder(JimsClientConfig.builder()
                        .primary(primary.config(ServerRole.PRIMARY).build())
                        .build())
                .clock(clock)
                .backgroundProbing(false)
                .listener(new JimsClientListener() {
                    @Override
                    public void onRefused(QueryKind kind, QueryRefusal why) {
                        told.add(why);
                    }
                })
                .build();
        service = new JimsLookupService(client, table, clock, groups -> {}, pauses::add);

        List<String> refused = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            try {
                service.lookupByIp("10.5.0." + i);
            } catch (JimsUnavailableException e) {
                assertThat(e).hasMessage("JIMS IP query rate limit reached");
                refused.add("10.5.0." + i);
            }
        }

        assertThat(primary.queryRequests).as("IP queries that reached JIMS").hasValue(25);
        assertThat(refused).containsExactly("10.5.0.25", "10.5.0.26", "10.5.0.27", "10.5.0.28", "10.5.0.29");
        assertThat(pauses)
                .as("the 5 tokens that come within the bound")
                .containsExactly(50_000_000L, 100_000_000L, 150_000_000L, 200_000_000L, 250_000_000L);
        assertThat(client.refusedQueries()).isEqualTo(new RefusedQueries(5, 0));
        assertThat(told).hasSize(5).containsOnly(QueryRefusal.RATE_LIMITED);

        assertThat(service.lookupByIp("10.5.0.3"))
                .as("a cached answer, with the bucket empty")
                .isEmpty();
        assertThat(primary.queryRequests).hasValue(25);

        clock.advance(Duration.ofSeconds(2));
        assertThat(service.lookupByIp("10.5.0.29")).as("tokens refilled").isEmpty();
        assertThat(primary.queryRequests).hasValue(26);
        client.clearCounters();
        assertThat(client.refusedQueries()).isEqualTo(new RefusedQueries(0, 0));
    }

    @Test
    @DisplayName(
            "given every connection busy, then an IP lookup gives up after 250 ms (not after connect + read timeout) and is counted")
    void connectionWaitIsCapped() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        start(JimsClientConfig.builder().maxConnections(1));
        client.ipQuery("10.0.0.250"); // fetch the token first
        primary.handler = q -> {
            inside.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return StubJims.Reply.json(StubJims.body(null));
        };
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> holder = pool.submit(() -> service.lookupByIp("10.0.0.1"));
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

            long start = System.nanoTime();
            assertThatThrownBy(() -> service.lookupByIp("10.0.0.2"))
                    .isInstanceOf(JimsUnavailableException.class)
                    .hasMessageContaining("busy");
            long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(waitedMillis)
                    .as(
                            "connect + read timeout of the primary: 5000 ms; the slot holder's read times out after 3000 ms")
                    .isBetween(240L, 2000L);
            assertThat(client.refusedQueries()).isEqualTo(new RefusedQueries(0, 1));
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }
}
