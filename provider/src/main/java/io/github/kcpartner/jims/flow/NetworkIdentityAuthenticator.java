package io.github.kcpartner.jims.flow;

import io.github.kcpartner.jims.flow.NetworkIdentitySettings.FailurePolicy;
import io.github.kcpartner.jims.flow.NetworkIdentitySettings.Mode;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowCallback;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.models.GroupModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.ClientSessionCode;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * {@code jims-network-identity}: who JIMS says sits at the client address, used in the login.
 * <ul>
 *   <li>{@code hint}: pre-fills the username (login hint); with the JIMS domain mapped to an
 *       identity provider, sends the browser there with {@code login_hint};</li>
 *   <li>{@code offer}: asks "Continue as CORP\alice?"; continuing pre-fills the username, the
 *       next step still authenticates;</li>
 *   <li>{@code auto}: signs the user in without a password, only inside the trusted networks,
 *       for an entry younger than the maximum age, for members of the configured JIMS groups;
 *       otherwise the flow's next alternative runs (put the step as an ALTERNATIVE beside the
 *       forms, like Kerberos).</li>
 * </ul>
 * A login hint the application sent, or an {@code kc_idp_hint}, wins over JIMS. JIMS
 * unavailable: {@code skip} goes on as if nobody were known, {@code deny} shows the denied page.
 * When the step's parent flow succeeds (the user now known), the login's event gets
 * {@code jims_match} for that user.
 */
final class NetworkIdentityAuthenticator implements AuthenticationFlowCallback {

    static final String OFFER_TEMPLATE = "jims-network-offer.ftl";
    static final String DENIED_TEMPLATE = "jims-network-denied.ftl";
    static final String STEP = "network_identity";

    private static final Logger LOG = Logger.getLogger(NetworkIdentityAuthenticator.class);
    private static final String HINT_NOTE = "jims.network.hint";
    /** The id of the user the JIMS identity is bound to (empty: none), for the LOGIN event's match. */
    private static final String BOUND_NOTE = "jims.network.boundUser";
    /** JIMS timestamps further ahead than this are not believed. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private static final String SET_HINT_NOTE = "jims.network.hintSet";
    /** A client note: it outlives a reset of the flow, unlike auth notes. */
    private static final String REDIRECTED_NOTE = "jims.network.redirected";

    private final NetworkOutcomes outcomes;
    private final MisconfigurationLog misconfigured;
    private final Clock clock;

    NetworkIdentityAuthenticator(NetworkOutcomes outcomes, MisconfigurationLog misconfigured, Clock clock) {
        this.outcomes = outcomes;
        this.misconfigured = misconfigured;
        this.clock = clock;
    }

    static String configId(AuthenticationFlowContext context) {
        return context.getAuthenticatorConfig() == null
                ? "(none)"
                : context.getAuthenticatorConfig().getId();
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        NetworkIdentitySettings settings = NetworkIdentitySettings.of(context.getAuthenticatorConfig());
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String mode = settings.mode().name().toLowerCase(java.util.Locale.ROOT);
        if (!settings.problems().isEmpty()) {
            misconfigured.report(
                    NetworkIdentityAuthenticatorFactory.PROVIDER_ID,
                    context.getRealm().getName(),
                    configId(context),
                    settings.problems());
            // treated as JIMS unavailable: the failure policy decides
            unavailable(context, settings, mode, "jims_config_invalid");
            return;
        }
        if (context.getUser() != null) {
            LOG.debugf("jims-network-identity: the user is already known, nothing to do");
            pass(context, settings);
            return;
        }
        authSession.removeAuthNote(BOUND_NOTE); // a restarted login binds afresh
        ForwardedChain.Resolution client = ClientAddress.of(context.getSession(), settings);
        if (!client.resolved()) {
            unavailable(context, settings, mode, client.reason());
            return;
        }
        String address = client.address();
        if (settings.mode() == Mode.AUTO && !settings.trusted(address)) {
            // before any lookup: an address from outside costs neither a JIMS query nor a table entry
            refuse(context, null, "untrusted_network");
            return;
        }
        NetworkLookup.Result found = NetworkLookup.at(context.getSession(), context.getRealm(), settings, address);
        switch (found.outcome()) {
            case UNAVAILABLE -> unavailable(context, settings, mode, found.reason());
            case NOBODY -> {
                NetworkOutcomes.record(context.getEvent(), authSession, "unknown", null, found.reason());
                outcomes.count(STEP, mode, "nobody");
                pass(context, settings);
            }
            case FOUND -> {
                NetworkOutcomes.record(context.getEvent(), authSession, "unknown", found.jimsUser(), null);
                IdentityBinding.Binding binding =
                        IdentityBinding.of(context.getSession(), context.getRealm(), settings, found);
                authSession.setAuthNote(
                        BOUND_NOTE, binding.bound() ? binding.user().getId() : "");
                authSession.setAuthNote(
                        HINT_NOTE,
                        settings.hint(found.record().domain(), found.record().user(), found.username()));
                switch (settings.mode()) {
                    case HINT -> hint(context, settings, found);
                    case OFFER -> offer(context, found);
                    case AUTO -> auto(context, settings, found, binding);
                }
            }
        }
    }

