package io.github.kcpartner.broker.partner;

import com.nimbusds.jwt.JWTClaimsSet;
import io.github.kcpartner.broker.login.PartnerLoginException;
import io.github.kcpartner.jose.LogoutTokenValidator;
import org.jboss.logging.Logger;
import org.keycloak.broker.provider.IdentityBrokerException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.LogoutToken;
import org.keycloak.util.JsonSerialization;

/**
 * A partner's back-channel logout token, for Keycloak's endpoint
 * {@code /realms/{realm}/protocol/openid-connect/logout/backchannel-logout}: validated by
 * {@link LogoutTokenValidator} with this partner's settings, and each {@code jti} accepted once
 * across the cluster ({@code session.singleUseObjects()}). Keycloak asks every matching provider
 * twice per request (once to check the token, once to pick the providers), so a token accepted
 * earlier in the same request is accepted again. Every refusal is an {@link IdentityBrokerException},
 * and a LOGOUT_ERROR event with the reason, except a token whose {@code aud} names another client:
 * Keycloak offers a token to every provider of its issuer, so with two providers for one partner
 * each token reaches both (Keycloak's own LOGOUT_ERROR says when no provider took it).
 */
final class PartnerLogoutToken {

    private static final Logger LOG = Logger.getLogger(PartnerLogoutToken.class);
    private static final String SEEN = "partner-oidc.logout-jti.";
    private static final String ACCEPTED = "partner-oidc.logout-accepted.";
    private static final String REFUSED = "partner-oidc.logout-refused.";

    private PartnerLogoutToken() {}

    static LogoutToken validate(PartnerOidcIdentityProvider provider, String encoded) {
        String alias = provider.getConfig().getAlias();
        KeycloakSession session = provider.keycloakSession();
        try {
            if (session.getAttribute(ACCEPTED + alias) instanceof Accepted earlier
                    && earlier.encoded().equals(encoded)) {
                return earlier.token();
            }
            PartnerJose jose = new PartnerJose(
                    provider,
                    provider.runtime().endpoints(session, provider.partnerConfig()),
                    new PartnerStepUp(null, java.util.Set.of()));
            JWTClaimsSet claims = jose.logoutToken(encoded);
            long skew = Math.max(0, provider.partnerConfig().getAllowedClockSkew());
            long keep = LogoutTokenValidator.MAX_AGE.toSeconds() + 2 * skew;
            if (!session.singleUseObjects().putIfAbsent(SEEN + alias + "." + claims.getJWTID(), keep)) {
                throw new PartnerLoginException(LogoutTokenValidator.REPLAYED_TOKEN, "jti was seen before");
            }
            LogoutToken token = JsonSerialization.readValue(claims.toString(), LogoutToken.class);
            session.setAttribute(ACCEPTED + alias, new Accepted(encoded, token));
            LOG.debugf("partner %s: logout token accepted (jti %s)", alias, claims.getJWTID());
            return token;
        } catch (PartnerLoginException e) {
            LOG.debugf("partner %s: logout token refused (%s): %s", alias, e.reason(), e.getMessage());
            if (!io.github.kcpartner.jose.TokenValidationException.INVALID_AUDIENCE.equals(e.reason())) {
                // a token for another client of the same partner (another provider here) is no error of this one
                refused(session, alias, e.reason());
            }
            throw new IdentityBrokerException("logout token refused: " + e.reason(), e);
        } catch (RuntimeException | java.io.IOException e) {
            // fail closed: Keycloak only catches IdentityBrokerException here
            LOG.debugf("partner %s: logout token refused: %s", alias, e);
            throw new IdentityBrokerException("logout token refused", e);
        }
    }

    /**
     * A LOGOUT_ERROR event naming this partner and our reason (Keycloak's own event for the
     * request says only that no provider verified the token); once per request and partner,
     * since Keycloak asks each provider twice.
     */
    private static void refused(KeycloakSession session, String alias, String reason) {
        if (session.getAttribute(REFUSED + alias) != null) {
            return;
        }
        session.setAttribute(REFUSED + alias, reason);
        try {
            new org.keycloak.events.EventBuilder(
                            session.getContext().getRealm(),
                            session,
                            session.getContext().getConnection())
                    .event(org.keycloak.events.EventType.LOGOUT_ERROR)
                    .detail(org.keycloak.events.Details.IDENTITY_PROVIDER, alias)
                    .detail(org.keycloak.events.Details.REASON, reason)
                    .error("invalid_logout_token");
        } catch (RuntimeException e) {
            // the refusal stands without its event
            LOG.debugf("partner %s: the logout refusal event could not be recorded: %s", alias, e);
        }
    }

    /** A token accepted earlier in this request, with its claims. */
    private record Accepted(String encoded, LogoutToken token) {}
}
