package io.github.kcpartner.jims.client;

/** How the client connects to a JIMS server. TLS is always verified with {@link #HTTPS}. */
public enum ConnectMethod {
    HTTPS("https"),
    HTTP("http");

    private final String scheme;

    ConnectMethod(String scheme) {
        this.scheme = scheme;
    }

    /** The URL scheme. */
    public String scheme() {
        return scheme;
    }

    /** Parses {@code https} or {@code http} (case-insensitive); {@code null} if neither. */
    public static ConnectMethod parse(String value) {
        if (value == null) {
            return null;
        }
        for (ConnectMethod m : values()) {
            if (m.scheme.equalsIgnoreCase(value.trim())) {
                return m;
            }
        }
        return null;
    }
}
