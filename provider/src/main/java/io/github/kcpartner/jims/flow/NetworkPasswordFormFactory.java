package io.github.kcpartner.jims.flow;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.authentication.authenticators.browser.UsernamePasswordFormFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * Registers {@code jims-username-password-form}: Keycloak's username and password form whose
 * events, failed logins included, carry the JIMS details of the client address. Each instance
 * wraps the instance Keycloak's own factory makes, so the form behaves as Keycloak's does in the
 * running version.
 */
public final class NetworkPasswordFormFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "jims-username-password-form";

    private static final Requirement[] REQUIREMENTS = {Requirement.REQUIRED};

    private final NetworkOutcomes outcomes = NetworkOutcomes.global();
    private final MisconfigurationLog misconfigured = new MisconfigurationLog();
    private AuthenticatorFactory keycloakForm;

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Username Password Form with JIMS details";
    }

    @Override
    public String getReferenceCategory() {
        return PasswordCredentialModel.TYPE;
    }

    @Override
    public String getHelpText() {
        return "Keycloak's username and password form; its login events, failed ones included, say whether the name typed is the user JIMS names at the client address (jims_match, jims_user).";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return REQUIREMENTS.clone();
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return NetworkIdentitySettings.passwordFormProperties();
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return new NetworkPasswordForm(keycloakForm.create(session), outcomes, misconfigured);
    }

    @Override
    public void init(Config.Scope config) {
        // no server-wide options
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        keycloakForm = (AuthenticatorFactory)
                factory.getProviderFactory(Authenticator.class, UsernamePasswordFormFactory.PROVIDER_ID);
        if (keycloakForm == null) {
            throw new IllegalStateException(
                    "Keycloak's authenticator " + UsernamePasswordFormFactory.PROVIDER_ID + " is not available");
        }
    }

    @Override
    public void close() {
        // nothing held
    }
}
