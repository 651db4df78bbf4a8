package io.github.kcpartner.jose;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * A partner's JWK set endpoint, cached. The set is fetched on first use, refreshed after
 * {@code maxAge}, and refetched when a token names an unknown {@code kid}. Fetches (including
 * failed ones) are rate-limited to one per {@code minRefetchInterval}, with one exception for key
 * rotation: the first unknown {@code kid} after a fetch that was not itself caused by an unknown
 * {@code kid} refetches at once. A flood of tokens with random {@code kid}s therefore costs one
 * immediate fetch, then at most one per interval. Thread-safe: readers see an immutable snapshot,
 * fetches are serialised; a reader whose key is in the snapshot never waits for a fetch.
 */
public final class RemoteJwks implements VerificationKeys {

    private static final Logger LOG = Logger.getLogger(RemoteJwks.class);

    private record Snapshot(JwkCandidates keys, Instant fetchedAt) {}

    private final URI uri;
    private final Function<URI, String> fetcher;
    private final Duration minRefetchInterval;
    private final Duration maxAge;
    private final Clock clock;
    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
    private volatile Snapshot snapshot;
    private Instant lastAttempt; // guarded by lock
    private boolean rotationRefetchArmed; // guarded by lock

    RemoteJwks(URI uri, Function<URI, String> fetcher, Duration minRefetchInterval, Duration maxAge, Clock clock) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.minRefetchInterval = Objects.requireNonNull(minRefetchInterval, "minRefetchInterval");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<JWSVerifier> verifiersFor(JWSHeader header, SignatureAlgorithm alg) throws TokenValidationException {
        Snapshot current = snapshot;
        if (current == null || clock.instant().isAfter(current.fetchedAt().plus(maxAge))) {
            current = refresh(current, false);
        }
        if (current == null) {
            throw new TokenValidationException(
                    TokenValidationException.JWKS_UNAVAILABLE, "The partner's JWK set could not be fetched");
        }
        List<JWSVerifier> selected = current.keys().select(header, alg);
        if (selected.isEmpty()) {
            Snapshot newer = refresh(current, true);
            if (newer != current && newer != null) {
                selected = newer.keys().select(header, alg);
            }
        }
        if (selected.isEmpty()) {
            throw new TokenValidationException(
                    TokenValidationException.UNKNOWN_KEY,
                    "No key in the partner's JWK set matches alg " + alg.id() + " kid " + header.getKeyID());
        }
        return selected;
    }

    /** Fetches unless another thread already did or the rate limit forbids; returns the newest snapshot. */
    private Snapshot refresh(Snapshot seen, boolean unknownKid) {
        if (seen != null && !unknownKid) {
            // a scheduled refresh of a set we still have: if another thread is fetching, use ours meanwhile
            if (!lock.tryLock()) {
                return seen;
            }
        } else {
            lock.lock();
        }
        try {
            Snapshot latest = snapshot;
            if (latest != seen) {
                return latest;
            }
            Instant now = clock.instant();
            boolean limited = lastAttempt != null && now.isBefore(lastAttempt.plus(minRefetchInterval));
            boolean rotation = limited && unknownKid && rotationRefetchArmed;
            if (limited && !rotation) {
                return latest;
            }
            lastAttempt = now;
            // only a fetch not caused by an unknown kid earns the next immediate one
            rotationRefetchArmed = !unknownKid;
            try {
                JWKSet set = JWKSet.parse(fetcher.apply(uri));
                Snapshot fresh = new Snapshot(JwkCandidates.of(set.getKeys()), now);
                snapshot = fresh;
                LOG.debugf("Fetched %d signature keys from %s", fresh.keys().size(), uri);
                return fresh;
            } catch (java.text.ParseException | RuntimeException e) {
                LOG.warnf(
                        "Fetching the JWK set from %s failed: %s",
                        uri, e.getClass().getSimpleName());
                return latest;
            }
        } finally {
            lock.unlock();
        }
    }

    /** The endpoint this source reads. */
    public URI uri() {
        return uri;
    }
}
