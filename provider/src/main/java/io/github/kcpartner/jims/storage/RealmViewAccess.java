package io.github.kcpartner.jims.storage;

import org.jboss.logging.Logger;
import org.keycloak.Token;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;

/**
 * Whether the caller of an admin request may view a realm, as Keycloak decides it for its own realm
 * list ({@code AdminPermissions.realms(..).canView(realm)}: view-realm or manage-realm of that
 * realm's admin client; fine-grained admin permissions v2 included).
 *
 * <p>The caller is the admin bearer token that Keycloak's admin root verified and put on the
 * session's context ({@code KeycloakContext.getBearerToken()}), in the realm the context is set to.
 * Anything missing or inconsistent (no token, a token of another realm than the context's, an
 * unknown user, client or realm, an error) answers "no": provider info then shows no realm.
 */
final class RealmViewAccess {

    private static final Logger LOG = Logger.getLogger(RealmViewAccess.class);

    private RealmViewAccess() {}

    static boolean mayView(KeycloakSession session, String realmId) {
        try {
            KeycloakContext context = session.getContext();
            RealmModel callerRealm = context == null ? null : context.getRealm();
            Token bearer = context == null ? null : context.getBearerToken();
            if (callerRealm == null || !(bearer instanceof AccessToken token) || token.getIssuer() == null) {
                return false;
            }
            String issuer = token.getIssuer();
            if (!callerRealm.getName().equals(issuer.substring(issuer.lastIndexOf('/') + 1))) {
                return false;
            }
            UserModel user = context.getUser();
            ClientModel client =
                    token.getIssuedFor() == null ? null : callerRealm.getClientByClientId(token.getIssuedFor());
            RealmModel target = session.realms().getRealm(realmId);
            if (user == null || client == null || target == null) {
                return false;
            }
            AdminAuth caller = new AdminAuth(callerRealm, token, user, client);
            return AdminPermissions.realms(session, caller).canView(target);
        } catch (RuntimeException | LinkageError e) { // LinkageError: a Keycloak release without these APIs
            LOG.debugf(
                    "JIMS provider info: view permission not established (%s)",
                    e.getClass().getSimpleName());
            return false;
        }
    }
}
