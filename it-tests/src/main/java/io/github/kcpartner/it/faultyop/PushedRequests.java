package io.github.kcpartner.it.faultyop;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pushed authorization requests (RFC 9126) awaiting their authorization request: each
 * {@code request_uri} is valid {@link #LIFETIME}, for its client only, and once.
 */
final class PushedRequests {

    static final Duration LIFETIME = Duration.ofSeconds(60);
    static final String PREFIX = "urn:ietf:params:oauth:request_uri:";

    private record Pushed(String clientId, Map<String, String> parameters, Instant expiry) {}

    private final Map<String, Pushed> pending = new ConcurrentHashMap<>();

    /** Keeps {@code parameters} of {@code clientId}; returns the request_uri that refers to them. */
    String push(String clientId, Map<String, String> parameters) {
        Instant now = Instant.now();
        pending.values().removeIf(p -> p.expiry().isBefore(now));
        String requestUri = PREFIX + Grants.random();
        pending.put(requestUri, new Pushed(clientId, Map.copyOf(parameters), now.plus(LIFETIME)));
        return requestUri;
    }

    /**
     * The parameters {@code requestUri} refers to; spent by this call whatever its outcome.
     *
     * @throws Refused when unknown, spent, expired or pushed by another client
     */
    Map<String, String> take(String requestUri, String clientId) throws Refused {
        Pushed pushed = pending.remove(requestUri);
        if (pushed == null || !pushed.expiry().isAfter(Instant.now())) {
            throw new Refused("unknown, spent or expired request_uri");
        }
        if (!pushed.clientId().equals(clientId)) {
            throw new Refused("the request_uri was pushed by another client");
        }
        return pushed.parameters();
    }
}
