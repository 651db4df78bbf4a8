package io.github.kcpartner.jims.flow;

import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * {@code jims-username-password-form}: Keycloak's own username and password form, which does all
 * the work, preceded on each submission by a JIMS lookup of the client address. The request's
 * event then carries {@code jims_match}, {@code jims_user} and {@code jims_reason} for the name
 * typed, so the {@code LOGIN_ERROR} of a wrong password or an unknown user says whether the
 * attempt came from that user's own machine. (Keycloak calls no extension before its form reports
 * a failure, so a flow with its plain form has these details only on {@code LOGIN}.)
 *
 * <p>The match is computed as in {@code jims-user-matches-network}: whether the Keycloak user named
 * by the input (username or e-mail) is the user the JIMS identity is bound to
 * ({@link IdentityBinding}); a name no user has never matches. A lookup that fails never stops
 * the form: the details then say why the match is unknown.
 */
final class NetworkPasswordForm implements Authenticator {

    static final String STEP = "password_form";

    private final Authenticator form;
    private final NetworkOutcomes outcomes;
    private final MisconfigurationLog misconfigured;

    NetworkPasswordForm(Authenticator keycloakForm, NetworkOutcomes outcomes, MisconfigurationLog misconfigured) {
        this.form = keycloakForm;
        this.outcomes = outcomes;
        this.misconfigured = misconfigured;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        form.authenticate(context);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> input = context.getHttpRequest().getDecodedFormParameters();
        if (!input.containsKey("cancel")) {
            annotate(context, input.getFirst(AuthenticationManager.FORM_USERNAME));
        }
        form.action(context);
    }

    private void annotate(AuthenticationFlowContext context, String typed) {
        String name = typed == null ? "" : typed.trim();
        if (name.isEmpty()) {
            NetworkOutcomes.replay(context.getEvent(), context.getAuthenticationSession());
            return;
        }
        NetworkIdentitySettings settings = NetworkIdentitySettings.of(context.getAuthenticatorConfig());
        NetworkLookup.Result found;
        if (settings.problems().isEmpty()) {
            found = NetworkLookup.atClient(context.getSession(), context.getRealm(), settings);
        } else {
            misconfigured.report(
                    NetworkPasswordFormFactory.PROVIDER_ID,
                    context.getRealm().getName(),
                    NetworkIdentityAuthenticator.configId(context),
                    settings.problems());
            found = NetworkLookup.Result.unavailable("jims_config_invalid");
        }
        switch (found.outcome()) {
            case FOUND -> {
                UserModel user = userNamed(context.getSession(), context.getRealm(), name);
                boolean match = user != null
                        && IdentityBinding.of(context.getSession(), context.getRealm(), settings, found)
                                .is(user);
                NetworkOutcomes.record(
                        context.getEvent(),
                        context.getAuthenticationSession(),
                        Boolean.toString(match),
                        found.jimsUser(),
                        null);
                outcomes.count(STEP, "form", match ? "match" : "mismatch");
            }
            case NOBODY -> {
                NetworkOutcomes.record(
                        context.getEvent(), context.getAuthenticationSession(), "unknown", null, found.reason());
                outcomes.count(STEP, "form", "nobody");
            }
            default -> {
                NetworkOutcomes.record(
                        context.getEvent(), context.getAuthenticationSession(), "unknown", null, found.reason());
                outcomes.count(STEP, "form", "unavailable");
            }
        }
    }

    /** The user the form will find for {@code name} (username or e-mail), or {@code null}. */
    private static UserModel userNamed(KeycloakSession session, RealmModel realm, String name) {
        try {
            return KeycloakModelUtils.findUserByNameOrEmail(session, realm, name);
        } catch (ModelDuplicateException e) {
            return null; // two users share the e-mail: the form refuses it; no user to compare
        }
    }

    @Override
    public boolean requiresUser() {
        return form.requiresUser();
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return form.configuredFor(session, realm, user);
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        form.setRequiredActions(session, realm, user);
    }

    @Override
    public void close() {
        form.close();
    }
}
