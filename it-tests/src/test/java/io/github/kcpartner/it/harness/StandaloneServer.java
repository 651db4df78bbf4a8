package io.github.kcpartner.it.harness;

import io.github.kcpartner.it.keycloak.KeycloakDistribution;
import io.github.kcpartner.it.keycloak.KeycloakSettings;
import io.github.kcpartner.it.support.DistributionCopy;
import io.github.kcpartner.it.support.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A second Keycloak, for tests that stop the server and run {@code kc.sh} commands on its
 * database ({@code export}, {@code import}), or that need run-time options the shared server does
 * not have ({@code --proxy-headers}): a copy of the unpacked distribution in its own directory, so
 * the shared server of the run is never touched. The copy keeps the augmented (built) server, so
 * it starts without a Quarkus build as long as no build-time option differs. It resolves the realm
 * JSON with the shared server's values and reads the same vault directory, so the peers and vault
 * entries of the run serve both.
 */
public final class StandaloneServer extends DistributionBacked implements AutoCloseable {

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(4);

    private final KeycloakSettings settings;

    private StandaloneServer(KeycloakSettings settings, Map<String, String> variables) {
        super(new KeycloakDistribution(settings), variables);
        this.settings = settings;
    }

    /** Copies the distribution (not its database) to {@code target/standalone/<name>} and starts it with the realms of realm-export/. */
    public static StandaloneServer start(String name, KeycloakServer shared) {
        return start(name, shared, List.of());
    }

    /**
     * As {@link #start(String, KeycloakServer)}, with run-time options added to {@code kc.sh
     * start-dev} (e.g. {@code --proxy-headers=xforwarded}); a build-time option would make the start
     * rebuild the server.
     */
    public static StandaloneServer start(String name, KeycloakServer shared, List<String> extraArgs) {
        KeycloakSettings base = KeycloakSettings.fromSystemProperties();
        Path home = base.home().resolveSibling("standalone").resolve(name);
        DistributionCopy.copy(base.home(), home);
        KeycloakSettings settings = new KeycloakSettings(
                        home,
                        base.providerJar(),
                        base.realmDir(),
                        base.logDir().resolve(name),
                        base.vaultDir(),
                        FreePorts.next(),
                        FreePorts.next(),
                        Map.of(),
                        List.of())
                .withRealmVariables(shared.realmVariables())
                .withExtraArgs(extraArgs);
        Map<String, String> variables = new java.util.HashMap<>(shared.realmVariables());
        variables.put("KC_BASE_URL", "http://localhost:" + settings.httpPort());
        StandaloneServer server = new StandaloneServer(settings, variables);
        server.distribution.start();
        return server;
    }

    /** The copy's {@code kc.home.dir}. */
    public Path home() {
        return settings.home();
    }

    /** The port Keycloak's HTTP listener has on 127.0.0.1. */
    public int httpPort() {
        return settings.httpPort();
    }

    /** How long the last start took, from launching {@code kc.sh} until the server answered. */
    public Duration startupTime() {
        return distribution.startupTime();
    }

    /** Stops the server. */
    public void stop() {
        distribution.close();
    }

    /** Runs {@code kc.sh <args>} on the stopped server's database. */
    public void kc(String... args) {
        distribution.run(COMMAND_TIMEOUT, args);
    }

    /** Deletes the stopped server's database: the next {@code kc.sh import} or start begins empty. */
    public void dropDatabase() {
        try {
            distribution.resetDatabase();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the stopped server on its database, importing only these realm files of realm-export/. */
    public void restart(String... realmFiles) {
        distribution.restart(
                Stream.of(realmFiles).map(settings.realmDir()::resolve).toList());
        admin().forgetToken();
    }

    @Override
    public void close() {
        distribution.close();
    }
}
