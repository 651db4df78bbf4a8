package io.github.kcpartner.it.faultyop;

/** How a client authenticated at the token or pushed authorization request endpoint. */
public enum ClientAuth {
    CLIENT_SECRET_BASIC,
    CLIENT_SECRET_POST,
    /** A JWT signed with a key of the client's jwks_uri (RFC 7523); needs {@link FaultyOp#privateKeyJwt}. */
    PRIVATE_KEY_JWT,
    /** No credentials at all. */
    NONE
}
