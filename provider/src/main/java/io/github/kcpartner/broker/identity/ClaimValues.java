package io.github.kcpartner.broker.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Partner claims as STSUniversalUser attribute values: text, one value per list element, objects as JSON. */
final class ClaimValues {

    private static final ObjectMapper JSON = io.github.kcpartner.json.Json.mapper();

    private ClaimValues() {}

    /** Adds every claim of {@code claims} to {@code into}; a later source replaces a claim of the same name. */
    static void flatten(Map<String, Object> claims, Map<String, List<String>> into) {
        if (claims == null) {
            return;
        }
        claims.forEach((name, value) -> {
            List<String> values = new ArrayList<>();
            if (value instanceof Collection<?> list) {
                list.forEach(v -> values.add(text(v)));
            } else if (value != null) {
                values.add(text(value));
            }
            into.put(name, values);
        });
    }

    private static String text(Object value) {
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            try {
                return JSON.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                return String.valueOf(value);
            }
        }
        return String.valueOf(value);
    }
}
