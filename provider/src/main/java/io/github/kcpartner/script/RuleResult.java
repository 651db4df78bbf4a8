package io.github.kcpartner.script;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a rule decided. Every collection is unmodifiable and never {@code null}; a part the
 * rule did not touch is empty ({@code username} is then {@code null}).
 *
 * @param username   set by {@code result.setUsername(s)}
 * @param attributes set by {@code result.setAttribute(name, valueOrArray)}, in the order set
 * @param groups     added by {@code result.addGroup(name)}, without duplicates
 * @param parameters set by {@code result.setParameter(name, value)}; objects and arrays are
 *                   given as their JSON text
 * @param claims     set by {@code result.setClaim(name, value)}; values are {@code String},
 *                   {@code Long}, {@code Double}, {@code Boolean}, {@code List} or {@code Map}
 */
public record RuleResult(
        String username,
        Map<String, List<String>> attributes,
        List<String> groups,
        Map<String, String> parameters,
        Map<String, Object> claims) {

    /** Copies the collections, keeping their order, so that a result never changes after it is returned. */
    public RuleResult {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        if (attributes != null) {
            attributes.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        }
        attributes = Collections.unmodifiableMap(copy);
        groups = groups == null ? List.of() : List.copyOf(groups);
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        claims = claims == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(claims));
    }
}
