package io.github.kcpartner.jims.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The cached access token of one server. Renewed at 90 % of its lifetime or 60 s before expiry,
 * whichever comes first (never later than half-life for very short tokens).
 */
final class TokenCache {

    /** Tokens without {@code expires_in} are treated as valid this long. */
    static final long DEFAULT_LIFETIME_S = 300;

    /** The cached token; {@link #toString()} hides the value. */
    record State(String value, Instant obtainedAt, Instant refreshAt, Instant expiresAt) {
        @Override
        public String toString() {
            return "Token[expiresAt=" + expiresAt + "]";
        }
    }

    private final Clock clock;
    private volatile State state;

    TokenCache(Clock clock) {
        this.clock = clock;
    }

    /** The cached token, or {@code null} when none or expired. */
    State current() {
        State s = state;
        if (s != null && !clock.instant().isBefore(s.expiresAt())) {
            return null;
        }
        return s;
    }

    boolean dueForRenewal(State s) {
        return !clock.instant().isBefore(s.refreshAt());
    }

    State store(String value, long expiresInSeconds) {
        long life = expiresInSeconds > 0 ? expiresInSeconds : DEFAULT_LIFETIME_S;
        long lead = Math.min(Math.max(life / 10, 60), life / 2);
        Instant now = clock.instant();
        State s = new State(value, now, now.plus(Duration.ofSeconds(life - lead)), now.plusSeconds(life));
        state = s;
        return s;
    }

    /** Drops the token if it is {@code value} (or any token when {@code value} is null). */
    void invalidate(String value) {
        State s = state;
        if (s != null && (value == null || s.value().equals(value))) {
            state = null;
        }
    }
}
