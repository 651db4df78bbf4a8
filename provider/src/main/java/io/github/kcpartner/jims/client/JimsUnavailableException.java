package io.github.kcpartner.jims.client;

/** No configured JIMS server could answer (all Offline or failing). */
public final class JimsUnavailableException extends JimsException {

    private static final long serialVersionUID = 1L;

    public JimsUnavailableException(String message) {
        super(message);
    }
}
