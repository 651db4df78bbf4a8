package io.github.kcpartner.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The WARN (and worse) messages one class logs while a test runs: jboss-logging writes through
 * java.util.logging in unit tests. Attach in a {@code @BeforeEach}, {@link #close()} after.
 */
public final class Warnings implements AutoCloseable {

    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Logger logger;
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                messages.add(String.valueOf(r.getMessage()));
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private Warnings(Class<?> source) {
        logger = Logger.getLogger(source.getName());
        logger.addHandler(handler);
    }

    /** Starts collecting what {@code source} logs at WARN or worse. */
    public static Warnings of(Class<?> source) {
        return new Warnings(source);
    }

    /** The messages so far, oldest first. */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
