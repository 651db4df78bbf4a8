package io.github.kcpartner.it.faultyop;

/**
 * One token request as the OP saw it; secret values are never kept.
 *
 * @param clientId the client the request claimed to be (from Basic or the form), may be null
 * @param auth how it authenticated
 * @param grantType the {@code grant_type} parameter
 * @param codeVerifierPresent whether a PKCE {@code code_verifier} was sent
 * @param status the HTTP status the OP answered with
 */
public record TokenRequestSeen(
        String clientId, ClientAuth auth, String grantType, boolean codeVerifierPresent, int status) {}
