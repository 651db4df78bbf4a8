package io.github.kcpartner.jims.flow;

import java.time.Clock;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.AuthenticationFlowCallbackFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** Registers {@code jims-network-identity} (Authentication &gt; Flows &gt; Add step). */
public final class NetworkIdentityAuthenticatorFactory implements AuthenticationFlowCallbackFactory {

    public static final String PROVIDER_ID = "jims-network-identity";

    private static final Requirement[] REQUIREMENTS = {
        Requirement.REQUIRED, Requirement.ALTERNATIVE, Requirement.DISABLED
    };

    private final NetworkOutcomes outcomes = NetworkOutcomes.global();
    private final MisconfigurationLog misconfigured = new MisconfigurationLog();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "JIMS network identity";
    }

    @Override
    public String getReferenceCategory() {
        return "jims";
    }

    @Override
    public String getHelpText() {
        return "Looks up who JIMS says is at the client address: pre-fills the username or sends the user to the identity provider of the JIMS domain (hint), asks \"Continue as ...?\" (offer), or signs members of configured groups in from trusted networks (auto).";
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
        return NetworkIdentitySettings.networkIdentityProperties();
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return new NetworkIdentityAuthenticator(outcomes, misconfigured, Clock.systemUTC());
    }

    @Override
    public void init(Config.Scope config) {
        // no server-wide options
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // nothing to wire
    }

    @Override
    public void close() {
        // nothing held
    }
}
