package io.github.kcpartner.jose;

import java.time.Duration;
import java.util.Objects;

/**
 * What is fixed per partner configuration for ID-token validation: the expected issuer, our
 * client_id, how tokens are protected, and the tolerated clock skew.
 */
public record IdTokenPolicy(String issuer, String clientId, JoseProfile jose, Duration clockSkew) {

    public IdTokenPolicy {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(jose, "jose");
        clockSkew = clockSkew == null ? Duration.ZERO : clockSkew;
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("clockSkew must not be negative");
        }
    }

    /** With the skew in seconds, as the admin console stores it. */
    public static IdTokenPolicy of(String issuer, String clientId, JoseProfile jose, long clockSkewSeconds) {
        return new IdTokenPolicy(issuer, clientId, jose, Duration.ofSeconds(clockSkewSeconds));
    }
}
