package io.github.kcpartner.it.harness;

import io.github.kcpartner.it.keycloak.KeycloakAdminClient;
import io.github.kcpartner.it.keycloak.KeycloakDistribution;
import java.nio.file.Path;
import java.util.Map;

/** A {@link KeycloakServer} that is an unpacked distribution run as a process on this machine. */
abstract class DistributionBacked implements KeycloakServer {

    final KeycloakDistribution distribution;
    private final Map<String, String> variables;
    private final KeycloakAdminClient admin;

    DistributionBacked(KeycloakDistribution distribution, Map<String, String> variables) {
        this.distribution = distribution;
        this.variables = Map.copyOf(variables);
        this.admin = new KeycloakAdminClient(
                distribution.baseUrl(), KeycloakDistribution.ADMIN_USER, KeycloakDistribution.ADMIN_PASSWORD);
    }

    @Override
    public String baseUrl() {
        return distribution.baseUrl();
    }

    @Override
    public String managementUrl() {
        return distribution.managementUrl();
    }

    @Override
    public Path logFile() {
        return distribution.logFile();
    }

    @Override
    public KeycloakAdminClient admin() {
        return admin;
    }

    @Override
    public Map<String, String> realmVariables() {
        return variables;
    }
}
