package io.github.kcpartner.broker.partner;

import io.github.kcpartner.broker.login.PartnerLoginException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;
import org.keycloak.util.JsonSerialization;

/**
 * The partners' metadata documents, per URL: cached, refreshed after the configured interval or,
 * at most every {@link #MIN_FORCED_REFRESH}, on demand. Concurrent logins that need a fetch share
 * one (one request in flight per URL); after a failed fetch the URL is left alone for a back-off
 * that doubles from {@link #FIRST_BACKOFF} to {@link #MAX_BACKOFF}, during which logins use the last
 * good copy or fail at once with {@code metadata_unavailable}.
 */
final class PartnerMetadataCache {

    static final Duration MIN_FORCED_REFRESH = Duration.ofSeconds(10);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(2);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    private static final Logger LOG = Logger.getLogger(PartnerMetadataCache.class);

    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, Backoff> failures = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<PartnerMetadata>> inFlight = new ConcurrentHashMap<>();

    PartnerMetadataCache(Clock clock) {
        this.clock = clock;
    }

    /** Drops what is known of {@code url} (document and back-off): the next login fetches it again. */
    void forget(String url) {
        cache.remove(url);
        failures.remove(url);
    }

    /**
     * The document at {@code url}; {@code fetch} reads it (and throws {@link PartnerLoginException}
     * when it cannot), called only when the cache, the back-off and other logins leave it to us.
     */
    PartnerMetadata get(String url, int refreshSeconds, boolean force, UnaryOperator<String> fetch) {
        Instant now = clock.instant();
        Cached cached = cache.get(url);
        boolean stale = cached == null || now.isAfter(cached.fetched().plusSeconds(Math.max(1, refreshSeconds)));
        boolean forcedAllowed = cached == null || now.isAfter(cached.fetched().plus(MIN_FORCED_REFRESH));
        if (!stale && !(force && forcedAllowed)) {
            return cached.value();
        }
        Backoff backoff = failures.get(url);
        if (backoff != null && now.isBefore(backoff.until())) {
            return fallback(url, cached);
        }
        CompletableFuture<PartnerMetadata> mine = new CompletableFuture<>();
        CompletableFuture<PartnerMetadata> running = inFlight.putIfAbsent(url, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException e) {
                return fallback(url, cached);
            }
        }
        try {
            PartnerMetadata fresh = PartnerMetadata.parse(JsonSerialization.mapper.readTree(fetch.apply(url)));
            cache.put(url, new Cached(fresh, now));
            failures.remove(url);
            mine.complete(fresh);
            LOG.debugf("partner metadata read from %s", url);
            return fresh;
        } catch (IOException | RuntimeException e) {
            // any failure completes the shared future, so logins waiting on this fetch never hang
            Duration next =
                    backoff == null ? FIRST_BACKOFF : min(backoff.length().multipliedBy(2), MAX_BACKOFF);
            failures.put(url, new Backoff(now.plus(next), next));
            mine.completeExceptionally(e);
            LOG.warnf(
                    "partner metadata at %s could not be read (%s); next try in %d s",
                    url, e.getMessage(), next.toSeconds());
            return fallback(url, cached);
        } finally {
            inFlight.remove(url, mine);
        }
    }

    private static PartnerMetadata fallback(String url, Cached cached) {
        if (cached != null) {
            return cached.value();
        }
        throw new PartnerLoginException("metadata_unavailable", "partner metadata at " + url + " is unavailable", null);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private record Cached(PartnerMetadata value, Instant fetched) {}

    private record Backoff(Instant until, Duration length) {}
}
