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
 *
 * <p>Logons are buffered: a cycle writes, per address, only the last logon it read (in chunks of
 * at most {@link #MAX_PENDING_ADDRESSES} addresses at the end of the cycle, and whatever was read
 * when a cycle fails), so replaying JIMS's history (the backfill after a start) never shows a logon
 * whose logoff came later in the same cycle, not even for the time between two pages. Logoffs are
 * not buffered: a logoff reaches the table before the cycle asks for its next page (and drops the
 * older logon of its address from the buffer), so a user who left is gone at once, not only when a
 * long cycle ends. A login from an address meanwhile is answered by the table, or by an IP query.
 */
public final class BatchPoller {

    private static final Logger LOG = Logger.getLogger(BatchPoller.class);

    /** Safety bound on pages per cycle against a server that never drains. */
    static final int MAX_PAGES_PER_CYCLE = 1000;

    /** A cycle writes what it read once this many addresses are pending (bounds its memory). */
    static final int MAX_PENDING_ADDRESSES = 50_000;

    /**
     * What one cycle did.
     *
     * @param pages           pages read
     * @param entriesApplied  entries the filters accepted: written to the table (logons stored, logoffs
     *                        removed), or superseded within the cycle by a later event of their address
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
        java.util.Map<String, JimsEntry> pending = new java.util.LinkedHashMap<>();
        try {
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
                    if (writer.filter().accepts(e)) {
                        pending.remove(e.ip()); // an older logon of the address is superseded
                        if (e.operation() == JimsEntry.Operation.LOGOFF) {
                            writer.apply(e); // before the next page: who left is gone at once
                        } else {
                            pending.put(e.ip(), e);
                        }
                        applied++;
                    } else {
                        filtered++;
                    }
                }
                if (pending.size() >= MAX_PENDING_ADDRESSES) {
                    write(pending);
                }
                if (page.rawEntryCount() < size) {
                    return new Cycle(pages, applied, filtered, skipped, true, servedBy);
                }
            }
            return new Cycle(pages, applied, filtered, skipped, false, servedBy);
        } finally {
            write(pending); // also when a page failed: what was read is kept, as the position moved past it
        }
    }

    /** Writes the buffered logons (the last one of each address) and empties the buffer. */
    private void write(java.util.Map<String, JimsEntry> pending) {
        for (JimsEntry e : pending.values()) {
            writer.apply(e);
        }
        pending.clear();
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
