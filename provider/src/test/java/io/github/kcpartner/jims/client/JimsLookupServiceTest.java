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
}
