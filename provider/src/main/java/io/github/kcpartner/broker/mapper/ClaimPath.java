package io.github.kcpartner.broker.mapper;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.keycloak.util.JsonSerialization;

/**
 * A claim addressed by a dotted path, e.g. {@code address.country}. A literal dot in a claim
 * name is written {@code \.} and a literal backslash {@code \\}. Arrays on the way or at the end
 * give one value per element; an object at the end gives its JSON text.
 */
final class ClaimPath {

    private final List<String> segments;

    private ClaimPath(List<String> segments) {
        this.segments = List.copyOf(segments);
    }

    /** @throws IllegalArgumentException for an empty path, an empty segment or a dangling/unknown escape */
    static ClaimPath parse(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("empty claim path");
        }
        List<String> segments = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\') {
                if (i + 1 >= path.length() || (path.charAt(i + 1) != '.' && path.charAt(i + 1) != '\\')) {
                    throw new IllegalArgumentException("a backslash must escape '.' or '\\'");
                }
                current.append(path.charAt(++i));
            } else if (c == '.') {
                segments.add(segment(current));
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        segments.add(segment(current));
        return new ClaimPath(segments);
    }

    private static String segment(StringBuilder current) {
        if (current.length() == 0) {
            throw new IllegalArgumentException("empty segment in claim path");
        }
        return current.toString();
    }

    List<String> segments() {
        return segments;
    }

    /** The values at this path, as strings; empty when any step is missing. */
    List<String> values(Map<String, ?> claims) {
        List<String> out = new ArrayList<>();
        collect(claims, 0, out);
        return out;
    }

    private void collect(Object node, int depth, List<String> out) {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> list) {
            list.forEach(element -> collect(element, depth, out));
            return;
        }
        if (depth == segments.size()) {
            out.add(text(node));
            return;
        }
        if (node instanceof Map<?, ?> map) {
            collect(map.get(segments.get(depth)), depth + 1, out);
        }
    }

    private static String text(Object value) {
        if (value instanceof Map<?, ?>) {
            try {
                return JsonSerialization.writeValueAsString(value);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("claim value cannot be written as JSON", e);
            }
        }
        return String.valueOf(value);
    }

    @Override
    public String toString() {
        return String.join(".", segments);
    }
}
