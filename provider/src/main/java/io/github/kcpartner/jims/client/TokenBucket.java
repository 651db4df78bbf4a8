package io.github.kcpartner.jims.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket over a clock: {@code perSecond} tokens a second, holding at most one second's
 * worth (the burst). Kept as the time at which the bucket is full again (the "theoretical arrival
 * time" of the generic cell rate algorithm), so it needs no refill timer. Thread-safe.
 *
 * <p>{@link #reserve} takes a token now, or reserves the next one when it comes within the caller's
 * bound (the caller then waits that long), or refuses at once: nobody waits only to be refused.
 * A wall clock set back cannot empty the bucket for longer than one second.
 */
final class TokenBucket {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long interval;
    private final long burst;
    private final Clock clock;
    /** When the bucket is full again, in nanoseconds since the epoch; at or before now: full. */
    private long fullAt;

    TokenBucket(int perSecond, Clock clock) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond must be at least 1");
        }
        this.interval = NANOS_PER_SECOND / perSecond;
        this.burst = interval * perSecond;
        this.clock = clock;
    }

    /**
     * One token.
     *
     * @return {@code 0} when it is taken now, the nanoseconds to wait before using it when it comes
     *         within {@code maxWait} (it is reserved), {@code -1} when none does (nothing taken)
     */
    synchronized long reserve(Duration maxWait) {
        long now = nanos(clock.instant());
        long bound = maxWait.toNanos();
        if (fullAt - now > burst + bound) { // the clock went back: the bucket counts as empty, not as hours ahead
            fullAt = now + burst;
        }
        long next = Math.max(fullAt, now) + interval;
        long wait = next - burst - now;
        if (wait > bound) {
            return -1;
        }
        fullAt = next;
        return Math.max(0, wait);
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * NANOS_PER_SECOND + t.getNano();
    }
}
