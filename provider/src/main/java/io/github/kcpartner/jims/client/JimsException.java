package io.github.kcpartner.jims.client;

/** Base of the checked exceptions of the JIMS client. Messages never contain secrets or tokens. */
public class JimsException extends Exception {

    private static final long serialVersionUID = 1L;

    public JimsException(String message) {
        super(message);
    }
}
