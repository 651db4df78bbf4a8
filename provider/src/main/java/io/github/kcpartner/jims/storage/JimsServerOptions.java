package io.github.kcpartner.jims.storage;

import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The server-wide options of the {@code jims} user storage ({@code --spi-storage--jims--<option>}),
 * read once in the factory's {@code init}: the poller pool's size and the identity table's bound.
 *
 * @param pollerThreads threads that run every component's batch ticks (1-16)
 * @param maxEntries    entries the identity table's cache holds per node
 */
record JimsServerOptions(int pollerThreads, long maxEntries) {

    private static final Logger LOG = Logger.getLogger(JimsServerOptions.class);

    /** Default size of the poller pool: one slow cycle cannot hold up every other component. */
    static final int DEFAULT_POLLER_THREADS = 2;
    /** Default bound of the identity table's cache, in entries per node. */
    static final long DEFAULT_MAX_ENTRIES = 1_000_000;
    /** Smallest bound accepted. */
    static final long MIN_MAX_ENTRIES = 1_000;

    static final JimsServerOptions DEFAULTS = new JimsServerOptions(DEFAULT_POLLER_THREADS, DEFAULT_MAX_ENTRIES);

    /** The options of {@code config}: poller threads clamped to 1-16, a bound below the minimum raised (WARN). */
    static JimsServerOptions of(Config.Scope config) {
        int threads = Math.max(1, Math.min(16, config.getInt("pollerThreads", DEFAULT_POLLER_THREADS)));
        long max = config.getLong("maxEntries", DEFAULT_MAX_ENTRIES);
        if (max < MIN_MAX_ENTRIES) {
            LOG.warnf(
                    "--spi-storage--jims--max-entries=%d is below the minimum: the JIMS identity table holds at most %d"
                            + " entries",
                    max, MIN_MAX_ENTRIES);
            max = MIN_MAX_ENTRIES;
        }
        return new JimsServerOptions(threads, max);
    }

    /** What {@code kc.sh} shows for these options. */
    static List<ProviderConfigProperty> metadata() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name("poller-threads")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(Integer.toString(DEFAULT_POLLER_THREADS))
                .helpText("Threads that run the batch polls of every jims component (1-16)")
                .add()
                .property()
                .name("max-entries")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(Long.toString(DEFAULT_MAX_ENTRIES))
                .helpText("Entries the JIMS identity table holds per node (at least " + MIN_MAX_ENTRIES
                        + "); when full, the least recently used are evicted")
                .add()
                .build();
    }
}
