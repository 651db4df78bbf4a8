package io.github.kcpartner.broker.partner;

import io.github.kcpartner.jose.IdTokenExpectations;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * What the authorization request asked of the partner's authentication, whoever put it there
 * (a setting, Keycloak's forwarding, or the advanced-configuration rule): {@code max_age} and
 * {@code acr_values}. Read from the request actually sent, kept in the authentication session,
 * and turned into ID-token expectations, so a partner that ignores them cannot skip a step-up:
 * with {@code max_age}, {@code auth_time} is required and checked with the clock skew; with
 * {@code acr_values} and "Require requested ACR" on, {@code acr} must be one of them.
 */
record PartnerStepUp(Long maxAgeSeconds, Set<String> acrValues) {

    static final String MAX_AGE_NOTE = "partner-oidc.max_age";
    static final String ACR_NOTE = "partner-oidc.acr_values";

    /** Records what the final authorization request {@code sent} asks for. */
    static void record(AuthenticationSessionModel authSession, URI sent) {
        authSession.removeAuthNote(MAX_AGE_NOTE);
        authSession.removeAuthNote(ACR_NOTE);
        String query = sent.getRawQuery();
        if (query == null) {
            return;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if ("max_age".equals(name)) {
                authSession.setAuthNote(MAX_AGE_NOTE, value);
            } else if ("acr_values".equals(name)) {
                authSession.setAuthNote(ACR_NOTE, value);
            }
        }
    }

    /** What this session's request asked; {@code acr_values} only count when {@code requireAcr}. */
    static PartnerStepUp of(AuthenticationSessionModel authSession, boolean requireAcr) {
        String maxAge = authSession.getAuthNote(MAX_AGE_NOTE);
        String acr = requireAcr ? authSession.getAuthNote(ACR_NOTE) : null;
        // a max_age that is not a number was still asked for: check it as the strictest, 0
        Long seconds = maxAge == null ? null : maxAge.trim().matches("\\d{1,10}") ? Long.valueOf(maxAge.trim()) : 0L;
        Set<String> values = acr == null
                ? Set.of()
                : Arrays.stream(acr.trim().split("\\s+"))
                        .filter(v -> !v.isEmpty())
                        .collect(Collectors.toSet());
        return new PartnerStepUp(seconds, values);
    }

    IdTokenExpectations apply(IdTokenExpectations expectations) {
        IdTokenExpectations result = expectations.withAcr(acrValues);
        return maxAgeSeconds == null ? result : result.withMaxAge(maxAgeSeconds);
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }
}
