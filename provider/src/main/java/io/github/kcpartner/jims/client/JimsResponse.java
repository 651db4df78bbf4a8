package io.github.kcpartner.jims.client;

import java.util.List;

/**
 * A parsed answer of one JIMS query.
 *
 * @param servedBy       the server that answered
 * @param cookie         the paging cookie, or {@code null} if none was returned
 * @param entries        the well-formed entries, in the server's order
 * @param rawEntryCount  the size of the {@code entries} array including skipped entries
 *                       (compare it with items-per-batch to know whether the backlog is drained)
 * @param skippedEntries entries dropped as malformed
 */
public record JimsResponse(
        ServerRole servedBy, String cookie, List<JimsEntry> entries, int rawEntryCount, int skippedEntries) {

    public JimsResponse {
        entries = List.copyOf(entries);
    }
}
