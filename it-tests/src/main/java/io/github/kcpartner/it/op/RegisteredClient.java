package io.github.kcpartner.it.op;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A client registered at the test OP.
 *
 * @param clientId the issued {@code client_id}
 * @param clientSecret the issued {@code client_secret} (null for clients without one)
 * @param registration the whole registration response (all effective metadata)
 */
public record RegisteredClient(String clientId, String clientSecret, JsonNode registration) {

    /** A registration response member as text, or null. */
    public String metadata(String name) {
        JsonNode value = registration.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }
}
