package io.github.kcpartner.it.jims;

/** What a request to the simulator asked for, as counted by {@link JimsSimulator#count(RequestKind)}. */
public enum RequestKind {
    /** POST to the token API. */
    TOKEN,
    /** Batch query, first page ({@code timestamp}) or next page ({@code cookie}). */
    BATCH,
    /** IP query ({@code ip} alone). */
    IP,
    /** User query ({@code ip}, {@code user}, {@code domain}). */
    USER,
    /** Anything else: unknown path or unclassifiable parameters. */
    OTHER
}
