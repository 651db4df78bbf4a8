package io.github.kcpartner.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The provider's message bundles, as the admin console and the login pages read them: read from
 * the packaged provider jar on the classpath, the one the tests install. English unless a
 * language is named.
 */
public final class MessageBundle {

    private static final String FILE = "/theme-resources/messages/messages_%s.properties";
    private static final Properties TEXTS = load("en");
    private static final java.util.Map<String, Properties> LANGUAGES = new java.util.concurrent.ConcurrentHashMap<>();

    private MessageBundle() {}

    /** The English text of {@code key}; fails when the bundle lacks it. */
    public static String text(String key) {
        return text("en", key);
    }

    /** The text of {@code key} in {@code language} ({@code de}, ...); fails when that bundle lacks it. */
    public static String text(String language, String key) {
        Properties bundle = "en".equals(language) ? TEXTS : LANGUAGES.computeIfAbsent(language, MessageBundle::load);
        return Objects.requireNonNull(
                bundle.getProperty(key), () -> "no message " + key + " in " + FILE.formatted(language));
    }

    /** Every dotted key (the ones a person must never see in place of a text). */
    public static Set<String> keys() {
        return TEXTS.stringPropertyNames().stream().filter(k -> k.contains(".")).collect(Collectors.toSet());
    }

    private static Properties load(String language) {
        Properties bundle = new Properties();
        String file = FILE.formatted(language);
        try (InputStream in = MessageBundle.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("no " + file + " on the classpath: the provider jar is missing");
            }
            bundle.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the message bundle " + file, e);
        }
        return bundle;
    }
}
