package io.github.kcpartner.jims.storage;

import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachelistener.annotation.CacheEntriesEvicted;
import org.infinispan.notifications.cachelistener.event.CacheEntriesEvictedEvent;
import org.jboss.logging.Logger;

/**
 * Watches the identity table's evictions on this node: counts every evicted entry
 * ({@code jims_table_evictions_total}) and logs one WARN when eviction starts, again at most once
 * per {@link #WARN_EVERY} while it goes on; never one per entry. A local, synchronous listener: it
 * only adds to a counter and reads the clock.
 */
// public: Infinispan invokes listeners reflectively
@Listener(sync = true)
public final class EvictionWatch {

    private static final Logger LOG = Logger.getLogger(EvictionWatch.class);

    /** How often a WARN may repeat while the table keeps evicting. */
    static final Duration WARN_EVERY = Duration.ofHours(1);

    private final Counter evictions;
    private final Clock clock;
    private final long maxEntries;
    private final AtomicReference<Instant> lastWarn = new AtomicReference<>();

    EvictionWatch(Counter evictions, Clock clock, long maxEntries) {
        this.evictions = evictions;
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    /** Infinispan calls this after it evicted entries. */
    @CacheEntriesEvicted
    public void evicted(CacheEntriesEvictedEvent<String, String> event) {
        int n = event.getEntries().size();
        evictions.increment(n);
        Instant now = clock.instant();
        Instant last = lastWarn.get();
        if ((last == null || !now.isBefore(last.plus(WARN_EVERY))) && lastWarn.compareAndSet(last, now)) {
            LOG.warnf(
                    "JIMS identity table full (%d entries on this node, --spi-storage--jims--max-entries): the least"
                            + " recently used entries are evicted, and the addresses and users they held are unknown"
                            + " until JIMS reports them again; see jims_table_evictions_total (logged again at most"
                            + " once an hour while it goes on)",
                    maxEntries);
        }
    }
}
