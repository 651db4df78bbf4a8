package io.github.kcpartner.broker.partner;

import io.github.kcpartner.broker.login.PartnerLoginException;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The nonce of one login, bound to the {@code partner-oidc} provider that started it. Keycloak's
 * {@code state} names the authentication session but not the identity provider, so a state
 * minted for another provider of the realm could otherwise be posted to our redirect URI; the
 * nonce note, written only by {@link #issue} and read once by {@link #consume}, refuses that.
 */
final class PartnerNonce {

    static final String NOTE = "partner-oidc.nonce";
    static final String NOT_FOR_THIS_PROVIDER = "state_not_for_this_provider";

    private PartnerNonce() {}

    /** A fresh nonce for a login through {@code alias}, kept in the authentication session. */
    static String issue(AuthenticationSessionModel authSession, String alias) {
        String nonce = SecretGenerator.getInstance().randomString(32);
        authSession.setAuthNote(NOTE, alias + " " + nonce);
        return nonce;
    }

    /**
     * The nonce that {@code alias} sent for this session; removed, so it serves one answer only.
     *
     * @throws PartnerLoginException {@value #NOT_FOR_THIS_PROVIDER} when this provider started no
     *         login in the session (the state came from another provider, or was used already)
     */
    static String consume(AuthenticationSessionModel authSession, String alias) {
        String note = authSession.getAuthNote(NOTE);
        authSession.removeAuthNote(NOTE);
        int space = note == null ? -1 : note.lastIndexOf(' ');
        if (space < 0 || space == note.length() - 1 || !note.substring(0, space).equals(alias)) {
            throw new PartnerLoginException(
                    NOT_FOR_THIS_PROVIDER, "the authentication session has no login started by this provider");
        }
        return note.substring(space + 1);
    }
}
