package io.github.kcpartner.messages;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;

/**
 * Our English message bundle ({@code theme-resources/messages/messages_en.properties}), for the
 * texts Keycloak shows as they are: the reasons of a refused admin save (its alert has no message
 * key lookup for several problems at once). One copy, read once.
 */
public final class EnglishMessages {

    /** Where Keycloak reads the bundle from, in the provider jar. */
    public static final String RESOURCE = "/theme-resources/messages/messages_en.properties";

    private static final Properties TEXTS = load();

    private EnglishMessages() {}

    /** The text of {@code key}, or the key itself when the bundle has none. */
    public static String text(String key) {
        return TEXTS.getProperty(key, key);
    }

    /** The text of {@code key} as a {@link MessageFormat} pattern (as Keycloak formats it) with {@code args}. */
    public static String format(String key, Object... args) {
        return new MessageFormat(text(key), Locale.ENGLISH).format(args);
    }

    /** Whether the bundle has {@code key}. */
    public static boolean has(String key) {
        return TEXTS.containsKey(key);
    }

    private static Properties load() {
        Properties texts = new Properties();
        try (InputStream in = EnglishMessages.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the provider jar");
            }
            texts.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return texts;
    }
}
