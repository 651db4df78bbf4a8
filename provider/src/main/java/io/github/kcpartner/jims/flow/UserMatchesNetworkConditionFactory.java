package io.github.kcpartner.jims.flow;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** Registers the condition {@code jims-user-matches-network} (in a conditional sub-flow). */
public final class UserMatchesNetworkConditionFactory implements ConditionalAuthenticatorFactory {

    public static final String PROVIDER_ID = "jims-user-matches-network";

    private static final Requirement[] REQUIREMENTS = {Requirement.REQUIRED, Requirement.DISABLED};

    private final NetworkOutcomes outcomes = NetworkOutcomes.global();
    private final MisconfigurationLog misconfigured = new MisconfigurationLog();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Condition - user matches JIMS network identity";
    }

    @Override
    public String getHelpText() {
        return "True when the user being logged in is the one JIMS names at the client address (negate: when they differ).";
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
        return NetworkIdentitySettings.conditionProperties();
    }

    @Override
    public ConditionalAuthenticator getSingleton() {
        return new UserMatchesNetworkCondition(outcomes, misconfigured);
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
