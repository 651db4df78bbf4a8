package io.github.kcpartner.jims.client;

/** The role of a JIMS server in the client's failover pair. */
public enum ServerRole {
    /** Always tried first. */
    PRIMARY("Primary"),
    /** Used while the primary is Offline. */
    SECONDARY("Secondary");

    private final String label;

    ServerRole(String label) {
        this.label = label;
    }

    /** The label shown in status output, e.g. {@code Primary}. */
    public String label() {
        return label;
    }
}
