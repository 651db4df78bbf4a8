package io.github.kcpartner.jose;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What is known per authentication about one ID token: the nonce sent, the access token and
 * code received with it (for {@code at_hash} / {@code c_hash}), the requested response type,
 * whether the token came from the token endpoint (back channel), the requested
 * {@code max_age} (nullable: then {@code auth_time} is not checked) and the {@code acr} values the
 * token must name one of (empty: any).
 *
 * <p>For an ID token from the authorization endpoint, {@code at_hash} is required when the
 * response type contains {@code id_token} and {@code token}, and {@code c_hash} when it contains
 * {@code id_token} and {@code code} (OIDC Core 3.2.2.10, 3.3.2.11). A hash claim that is present
 * is checked whenever the value it binds is supplied.
 */
public record IdTokenExpectations(
        String nonce,
        String accessToken,
        String code,
        String responseType,
        boolean backChannel,
        Long maxAgeSeconds,
        Set<String> acrValues) {

    public IdTokenExpectations {
        acrValues = acrValues == null ? Set.of() : Set.copyOf(acrValues);
    }

    /** An ID token from the token endpoint (code flow, or the second token of a hybrid flow). */
    public static IdTokenExpectations tokenEndpoint(String nonce, String accessToken) {
        return new IdTokenExpectations(nonce, accessToken, null, "code", true, null, null);
    }

    /** An ID token from the authorization endpoint (implicit or hybrid flow). */
    public static IdTokenExpectations authorizationEndpoint(
            String responseType, String nonce, String accessToken, String code) {
        return new IdTokenExpectations(nonce, accessToken, code, responseType, false, null, null);
    }

    /** The same expectations with a requested {@code max_age}. */
    public IdTokenExpectations withMaxAge(long seconds) {
        return new IdTokenExpectations(nonce, accessToken, code, responseType, backChannel, seconds, acrValues);
    }

    /** The same expectations, requiring the token's {@code acr} to be one of {@code values}. */
    public IdTokenExpectations withAcr(Set<String> values) {
        return new IdTokenExpectations(nonce, accessToken, code, responseType, backChannel, maxAgeSeconds, values);
    }

    boolean atHashRequired() {
        return !backChannel && responseTypes().containsAll(Set.of("id_token", "token"));
    }

    boolean cHashRequired() {
        return !backChannel && responseTypes().containsAll(Set.of("id_token", "code"));
    }

    private Set<String> responseTypes() {
        if (responseType == null) {
            return Set.of();
        }
        return Arrays.stream(responseType.trim().split("\\s+")).collect(Collectors.toSet());
    }
}
