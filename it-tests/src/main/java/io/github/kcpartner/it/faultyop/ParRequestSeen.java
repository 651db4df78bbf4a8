package io.github.kcpartner.it.faultyop;

/**
 * One pushed authorization request as the OP saw it; secret values are never kept.
 *
 * @param clientId the client the request claimed to be, may be null
 * @param auth how it authenticated
 * @param requestObject whether it carried a signed request object ({@code request})
 * @param status the HTTP status the OP answered with (201 when the request was kept)
 */
public record ParRequestSeen(String clientId, ClientAuth auth, boolean requestObject, int status) {}
