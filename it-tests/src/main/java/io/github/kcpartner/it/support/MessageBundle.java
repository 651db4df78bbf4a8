package io.github.kcpartner.it.support;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/** The provider's English message bundle, as the admin console and the login pages read it. */
public final class MessageBundle {

    private static final Path FILE = Path.of("..", "provider", "src", "main", "resources", "theme-resources", "messages",
            "messages_en.properties");
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
        try (Reader reader = Files.newBufferedReader(FILE, StandardCharsets.UTF_8)) {
            bundle.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the message bundle " + FILE, e);
        }
        return bundle;
    }
}