    private void hint(AuthenticationFlowContext context, NetworkIdentitySettings settings, NetworkLookup.Result found) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        setLoginHint(authSession, authSession.getAuthNote(HINT_NOTE));
        String alias = settings.idpFor(found.record().domain());
        // once per login: back from a failed partner login, the user gets the form, not a loop
        if (alias != null
                && authSession.getClientNote(REDIRECTED_NOTE) == null
                && authSession.getClientNote(org.keycloak.constants.AdapterConstants.KC_IDP_HINT) == null) {
            IdentityProviderModel idp = context.getSession().identityProviders().getByAlias(alias);
            if (idp != null && idp.isEnabled()) {
                authSession.setClientNote(REDIRECTED_NOTE, alias);
                outcomes.count(STEP, "hint", "redirected");
                context.forceChallenge(
                        redirect(context, alias, authSession.getClientNote(OIDCLoginProtocol.LOGIN_HINT_PARAM)));
                return;
            }
            misconfigured.report(
                    NetworkIdentityAuthenticatorFactory.PROVIDER_ID,
                    context.getRealm().getName(),
                    configId(context),
                    java.util.List.of("JIMS domain " + found.record().domain() + " maps to identity provider " + alias
                            + ", which is missing or disabled"));
        }
        outcomes.count(STEP, "hint", "hinted");
        context.success();
    }

    private void offer(AuthenticationFlowContext context, NetworkLookup.Result found) {
        outcomes.count(STEP, "offer", "offered");
        context.challenge(
                context.form().setAttribute("jimsUser", found.jimsUser()).createForm(OFFER_TEMPLATE));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String hint = authSession.getAuthNote(HINT_NOTE);
        if (form.containsKey("continue") && hint != null) {
            setLoginHint(authSession, hint);
            outcomes.count(STEP, "offer", "continued");
        } else {
            if (authSession.getAuthNote(SET_HINT_NOTE) != null) {
                authSession.removeClientNote(OIDCLoginProtocol.LOGIN_HINT_PARAM);
                authSession.removeAuthNote(SET_HINT_NOTE);
            }
            outcomes.count(STEP, "offer", "another_account");
        }
        NetworkOutcomes.replay(context.getEvent(), authSession);
        context.success();
    }

    private void auto(
            AuthenticationFlowContext context,
            NetworkIdentitySettings settings,
            NetworkLookup.Result found,
            IdentityBinding.Binding binding) {
        String refusal = autoRefusal(settings, found);
        UserModel user = binding.user();
        if (refusal == null) {
            if (!binding.bound()) {
                refusal = binding.refusal();
            } else if (!user.isEnabled()) {
                refusal = "user_disabled";
            } else if (optedOut(context, settings, user)) {
                refusal = "user_opted_out";
            }
        }
        if (refusal != null) {
            refuse(context, found.jimsUser(), refusal);
            return;
        }
        context.setUser(user);
        NetworkOutcomes.record(context.getEvent(), context.getAuthenticationSession(), "true", found.jimsUser(), null);
        outcomes.count(STEP, "auto", "signed_in");
        context.success();
    }

    private void refuse(AuthenticationFlowContext context, String jimsUser, String refusal) {
        LOG.debugf("jims-network-identity auto: no sign-in for %s (%s)", jimsUser, refusal);
        NetworkOutcomes.reason(context.getEvent(), context.getAuthenticationSession(), refusal);
        outcomes.count(STEP, "auto", refusal);
        context.attempted();
    }

    /**
     * Why {@code auto} does not sign this identity in, or {@code null} when the entry allows it
     * (the binding to a Keycloak user is checked after): a federation reached over plain http
     * ({@code insecure_transport}: anyone on the path could have answered), an entry from more
     * than a minute in the future ({@code entry_invalid}) or older than the maximum age, a JIMS
     * user outside the configured domain-qualified groups.
     */
    String autoRefusal(NetworkIdentitySettings settings, NetworkLookup.Result found) {
        if (found.plainHttp()) {
            return "insecure_transport";
        }
        Duration age = Duration.between(found.record().timestamp(), clock.instant());
        if (age.negated().compareTo(CLOCK_SKEW) > 0) {
            return "entry_invalid";
        }
        if (age.compareTo(settings.maxAge()) > 0) {
            return "entry_too_old";
        }
        if (!settings.inGroups(found.record().domain(), found.record().groups())) {
            return "not_in_groups";
        }
        return null;
    }

    /** Whether an administrator put {@code user} into the opt-out group (a top-level name, or a path). */
    private static boolean optedOut(
            AuthenticationFlowContext context, NetworkIdentitySettings settings, UserModel user) {
        String name = settings.optOutGroup();
        GroupModel group = name.startsWith("/")
                ? KeycloakModelUtils.findGroupByPath(context.getSession(), context.getRealm(), name)
                : context.getSession().groups().getGroupByName(context.getRealm(), null, name);
        return group != null && user.isMemberOf(group);
    }

    private void unavailable(
            AuthenticationFlowContext context, NetworkIdentitySettings settings, String mode, String reason) {
        NetworkOutcomes.record(context.getEvent(), context.getAuthenticationSession(), "unknown", null, reason);
        if (settings.failurePolicy() == FailurePolicy.DENY) {
            outcomes.count(STEP, mode, "denied");
            context.getEvent().error("jims_unavailable");
            Response page = context.form().setAttribute("jimsReason", reason).createForm(DENIED_TEMPLATE);
            context.failureChallenge(AuthenticationFlowError.ACCESS_DENIED, page);
            return;
        }
        outcomes.count(STEP, mode, "unavailable");
        pass(context, settings);
    }

    /** Goes on without JIMS: the next step runs (an {@code auto} step leaves the choice to the next alternative). */
    private static void pass(AuthenticationFlowContext context, NetworkIdentitySettings settings) {
        if (settings.mode() == Mode.AUTO) {
            context.attempted();
        } else {
            context.success();
        }
    }

    /** The username field's pre-fill, unless the application sent a login hint of its own. */
    private static void setLoginHint(AuthenticationSessionModel authSession, String username) {
        String existing = authSession.getClientNote(OIDCLoginProtocol.LOGIN_HINT_PARAM);
        if (existing == null || existing.isBlank() || authSession.getAuthNote(SET_HINT_NOTE) != null) {
            authSession.setClientNote(OIDCLoginProtocol.LOGIN_HINT_PARAM, username);
            authSession.setAuthNote(SET_HINT_NOTE, "true");
        }
    }

    private static Response redirect(AuthenticationFlowContext context, String alias, String loginHint) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String accessCode =
                new ClientSessionCode<>(context.getSession(), context.getRealm(), authSession).getOrGenerateCode();
        URI location = Urls.identityProviderAuthnRequest(
                context.getUriInfo().getBaseUri(),
                alias,
                context.getRealm().getName(),
                accessCode,
                authSession.getClient().getClientId(),
                authSession.getTabId(),
                AuthenticationProcessor.getClientData(context.getSession(), authSession),
                loginHint);
        return Response.seeOther(location).build();
    }

    /** The user is now known (the step's flow succeeded): whether JIMS names that user, on this request's event. */
    @Override
    public void onParentFlowSuccess(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String bound = authSession.getAuthNote(BOUND_NOTE);
        UserModel user = context.getUser();
        if (bound != null && user != null) {
            String match = Boolean.toString(bound.equals(user.getId()));
            NetworkOutcomes.record(
                    context.getEvent(),
                    authSession,
                    match,
                    NetworkOutcomes.recorded(authSession, NetworkOutcomes.USER),
                    NetworkOutcomes.recorded(authSession, NetworkOutcomes.REASON));
        } else {
            NetworkOutcomes.replay(context.getEvent(), authSession);
        }
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
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
