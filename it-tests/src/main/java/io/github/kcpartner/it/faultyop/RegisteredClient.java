package io.github.kcpartner.it.faultyop;

/** A client registered at the {@link FaultyOp}: its credentials and settings. */
public record RegisteredClient(String clientId, String clientSecret, ClientSettings settings) {

    /** Leaves the secret out, so a logged client does not leak it. */
    @Override
    public String toString() {
        return "RegisteredClient[clientId=" + clientId + "]";
    }
}
