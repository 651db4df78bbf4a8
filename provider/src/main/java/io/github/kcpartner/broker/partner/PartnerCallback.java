package io.github.kcpartner.broker.partner;

import io.github.kcpartner.broker.identity.IdentityMapping;
import io.github.kcpartner.broker.login.LoginFailurePage;
import io.github.kcpartner.broker.login.PartnerLoginException;
import io.github.kcpartner.metrics.PartnerMetrics;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.UserAuthenticationIdentityProvider.AuthenticationCallback;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Handles one answer of the partner at the redirect URI, whatever the response mode: finds the
 * authentication session from {@code state}, completes the login, and hands the brokered
 * identity to Keycloak. Every failure becomes an {@code IDENTITY_PROVIDER_LOGIN_ERROR} event with
 * a precise {@code reason} and a {@link LoginFailurePage} in plain words: never a stack trace.
 */
final class PartnerCallback {

    /** The event detail that carries a failed rule's {@code RuleException.eventDetail()}. */
    static final String RULE_ERROR = "rule_error";

    private static final Logger LOG = Logger.getLogger(PartnerCallback.class);

    private final PartnerOidcIdentityProvider provider;
    private final AuthenticationCallback callback;
    private final EventBuilder event;
    private final KeycloakSession session;

    PartnerCallback(PartnerOidcIdentityProvider provider, AuthenticationCallback callback, EventBuilder event) {
        this.provider = provider;
        this.callback = callback;
        this.event = event;
        this.session = provider.keycloakSession();
    }

    Response handle(MultivaluedMap<String, String> params) {
        String state = params.getFirst(OAuth2Constants.STATE);
        if (state == null) {
            return fail(null, "missing_state", Response.Status.BAD_REQUEST);
        }
        AuthenticationSessionModel authSession;
        try {
            authSession = callback.getAndVerifyAuthenticationSession(state);
        } catch (WebApplicationException e) {
            return e.getResponse();
        }
        session.getContext().setAuthenticationSession(authSession);

        String error = params.getFirst(OAuth2Constants.ERROR);
        if (error != null) {
            return partnerError(authSession, error, params.getFirst(OAuth2Constants.ERROR_DESCRIPTION));
        }
        try {
            if (!provider.compatibility().compatible()) {
                throw provider.compatibility().refusal();
            }
            BrokeredIdentityContext identity = new PartnerLogin(provider, authSession).complete(params);
            IdentityMapping.apply(
                    session,
                    authSession,
                    provider.getConfig().getConfig(),
                    alias(),
                    identity,
                    claims(identity, PartnerIdentity.ID_TOKEN_CLAIMS),
                    claims(identity, PartnerIdentity.USERINFO_CLAIMS),
                    provider.runtime().sts());
            identity.setIdp(provider);
            identity.setAuthenticationSession(authSession);
            PartnerMetrics.global().loginSucceeded(alias());
            return callback.authenticated(identity);
        } catch (PartnerLoginException e) {
            LOG.debugf("partner %s: login rejected (%s): %s", alias(), e.reason(), e.getMessage());
            if (e.ruleError() != null) {
                event.detail(RULE_ERROR, e.ruleError());
            }
            return fail(authSession, e.reason(), Response.Status.BAD_GATEWAY);
        } catch (WebApplicationException e) {
            return e.getResponse();
        } catch (RuntimeException e) {
            LOG.errorf(
                    "partner %s: unexpected failure of a login: %s",
                    alias(), e.getClass().getName());
            LOG.debug("unexpected failure", e);
            return fail(authSession, "unexpected_error", Response.Status.INTERNAL_SERVER_ERROR);
        }
    }

    @SuppressWarnings("unchecked")
    private static java.util.Map<String, Object> claims(BrokeredIdentityContext identity, String key) {
        return (java.util.Map<String, Object>) identity.getContextData().get(key);
    }

    private Response partnerError(AuthenticationSessionModel authSession, String error, String description) {
        LOG.debugf("partner %s answered error=%s", alias(), errorCode(error));
        if ("access_denied".equals(error)) {
            PartnerMetrics.global().loginCancelled(alias());
            return callback.cancelled(provider.getConfig());
        }
        if (PartnerPar.refusedForWantOfPar(authSession, error, description)) {
            return fail(authSession, PartnerPar.REQUIRED_BY_PARTNER, Response.Status.BAD_GATEWAY);
        }
        if (OAuthErrorException.LOGIN_REQUIRED.equals(error)
                || OAuthErrorException.INTERACTION_REQUIRED.equals(error)) {
            PartnerMetrics.global().loginFailed(alias(), "partner_error:" + error);
            return callback.error(provider.getConfig(), error);
        }
        return fail(authSession, "partner_error:" + errorCode(error), Response.Status.BAD_GATEWAY);
    }

    /**
     * The partner's {@code error} as it may appear in an event reason: RFC 6749 error codes are
     * printable ASCII without quotes or backslashes; anything else, or longer than 64 characters,
     * becomes {@code invalid}.
     */
    static String errorCode(String error) {
        return error.length() <= 64 && error.matches("[A-Za-z0-9_.\\-]+") ? error : "invalid";
    }

    private Response fail(AuthenticationSessionModel authSession, String reason, Response.Status status) {
        PartnerMetrics.global().loginFailed(alias(), reason);
        LoginFailurePage page = LoginFailurePage.forReason(reason);
        page.recordOn(event.event(EventType.IDENTITY_PROVIDER_LOGIN)
                        .detail(Details.IDENTITY_PROVIDER, alias())
                        .detail(Details.REASON, reason))
                .error(Errors.IDENTITY_PROVIDER_LOGIN_FAILURE);
        return page.response(session, authSession, status);
    }

    private String alias() {
        return provider.getConfig().getAlias();
    }
}
