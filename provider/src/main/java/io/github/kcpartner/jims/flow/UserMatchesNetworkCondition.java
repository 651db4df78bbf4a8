package io.github.kcpartner.jims.flow;

import io.github.kcpartner.jims.flow.NetworkIdentitySettings.FailurePolicy;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.AuthenticationFlowException;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * {@code jims-user-matches-network}: a condition for conditional sub-flows, true when the user
 * being logged in is the one the JIMS identity at the client address is bound to
 * ({@link IdentityBinding}: the federation's own user, or with a user attribute set the one user
 * whose attribute holds the domain-qualified name, for example a partner's {@code upn} claim
 * mapped to an admin-only attribute; never a bare name).
 * "Negate" makes it true when they differ: the usual way to ask for OTP, or to deny, when
 * someone logs in from another person's machine. When JIMS cannot tell (nobody known at the
 * address, JIMS unavailable), the match is false (so a negated condition is true: the
 * stricter path); with failure policy {@code deny} an unavailable JIMS refuses the login.
 */
final class UserMatchesNetworkCondition implements ConditionalAuthenticator {

    static final String STEP = "user_matches_network";

    private final NetworkOutcomes outcomes;
    private final MisconfigurationLog misconfigured;

    UserMatchesNetworkCondition(NetworkOutcomes outcomes, MisconfigurationLog misconfigured) {
        this.outcomes = outcomes;
        this.misconfigured = misconfigured;
    }

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        NetworkIdentitySettings settings = NetworkIdentitySettings.of(context.getAuthenticatorConfig());
        UserModel user = context.getUser();
        if (!settings.problems().isEmpty()) {
            misconfigured.report(
                    UserMatchesNetworkConditionFactory.PROVIDER_ID,
                    context.getRealm().getName(),
                    NetworkIdentityAuthenticator.configId(context),
                    settings.problems());
        }
        NetworkLookup.Result found = settings.problems().isEmpty()
                ? NetworkLookup.atClient(context.getSession(), context.getRealm(), settings)
                : NetworkLookup.Result.unavailable("jims_config_invalid");
        boolean match;
        switch (found.outcome()) {
            case FOUND -> {
                match = user != null
                        && IdentityBinding.of(context.getSession(), context.getRealm(), settings, found)
                                .is(user);
                NetworkOutcomes.record(
                        context.getEvent(),
                        context.getAuthenticationSession(),
                        Boolean.toString(match),
                        found.jimsUser(),
                        null);
                outcomes.count(STEP, "condition", match ? "match" : "mismatch");
            }
            case NOBODY -> {
                match = false;
                NetworkOutcomes.record(
                        context.getEvent(), context.getAuthenticationSession(), "unknown", null, found.reason());
                outcomes.count(STEP, "condition", "nobody");
            }
            default -> {
                NetworkOutcomes.record(
                        context.getEvent(), context.getAuthenticationSession(), "unknown", null, found.reason());
                if (settings.failurePolicy() == FailurePolicy.DENY) {
                    outcomes.count(STEP, "condition", "denied");
                    // Keycloak's flow error handling sends the LOGIN_ERROR (access_denied, with the details above).
                    // A condition's context has no step choices, which the page layout reads: none.
                    context.setAuthenticationSelections(java.util.List.of());
                    throw new AuthenticationFlowException(
                            AuthenticationFlowError.ACCESS_DENIED,
                            context.form()
                                    .setAttribute("jimsReason", found.reason())
                                    .createForm(NetworkIdentityAuthenticator.DENIED_TEMPLATE));
                }
                outcomes.count(STEP, "condition", "unavailable");
                match = false;
            }
        }
        return settings.negate() != match;
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        // a condition has no form
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // nothing to set up
    }

    @Override
    public void close() {
        // nothing held
    }
}
