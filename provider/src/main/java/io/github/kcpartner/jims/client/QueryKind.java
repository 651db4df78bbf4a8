package io.github.kcpartner.jims.client;

/** The kinds of requests the client sends to a JIMS server. */
public enum QueryKind {
    /** OAuth2 client-credentials token request (also the background probe). */
    TOKEN,
    /** Batch query (timestamp or cookie page). */
    BATCH,
    /** IP query: who is at this IP. */
    IP,
    /** User query: IP + user + domain, for groups. */
    USER
}
