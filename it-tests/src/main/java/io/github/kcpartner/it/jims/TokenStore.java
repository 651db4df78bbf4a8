package io.github.kcpartner.it.jims;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Opaque random access tokens with an expiry time. Thread-safe. */
final class TokenStore {

    enum Check {
        VALID,
        EXPIRED,
        UNKNOWN
    }

    private static final int PURGE_THRESHOLD = 10_000;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
    private final Clock clock;

    TokenStore(Clock clock) {
        this.clock = clock;
    }

    /** A new token valid for {@code lifetime} (negative: issued already expired). */
    String issue(Duration lifetime) {
        if (expiries.size() > PURGE_THRESHOLD) {
            Instant now = clock.instant();
            expiries.values().removeIf(expiry -> !expiry.isAfter(now));
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        expiries.put(token, clock.instant().plus(lifetime));
        return token;
    }

    Check check(String token) {
        Instant expiry = token == null ? null : expiries.get(token);
        if (expiry == null) {
            return Check.UNKNOWN;
        }
        return expiry.isAfter(clock.instant()) ? Check.VALID : Check.EXPIRED;
    }

    void revokeAll() {
        expiries.clear();
    }
}
