package io.github.kcpartner.broker.login;

import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * What a user sees when a partner login fails: one of a few pages in plain words (what happened,
 * what to do) chosen from the event reason, never the reason itself, plus a short reference
 * that the user can quote to support. The same reference goes into the login error event as
 * {@code details.reference}, so support finds the event (and its reason) from it.
 *
 * <p>The texts are message keys of the provider's bundle ({@code theme-resources/messages}, in
 * English, German and French), so any login theme shows them; the {@code partner} theme also
 * shows a title per kind ({@code partnerFailureTitle}).
 */
public final class LoginFailurePage {

    /** The event detail that carries the reference shown to the user. */
    public static final String REFERENCE = "reference";

    /** Letters and digits that cannot be mistaken for one another when read out (no 0/O, 1/I/L). */
    private static final char[] REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789".toCharArray();

    /** The page a user sees, by what went wrong from their point of view. */
    public enum Kind {
        /** The partner (or one of its endpoints) did not answer, or not usably: try later. */
        UNREACHABLE("partnerLoginUnreachable"),
        /** The partner answered, but its answer failed our checks. */
        REFUSED("partnerLoginRefused"),
        /** The partner account could not be matched to a user here (identity mapping). */
        NOT_MATCHED("partnerLoginNotMatched"),
        /** The user's attributes could not be determined (attribute mapping, advanced configuration). */
        ATTRIBUTES("partnerLoginAttributes"),
        /** The partner itself reported an error in its authorization response. */
        PARTNER_ERROR("partnerLoginPartnerError"),
        /** The provider's configuration or this server prevents the login: only support can help. */
        SERVICE("partnerLoginService");

        private static final Set<String> UNREACHABLE_REASONS = Set.of(
                "metadata_unavailable",
                "jwks_unavailable",
                "token_request_failed",
                "userinfo_failed",
                "par_request_failed");
        private static final Set<String> NOT_MATCHED_REASONS =
                Set.of("identity_mapping_failed", "identity_mapping_unavailable");
        private static final Set<String> ATTRIBUTE_REASONS =
                Set.of("attribute_mapping_failed", "attribute_mapping_config_invalid", "advanced_configuration_failed");
        private static final Set<String> SERVICE_REASONS = Set.of(
                "keycloak_incompatible",
                "client_assertion_failed",
                "request_object_failed",
                "unexpected_error",
                "no_issuer",
                "no_authorization_endpoint",
                "no_token_endpoint",
                "no_verification_key",
                "metadata_insecure_endpoint",
                "hmac_not_configured",
                "weak_client_secret");

        private final String messageKey;

        Kind(String messageKey) {
            this.messageKey = messageKey;
        }

        /** The message key of the explanation; its one parameter is the reference. */
        public String messageKey() {
            return messageKey;
        }

        /** The message key of the page title in the {@code partner} theme. */
        public String titleKey() {
            return messageKey + "Title";
        }

        /** The page for an event reason; a reason not named here is a refused answer. */
        public static Kind of(String reason) {
            if (reason.startsWith("partner_error:")) {
                return PARTNER_ERROR;
            }
            if (UNREACHABLE_REASONS.contains(reason)) {
                return UNREACHABLE;
            }
            if (NOT_MATCHED_REASONS.contains(reason)) {
                return NOT_MATCHED;
            }
            if (ATTRIBUTE_REASONS.contains(reason)) {
                return ATTRIBUTES;
            }
            return SERVICE_REASONS.contains(reason) ? SERVICE : REFUSED;
        }
    }

    private final Kind kind;
    private final String reference;

    private LoginFailurePage(Kind kind, String reference) {
        this.kind = kind;
        this.reference = reference;
    }

    /** The page for a failure with this event reason, with a new reference. */
    public static LoginFailurePage forReason(String reason) {
        String random = SecretGenerator.getInstance().randomString(8, REFERENCE_ALPHABET);
        return new LoginFailurePage(Kind.of(reason), random.substring(0, 4) + "-" + random.substring(4));
    }

    public Kind kind() {
        return kind;
    }

    /** A reference such as {@code K7QD-3MXA}: short enough to read out, random so it names one event. */
    public String reference() {
        return reference;
    }

    /** Adds the reference to the event about to be sent. */
    public EventBuilder recordOn(EventBuilder event) {
        return event.detail(REFERENCE, reference);
    }

    /** The error page, in the authentication session's locale when there is one. */
    public Response response(KeycloakSession session, AuthenticationSessionModel authSession, Response.Status status) {
        LoginFormsProvider forms = session.getProvider(LoginFormsProvider.class);
        if (authSession != null) {
            forms.setAuthenticationSession(authSession);
        }
        return forms.setAttribute("partnerFailureTitle", kind.titleKey())
                .setAttribute("partnerReference", reference)
                .setError(kind.messageKey(), reference)
                .createErrorPage(status);
    }
}
