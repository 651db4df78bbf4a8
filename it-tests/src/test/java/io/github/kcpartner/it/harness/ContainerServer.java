package io.github.kcpartner.it.harness;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import io.github.kcpartner.it.jims.JimsPair;
import io.github.kcpartner.it.keycloak.KeycloakAdminClient;
import java.io.File;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * The Testcontainers mode ({@code -Dkc.mode=testcontainers}): the official image with our jar in
 * {@code providers/}. Without a Docker engine the run is skipped with that reason, not failed.
 * Limitation: inside the container {@code localhost} is the container itself, so tests that
 * make Keycloak call back a peer on the host need the default dist mode.
 */
final class ContainerServer implements KeycloakExtension.ManagedServer, KeycloakServer {

    private final KeycloakContainer container;
    private final Map<String, String> variables;
    private final KeycloakAdminClient admin;

    private ContainerServer(KeycloakContainer container, Map<String, String> variables) {
        this.container = container;
        this.variables = variables;
        this.admin = new KeycloakAdminClient(baseUrl(), container.getAdminUsername(), container.getAdminPassword());
    }

    static ContainerServer start(JimsPair jims) {
        if (!dockerAvailable()) {
            String reason = "kc.mode=testcontainers needs a Docker engine and none answers here: "
                    + "these integration tests are skipped (the default kc.mode=dist needs no Docker)";
            System.out.println("WARNING: " + reason);
            Assumptions.abort(reason);
        }
        Map<String, String> variables = TestRealmVariables.create("host.testcontainers.internal", jims);
        String version = System.getProperty("kc.version", "26.7.4");
        KeycloakContainer container = new KeycloakContainer("quay.io/keycloak/keycloak:" + version)
                .withProviderLibsFrom(List.of(new File(System.getProperty("provider.jar"))))
                .withRealmImportFiles(realmFiles())
                .withEnabledMetrics();
        variables.forEach(container::withEnv);
        container.withEnv("KC_BASE_URL", "http://localhost:8080");
        container.start();
        return new ContainerServer(container, variables);
    }

    private static String[] realmFiles() {
        // realm-export/ is on the test classpath under realm-export/ (see it-tests/pom.xml).
        return new String[] {"realm-export/partner-demo-realm.json", "realm-export/partner-op-realm.json"};
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public KeycloakServer server() {
        return this;
    }

    @Override
    public String baseUrl() {
        return container.getAuthServerUrl().replaceAll("/$", "");
    }

    @Override
    public KeycloakAdminClient admin() {
        return admin;
    }

    @Override
    public Map<String, String> realmVariables() {
        return variables;
    }

    @Override
    public void close() {
        container.stop();
    }
}
