package io.github.kcpartner.it.harness;

import io.github.kcpartner.it.keycloak.KeycloakAdminClient;

/** What an integration test gets: the running server, however it was started. */
public interface KeycloakServer {

    /** e.g. {@code http://localhost:41234}, reachable from the browser and the peers. */
    String baseUrl();

    /** Admin REST client logged in as the bootstrap admin. */
    KeycloakAdminClient admin();

    /** The management interface (health, metrics), e.g. {@code http://localhost:41235}; null where not reachable. */
    default String managementUrl() {
        return null;
    }

    /** The server's log file; null where the server runs elsewhere (a container). */
    default java.nio.file.Path logFile() {
        return null;
    }

    /** Values the realm JSON placeholders were resolved with (client secrets, peer addresses). */
    java.util.Map<String, String> realmVariables();

    /** One of {@link #realmVariables()}. */
    default String realmVariable(String name) {
        return realmVariables().get(name);
    }
}
