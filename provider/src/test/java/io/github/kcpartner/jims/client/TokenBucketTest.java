package io.github.kcpartner.jims.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kcpartner.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The IP-query token bucket on a clock the test moves: no sleeping, no timing luck. */
class TokenBucketTest {

    private static final Duration BOUND = Duration.ofMillis(250);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));

    /** What {@code n} callers arriving at the same instant get: the wait of each admitted one, -1 for a refusal. */
    private static List<Long> burst(TokenBucket bucket, int n) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(bucket.reserve(BOUND));
        }
        return out;
    }

    @Test
    @DisplayName(
            "given 2 per second and a burst of 10 at one instant, then exactly the bucket's 2 tokens go through at once and 8 are refused without waiting")
    void burstGetsExactlyTheBucket() {
        TokenBucket bucket = new TokenBucket(2, clock);

        List<Long> waits = burst(bucket, 10);

        assertThat(waits.subList(0, 2)).as("the bucket's tokens").containsOnly(0L);
        assertThat(waits.subList(2, 10))
                .as("the next token is 500 ms away, beyond the 250 ms bound")
                .containsOnly(-1L);
    }

    @Test
    @DisplayName(
            "given 20 per second and a burst of 40, then 20 go through at once, the 5 tokens that come within 250 ms after their wait, the other 15 are refused")
    void burstWaitsAtMostTheBound() {
        TokenBucket bucket = new TokenBucket(20, clock);

        List<Long> waits = burst(bucket, 40);

        assertThat(waits.subList(0, 20)).containsOnly(0L);
        assertThat(waits.subList(20, 25))
                .containsExactly(
                        Duration.ofMillis(50).toNanos(),
                        Duration.ofMillis(100).toNanos(),
                        Duration.ofMillis(150).toNanos(),
                        Duration.ofMillis(200).toNanos(),
                        Duration.ofMillis(250).toNanos());
        assertThat(waits.subList(25, 40)).containsOnly(-1L);
        assertThat(waits).allMatch(w -> w <= BOUND.toNanos());
    }

    @Test
    @DisplayName("given an empty bucket, then tokens come back with time, never more than one second's worth")
    void refillsWithTime() {
        TokenBucket bucket = new TokenBucket(2, clock);
        burst(bucket, 5);

        clock.advance(Duration.ofMillis(500));
        assertThat(burst(bucket, 2)).as("half a second: one token").containsExactly(0L, -1L);

        clock.advance(Duration.ofHours(1));
        assertThat(burst(bucket, 3))
                .as("an hour idle: the bucket holds one second's worth")
                .containsExactly(0L, 0L, -1L);
    }

    @Test
    @DisplayName("given the wall clock set back an hour, then the bucket is empty for at most one second, not an hour")
    void clockSetBack() {
        TokenBucket bucket = new TokenBucket(2, clock);
        burst(bucket, 2);
        clock.advance(Duration.ofHours(-1));
        assertThat(bucket.reserve(BOUND)).isEqualTo(-1L);

        clock.advance(Duration.ofSeconds(1));
        assertThat(burst(bucket, 3)).containsExactly(0L, 0L, -1L);
    }
}
