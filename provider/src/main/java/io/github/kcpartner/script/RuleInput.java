package io.github.kcpartner.script;

import java.util.Map;
import java.util.Objects;

/**
 * What a rule sees. Maps hold plain values (strings, numbers, booleans, lists and maps of
 * those); the engine copies them into plain JavaScript objects, so no Java object reaches a
 * rule. Absent parts are empty.
 *
 * @param idTokenClaims  the partner's ID token claims ({@code claims.idToken})
 * @param userinfoClaims the partner's userinfo claims ({@code claims.userinfo})
 * @param identity       the brokered identity: {@code username}, {@code email},
 *                       {@code firstName}, {@code lastName}, {@code attributes} ({@code identity})
 * @param request        the request context: {@code clientIp}, {@code clientId},
 *                       {@code parameters}, {@code uiLocales} ({@code request})
 * @param jims           behind {@code jims.userAt(ip)}
 */
public record RuleInput(
        Map<String, Object> idTokenClaims,
        Map<String, Object> userinfoClaims,
        Map<String, Object> identity,
        Map<String, Object> request,
        JimsLookup jims) {

    /** Replaces {@code null} parts by empty ones. */
    public RuleInput {
        idTokenClaims = Objects.requireNonNullElse(idTokenClaims, Map.of());
        userinfoClaims = Objects.requireNonNullElse(userinfoClaims, Map.of());
        identity = Objects.requireNonNullElse(identity, Map.of());
        request = Objects.requireNonNullElse(request, Map.of());
        jims = Objects.requireNonNullElse(jims, JimsLookup.NONE);
    }

    /** An input with nothing in it; handy for advanced-configuration rules and tests. */
    public static RuleInput empty() {
        return new RuleInput(null, null, null, null, null);
    }
}
