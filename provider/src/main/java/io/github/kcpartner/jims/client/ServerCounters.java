package io.github.kcpartner.jims.client;

import java.time.Instant;

/**
 * A snapshot of one server's counters (SRX {@code show ... identity-management counters}).
 *
 * @param batchQueriesSent        batch requests sent
 * @param batchQueriesReturned    batch requests answered with a usable body
 * @param batchQueryErrors        batch requests that failed
 * @param batchLastResponse       time of the last usable batch answer, or {@code null}
 * @param ipQueriesSent           IP and user requests sent
 * @param ipQueriesReturned       IP and user requests answered with a usable body
 * @param ipQueryErrors           IP and user requests that failed
 * @param ipLastResponse          time of the last usable IP/user answer, or {@code null}
 * @param ipLookupAvgMillis       average duration of the answered IP/user requests
 * @param ipLookupMaxMillis       longest duration of the answered IP/user requests
 * @param skippedEntries          malformed entries dropped from answers
 * @param onlineToOffline         Online-to-Offline transitions
 */
public record ServerCounters(
        long batchQueriesSent,
        long batchQueriesReturned,
        long batchQueryErrors,
        Instant batchLastResponse,
        long ipQueriesSent,
        long ipQueriesReturned,
        long ipQueryErrors,
        Instant ipLastResponse,
        long ipLookupAvgMillis,
        long ipLookupMaxMillis,
        long skippedEntries,
        long onlineToOffline) {}
