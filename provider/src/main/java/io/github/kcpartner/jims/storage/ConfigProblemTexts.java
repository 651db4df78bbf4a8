package io.github.kcpartner.jims.storage;

import io.github.kcpartner.jims.client.ConfigProblem;
import io.github.kcpartner.messages.EnglishMessages;
import java.util.List;

/**
 * The English text of {@link ConfigProblem}s, from our {@code messages_en.properties}, resolved the
 * way Keycloak's component resource resolves a refused save (a parameter that is itself a message
 * key, such as {@code jims.group.primaryServer}, is replaced by its text). Several problems become
 * one numbered list, {@code 1) ... 2) ...}, since the console shows a refused save as one alert.
 */
final class ConfigProblemTexts {

    /** The key of the message that carries several problems: {@code {0}} their number, {@code {1}} the list. */
    static final String SEVERAL = "jims.error.several";

    private ConfigProblemTexts() {}

    /** The English text of one problem, e.g. {@code Primary server port must be 1-65535, was 70000.} */
    static String text(ConfigProblem p) {
        Object[] args = p.args().stream().map(EnglishMessages::text).toArray();
        return EnglishMessages.format(p.messageKey(), args);
    }

    /** {@code 1) first. 2) second.}: each problem's text, numbered, in order. */
    static String numbered(List<ConfigProblem> problems) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < problems.size(); i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(i + 1).append(") ").append(text(problems.get(i)));
        }
        return b.toString();
    }

    /** The text Keycloak shows for the message {@code key} with {@code args}, in English. */
    static String format(String key, Object... args) {
        return text(new ConfigProblem(
                "", key, java.util.Arrays.stream(args).map(String::valueOf).toList()));
    }
}
