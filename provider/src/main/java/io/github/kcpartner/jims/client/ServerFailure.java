package io.github.kcpartner.jims.client;

/** A failure of one server (connect, timeout, TLS, 5xx, persistent 401, unusable body): triggers failover. */
final class ServerFailure extends Exception {

    private static final long serialVersionUID = 1L;

    ServerFailure(String status) {
        super(status, null, false, false);
    }

    /** The short status text shown in the server status, e.g. {@code Connection refused}. */
    String status() {
        return getMessage();
    }
}
