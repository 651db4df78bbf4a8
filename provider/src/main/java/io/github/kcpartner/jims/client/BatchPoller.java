package io.github.kcpartner.jims.client;

import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Runs batch query cycles and feeds the identity table. Each {@link #runOnce()} reads pages until
 * one is shorter than items-per-batch (the backlog is drained). The first page of the first
 * cycle asks for everything since the start timestamp; later pages and cycles use the cookie of the
 * server that issued it. Cookies belong to one server: after a failover the batch restarts from
 * the timestamp of the last entry seen. Scheduling (every query-interval, once per cluster) is the
 * caller's job. Not meant for concurrent use: calls are serialised.
 */
public final class BatchPoller {

    private static final Logger LOG = Logger.getLogger(BatchPoller.class);

    /** Safety bound on pages per cycle against a server that never drains. */
    static final int MAX_PAGES_PER_CYCLE = 1000;

    /**
     * What one cycle did.
     *
     * @param pages           pages read
     * @param entriesApplied  entries written to the table (logons stored, logoffs removed)
     * @param entriesFiltered entries dropped by the filters
     * @param entriesSkipped  malformed entries dropped by the parser
     * @param drained         whether a short page ended the cycle
     * @param servedBy        the server of the last page
     */
    public record Cycle(
            int pages,
            int entriesApplied,
            int entriesFiltered,
            int entriesSkipped,
            boolean drained,
            ServerRole servedBy) {}

    private final JimsClient client;
    private final TableWriter writer;
    private ServerRole cookieOwner;
    private String cookie;
    private Instant lastSeen;

    BatchPoller(JimsClient client, TableWriter writer, Instant since) {
        this.client = client;
        this.writer = writer;
        this.lastSeen = java.util.Objects.requireNonNull(since, "since");
    }

    /**
     * One batch cycle.
     *
     * @throws JimsUnavailableException no server answered; the position is kept for the next cycle
     */
    public synchronized Cycle runOnce() throws JimsException {
        int pages = 0;
        int applied = 0;
        int filtered = 0;
        int skipped = 0;
        int size = client.config().itemsPerBatch();
        ServerRole servedBy = null;
        while (pages < MAX_PAGES_PER_CYCLE) {
            JimsResponse page = client.batchPage(cookieOwner, cookie, lastSeen);
            pages++;
            servedBy = page.servedBy();
            if (cookieOwner != null && cookieOwner != servedBy) {
                LOG.debugf("JIMS batch moved from %s to %s: restarted from %s", cookieOwner, servedBy, lastSeen);
            }
            cookieOwner = servedBy;
            cookie = page.cookie();
            skipped += page.skippedEntries();
            for (JimsEntry e : page.entries()) {
                if (lastSeen == null || e.timestamp().isAfter(lastSeen)) {
                    lastSeen = e.timestamp();
                }
                if (writer.apply(e)) {
                    applied++;
                } else {
                    filtered++;
                }
            }
            if (page.rawEntryCount() < size) {
                return new Cycle(pages, applied, filtered, skipped, true, servedBy);
            }
        }
        return new Cycle(pages, applied, filtered, skipped, false, servedBy);
    }

    /** The timestamp a restarted batch would ask from (the newest entry seen). */
    public synchronized Instant lastSeen() {
        return lastSeen;
    }

    /** The server whose cookie is held, or {@code null}. */
    public synchronized ServerRole cookieOwner() {
        return cookieOwner;
    }
}
