package io.github.kcpartner.it.harness;

import io.github.kcpartner.it.jims.JimsPair;
import io.github.kcpartner.it.keycloak.KeycloakDistribution;
import io.github.kcpartner.it.keycloak.KeycloakSettings;
import java.util.HashMap;
import java.util.Map;

/** The default mode: the real distribution, unpacked by the build, run as a process. */
final class DistributionServer extends DistributionBacked implements KeycloakExtension.ManagedServer {

    private DistributionServer(KeycloakDistribution distribution, Map<String, String> variables) {
        super(distribution, variables);
    }

    static DistributionServer start(JimsPair jims) {
        Map<String, String> variables = new HashMap<>(TestRealmVariables.create(jims));
        KeycloakSettings settings = KeycloakSettings.fromSystemProperties().withRealmVariables(variables);
        variables.put("KC_BASE_URL", "http://localhost:" + settings.httpPort());
        KeycloakDistribution distribution = new KeycloakDistribution(settings).start();
        System.out.printf(
                "Keycloak %s ready at %s in %.1f s (log: %s)%n",
                System.getProperty("kc.version", ""),
                distribution.baseUrl(),
                distribution.startupTime().toMillis() / 1000.0,
                distribution.logFile());
        return new DistributionServer(distribution, variables);
    }

    @Override
    public KeycloakServer server() {
        return this;
    }

    @Override
    public void close() {
        distribution.close();
    }
}
