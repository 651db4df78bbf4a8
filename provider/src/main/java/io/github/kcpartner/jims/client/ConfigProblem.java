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

    @Override
    public String toString() {
        return field + ": " + messageKey + (args.isEmpty() ? "" : " " + args);
    }
}
