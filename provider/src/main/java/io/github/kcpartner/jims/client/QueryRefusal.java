package io.github.kcpartner.jims.client;

/** Why a query was refused before it reached a JIMS server. */
public enum QueryRefusal {
    /** The component's IP-query rate ({@code ipQueriesPerSecond}) was reached. */
    RATE_LIMITED("rate_limited"),
    /** Every connection ({@code maxConnections}) stayed busy for as long as the caller may wait. */
    BUSY("busy");

    private final String label;

    QueryRefusal(String label) {
        this.label = label;
    }

    /** The metrics outcome, e.g. {@code rate_limited}. */
    public String label() {
        return label;
    }
}
