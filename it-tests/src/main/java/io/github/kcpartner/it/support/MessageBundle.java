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
 * The provider's English message bundle, as the admin console and the login pages read it:
 * read from the packaged provider jar on the classpath, the one the tests install.
 */
public final class MessageBundle {

    private static final String FILE = "/theme-resources/messages/messages_en.properties";
    private static final Properties TEXTS = load();

    private MessageBundle() {
    }

    /** The English text of {@code key}; fails when the bundle lacks it. */
    public static String text(String key) {
        return Objects.requireNonNull(TEXTS.getProperty(key), () -> "no message " + key + " in " + FILE);
    }

    /** Every dotted key (the ones a person must never see in place of a text). */
    public static Set<String> keys() {
        return TEXTS.stringPropertyNames().stream().filter(k -> k.contains(".")).collect(Collectors.toSet());
    }

    private static Properties load() {
        Properties bundle = new Properties();
        try (InputStream in = MessageBundle.class.getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IllegalStateException("no " + FILE + " on the classpath: the provider jar is missing");
            }
            bundle.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the message bundle " + FILE, e);
        }
        return bundle;
    }
}
