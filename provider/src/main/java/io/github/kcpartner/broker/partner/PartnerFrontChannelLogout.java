package io.github.kcpartner.broker.partner;

import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * OpenID Connect Front-Channel Logout 1.0 from the partner: the partner's logout page loads
 * {@code /realms/{realm}/broker/{alias}/endpoint/frontchannel_logout?iss=...&sid=...} (in an
 * iframe), and the session brokered through this provider with that partner session id ends.
 * {@code iss} must be the partner's issuer and {@code sid} is required (the partner's
 * "frontchannel_logout_session_required"); a request that names no session of ours ends nothing.
 * The answer is the same small page either way, so the request tells nothing about sessions.
 */
final class PartnerFrontChannelLogout {

    private static final Logger LOG = Logger.getLogger(PartnerFrontChannelLogout.class);

    private PartnerFrontChannelLogout() {}

    static Response handle(PartnerOidcIdentityProvider provider, RealmModel realm, String iss, String sid) {
        KeycloakSession session = provider.keycloakSession();
        String alias = provider.getConfig().getAlias();
        if (!provider.compatibility().compatible()) {
            return page(Response.Status.BAD_REQUEST);
        }
        if (iss == null || sid == null || iss.isBlank() || sid.isBlank()) {
            LOG.debugf("partner %s: front-channel logout without iss and sid ignored", alias);
            return page(Response.Status.BAD_REQUEST);
        }
        String issuer;
        try {
            issuer = provider.runtime()
                    .endpoints(session, provider.partnerConfig())
                    .issuer();
        } catch (RuntimeException e) {
            LOG.debugf("partner %s: front-channel logout, the issuer cannot be read: %s", alias, e.getMessage());
            return page(Response.Status.BAD_REQUEST);
        }
        if (!iss.equals(issuer)) {
            LOG.debugf("partner %s: front-channel logout from another issuer ignored", alias);
            return page(Response.Status.BAD_REQUEST);
        }
        UserSessionModel userSession = session.sessions().getUserSessionByBrokerSessionId(realm, alias + "." + sid);
        if (userSession != null && alias.equals(userSession.getNote(org.keycloak.events.Details.IDENTITY_PROVIDER))) {
            AuthenticationManager.backchannelLogout(
                    session,
                    realm,
                    userSession,
                    session.getContext().getUri(),
                    session.getContext().getConnection(),
                    session.getContext().getRequestHeaders(),
                    true);
            LOG.debugf("partner %s: front-channel logout ended a session", alias);
        }
        return page(Response.Status.OK);
    }

    private static Response page(Response.Status status) {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        noStore.setNoCache(true);
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .cacheControl(noStore)
                .entity("<!DOCTYPE html><html><head><title>Signed out</title></head><body></body></html>")
                .build();
    }
}
