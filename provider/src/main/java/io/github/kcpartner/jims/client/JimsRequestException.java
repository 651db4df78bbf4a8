package io.github.kcpartner.jims.client;

/**
 * The query itself was refused (HTTP 400, or an invalid argument such as a malformed IP).
 * Not a server failure: no failover happens, because the other server would refuse it too.
 */
public final class JimsRequestException extends JimsException {

    private static final long serialVersionUID = 1L;

    public JimsRequestException(String message) {
        super(message);
    }
}
