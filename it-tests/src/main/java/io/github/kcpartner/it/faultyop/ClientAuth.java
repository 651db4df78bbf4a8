package io.github.kcpartner.it.faultyop;

/** How a client authenticated at the token endpoint. */
public enum ClientAuth {
    CLIENT_SECRET_BASIC,
    CLIENT_SECRET_POST,
    /** No credentials at all. */
    NONE
}
