package io.github.kcpartner.jims.client;

/**
 * Queries a component refused before they reached a server (a snapshot).
 *
 * @param rateLimited IP queries beyond {@code ipQueriesPerSecond}
 * @param busy        IP queries that found every connection busy for the time they may wait
 */
public record RefusedQueries(long rateLimited, long busy) {}
