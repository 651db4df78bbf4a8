package io.github.kcpartner.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The provider's one Jackson mapper (thread-safe once configured, never reconfigured): JSON trees,
 * maps and strings of partner answers, JIMS answers, cached identities and session notes.
 * Unknown properties are ignored, as the documents come from other products.
 */
public final class Json {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Json() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
