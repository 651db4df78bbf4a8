package io.github.kcpartner.jims.client;

/**
 * Observer of client events, e.g. to feed Micrometer. Called synchronously on the request thread:
 * implementations must be fast and must not throw (exceptions are caught and ignored).
 */
public interface JimsClientListener {

    /** A listener that does nothing. */
    JimsClientListener NONE = new JimsClientListener() {};

    /**
     * One HTTP exchange finished (a 401 retry is a second exchange).
     *
     * @param role           the server
     * @param kind           the request kind
     * @param success        whether it got an HTTP 200 (its body may still prove unusable)
     * @param durationNanos  wall time of the request
     */
    default void onRequest(ServerRole role, QueryKind kind, boolean success, long durationNanos) {}

    /** A server went Offline ({@code online=false}) or came back Online. */
    default void onServerStateChange(ServerRole role, boolean online) {}

    /** A query was refused before it reached a server (no server is involved). */
    default void onRefused(QueryKind kind, QueryRefusal why) {}

    /** Malformed entries were skipped in an answer of this server. */
    default void onSkippedEntries(ServerRole role, int count) {}
}
