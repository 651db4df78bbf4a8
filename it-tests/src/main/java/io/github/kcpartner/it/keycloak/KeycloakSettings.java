package io.github.kcpartner.it.keycloak;

import io.github.kcpartner.it.support.FreePorts;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where the distribution is and how to start it. {@link #fromSystemProperties()} reads what
 * the it-tests build passes to failsafe and to the demo.
 *
 * @param vaultDir       the directory of Keycloak's files vault ({@code ${vault.key}} secrets)
 * @param realmVariables values for the {@code ${NAME}} placeholders of the realm JSON files
 */
public record KeycloakSettings(
        Path home,
        Path providerJar,
        Path realmDir,
        Path logDir,
        Path vaultDir,
        int httpPort,
        int managementPort,
        Map<String, String> realmVariables,
        List<String> extraArgs) {

    public static KeycloakSettings fromSystemProperties() {
        return new KeycloakSettings(
                path("kc.home", "target/keycloak-26.7.4"),
                path("provider.jar", "target/providers/keycloak-partner-federation.jar"),
                path("realm.dir", "../realm-export"),
                path("it.log.dir", "target/it-logs"),
                path("kc.vault.dir", "target/it-vault"),
                FreePorts.next(),
                FreePorts.next(),
                Map.of(),
                List.of());
    }

    public KeycloakSettings withPorts(int http, int management) {
        return new KeycloakSettings(
                home, providerJar, realmDir, logDir, vaultDir, http, management, realmVariables, extraArgs);
    }

    public KeycloakSettings withRealmVariables(Map<String, String> variables) {
        return new KeycloakSettings(
                home,
                providerJar,
                realmDir,
                logDir,
                vaultDir,
                httpPort,
                managementPort,
                Map.copyOf(variables),
                extraArgs);
    }

    public KeycloakSettings withExtraArgs(List<String> args) {
        return new KeycloakSettings(
                home,
                providerJar,
                realmDir,
                logDir,
                vaultDir,
                httpPort,
                managementPort,
                realmVariables,
                List.copyOf(args));
    }

    private static Path path(String property, String fallback) {
        return Path.of(System.getProperty(property, fallback)).toAbsolutePath().normalize();
    }
}
