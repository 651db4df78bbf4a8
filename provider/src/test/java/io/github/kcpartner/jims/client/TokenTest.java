package io.github.kcpartner.jims.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kcpartner.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TokenTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    private StubJims primary;
    private StubJims secondary;
    private JimsClient client;

    @BeforeEach
    void start() throws Exception {
        primary = StubJims.http();
        secondary = StubJims.http();
        client = JimsClient.builder(JimsClientConfig.builder()
                        .primary(primary.config(ServerRole.PRIMARY).build())
                        .secondary(secondary.config(ServerRole.SECONDARY).build())
                        .build())
                .clock(clock)
                .backgroundProbing(false)
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        primary.close();
        secondary.close();
    }

    @Test
    @DisplayName("one token serves many queries; status shows its expiry, never the token")
    void tokenIsCached() throws Exception {
        ServerStatus before = client.status().get(0);
        assertThat(before.tokenPresent()).isFalse();
        assertThat(before.accessTokenDisplay()).isEqualTo("NULL");
        for (int i = 0; i < 10; i++) {
            client.ipQuery("10.0.0." + i);
        }
        assertThat(primary.tokenRequests).hasValue(1);
        assertThat(primary.queryRequests).hasValue(10);
        ServerStatus s = client.status().get(0);
        assertThat(s.tokenPresent()).isTrue();
        assertThat(s.tokenExpiresAt()).isEqualTo(clock.instant().plusSeconds(28800));
        assertThat(s.lastStatus()).isEqualTo("OK (200)");
        assertThat(s.toString()).doesNotContain("tok-");
        assertThat(s.accessTokenDisplay()).doesNotContain("tok-");
    }

    @Test
    @DisplayName("the token is renewed at 90 % of its lifetime, before it expires")
    void tokenRenewedBeforeExpiry() throws Exception {
        client.ipQuery("10.0.0.1");
        clock.advance(Duration.ofSeconds(25919)); // just before 90 % of 28800
        client.ipQuery("10.0.0.1");
        assertThat(primary.tokenRequests).hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        client.ipQuery("10.0.0.1");
        assertThat(primary.tokenRequests).hasValue(2);
        assertThat(client.status().get(0).tokenExpiresAt())
                .isEqualTo(clock.instant().plusSeconds(28800));
    }

    @Test
    @DisplayName("a short token is renewed 60 s before expiry")
    void shortTokenRenewed60sBefore() throws Exception {
        primary.tokenLifetime = 300;
        client.ipQuery("10.0.0.1");
        clock.advance(Duration.ofSeconds(239));
        client.ipQuery("10.0.0.1");
        assertThat(primary.tokenRequests).hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        client.ipQuery("10.0.0.1");
        assertThat(primary.tokenRequests).hasValue(2);
    }

    @Test
    @DisplayName("401 to a query: one fresh token and one retry, on the same server")
    void unauthorizedQueryRetriedOnceWithFreshToken() throws Exception {
        client.ipQuery("10.0.0.1");
        primary.revokeTokens(); // JIMS restarted: old tokens are unknown
        JimsResponse r = client.ipQuery("10.0.0.2");
        assertThat(r.servedBy()).isEqualTo(ServerRole.PRIMARY);
        assertThat(primary.tokenRequests).hasValue(2);
        assertThat(primary.queryRequests).hasValue(3);
        assertThat(client.status().get(0).online()).isTrue();
        assertThat(secondary.queryRequests).hasValue(0);
    }

    @Test
    @DisplayName("persistent 401 after a fresh token is a server failure: the secondary answers")
    void persistentUnauthorizedFailsOver() throws Exception {
        primary.rejectAllTokens = true;
        JimsResponse r = client.ipQuery("10.0.0.1");
        assertThat(r.servedBy()).isEqualTo(ServerRole.SECONDARY);
        assertThat(primary.tokenRequests).hasValue(2);
        assertThat(primary.queryRequests).hasValue(2); // one query, one retry, no more
        ServerStatus p = client.status().get(0);
        assertThat(p.online()).isFalse();
        assertThat(p.lastStatus()).contains("401");
        assertThat(client.counters().get(ServerRole.PRIMARY).onlineToOffline()).isEqualTo(1);
    }

    @Test
    @DisplayName("a refused client secret fails over; no message shows the secret")
    void wrongSecretFailsOverWithoutLeakingIt() throws Exception {
        JimsClient bad = JimsClient.builder(JimsClientConfig.builder()
                        .primary(primary.config(ServerRole.PRIMARY)
                                .clientSecret("wrong-secret-xyz")
                                .build())
                        .build())
                .clock(clock)
                .backgroundProbing(false)
                .build();
        try (bad) {
            assertThatThrownBy(() -> bad.ipQuery("10.0.0.1"))
                    .isInstanceOf(JimsUnavailableException.class)
                    .hasMessageContaining("Token refused: Unauthorized (401)")
                    .hasMessageNotContaining("wrong-secret-xyz");
            assertThat(bad.status().get(0).lastStatus()).doesNotContain("wrong-secret-xyz");
            assertThat(bad.status().toString()).doesNotContain("wrong-secret-xyz");
        }
    }

    @Test
    @DisplayName(
            "a failed renewal while the token is still valid keeps the server Online and serving; an expired token fails over")
    void failedRenewalKeepsServerOnline() throws Exception {
        client.ipQuery("10.0.0.1");
        primary.tokenDown = true;
        clock.advance(Duration.ofSeconds(25920)); // 90 %: due for renewal, valid for another 48 min
        assertThat(client.ipQuery("10.0.0.1").servedBy()).isEqualTo(ServerRole.PRIMARY);
        assertThat(primary.tokenRequests).as("the renewal was tried").hasValue(2);
        assertThat(client.status().get(0).online()).isTrue();
        assertThat(client.counters().get(ServerRole.PRIMARY).onlineToOffline()).isZero();
        assertThat(client.ipQuery("10.0.0.2").servedBy()).isEqualTo(ServerRole.PRIMARY);

        clock.advance(Duration.ofSeconds(2880)); // expired now
        assertThat(client.ipQuery("10.0.0.3").servedBy()).isEqualTo(ServerRole.SECONDARY);
        assertThat(client.status().get(0).online()).isFalse();
    }

    @Test
    @DisplayName("a renewal is fetched once while queries go on with the still valid token instead of waiting for it")
    void renewalIsSingleFlightAndDoesNotBlockQueries() throws Exception {
        client.ipQuery("10.0.0.1");
        clock.advance(Duration.ofSeconds(25920));
        java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
        primary.holdTokens = hold;
        java.util.concurrent.CompletableFuture<JimsResponse> renewing =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return client.ipQuery("10.0.0.1");
                    } catch (JimsException e) {
                        throw new IllegalStateException(e);
                    }
                });
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (primary.tokenRequests.get() < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(primary.tokenRequests).as("the renewal is under way").hasValue(2);
        for (int i = 0; i < 5; i++) {
            assertThat(client.ipQuery("10.0.0." + (10 + i)).servedBy()).isEqualTo(ServerRole.PRIMARY);
        }
        assertThat(renewing).as("the renewing query still waits for its token").isNotDone();
        hold.countDown();
        assertThat(renewing.get(10, java.util.concurrent.TimeUnit.SECONDS).servedBy())
                .isEqualTo(ServerRole.PRIMARY);
        assertThat(primary.tokenRequests).as("one renewal for all").hasValue(2);
        assertThat(client.status().get(0).tokenExpiresAt())
                .isEqualTo(clock.instant().plusSeconds(28800));
    }
}
