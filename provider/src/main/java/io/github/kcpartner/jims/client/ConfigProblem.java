package io.github.kcpartner.jims.client;

import java.util.List;

/**
 * One configuration validation failure.
 *
 * @param field      the setting, e.g. {@code primary.port} or {@code itemsPerBatch}
 * @param messageKey a message key for the admin console, e.g. {@code jims.error.itemsPerBatchRange}
 * @param args       message parameters (range bounds, the offending value; never a secret)
 */
public record ConfigProblem(String field, String messageKey, List<String> args) {

    public ConfigProblem {
        args = List.copyOf(args);
    }

    static ConfigProblem of(String field, String messageKey, Object... args) {
        return new ConfigProblem(
                field,
                messageKey,
                java.util.Arrays.stream(args).map(String::valueOf).toList());
    }

    /**
     * This problem with {@code subject} as its first message parameter: a message key such as
     * {@code jims.group.primaryServer} that names whose setting it is (Keycloak resolves a
     * parameter that is a message key when it shows the message).
     */
    public ConfigProblem about(String subject) {
        List<String> a = new java.util.ArrayList<>(args.size() + 1);
        a.add(subject);
        a.addAll(args);
        return new ConfigProblem(field, messageKey, a);
    }

    @Override
    public String toString() {
        return field + ": " + messageKey + (args.isEmpty() ? "" : " " + args);
    }
}
