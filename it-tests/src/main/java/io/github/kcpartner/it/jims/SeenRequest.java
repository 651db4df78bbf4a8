package io.github.kcpartner.it.jims;

import java.time.Instant;
import java.util.Map;

/**
 * A request as the simulator saw it on arrival, before any fault or check. Holds no secrets:
 * {@code client_secret} is left out of the parameters and the Authorization header is reduced to
 * its scheme.
 *
 * @param at arrival time (simulator clock)
 * @param kind classification
 * @param method HTTP method
 * @param path request path
 * @param params query or form parameters, secrets removed
 * @param authScheme {@code Bearer}, {@code Basic}, another scheme, or {@code ""} when there was no Authorization header
 */
public record SeenRequest(
        Instant at, RequestKind kind, String method, String path, Map<String, String> params, String authScheme) {

    /** Copies the parameters. */
    public SeenRequest {
        params = Map.copyOf(params);
    }

    /** Whether an Authorization header was sent. */
    public boolean authPresent() {
        return !authScheme.isEmpty();
    }
}
