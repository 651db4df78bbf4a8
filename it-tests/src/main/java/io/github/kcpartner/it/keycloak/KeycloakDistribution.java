package io.github.kcpartner.it.keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.kcpartner.it.support.ChildProcess;
import io.github.kcpartner.it.support.Poll;

/**
 * The real Keycloak server distribution, run as a process: the unpacked
 * {@code keycloak-quarkus-dist} zip with our packaged provider jar in {@code providers/} and the
 * realms of {@code realm-export/} imported at start. {@code start-dev} keeps the augmented
 * (built) server between runs, so only the first start pays for the Quarkus build.
 */
public final class KeycloakDistribution implements AutoCloseable {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";
    /** The realm imported from realm-export/ that the readiness check waits for. */
    public static final String DEMO_REALM = "partner-demo";

    private final KeycloakSettings settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private Duration startupTime;

    public KeycloakDistribution(KeycloakSettings settings) {
        this.settings = settings;
    }

    /** Prepares the distribution and starts it; returns when the demo realm answers. */
    public KeycloakDistribution start() {
        long begin = System.nanoTime();
        try {
            prepare();
            Files.createDirectories(settings.logDir());
            Files.createDirectories(settings.vaultDir());
            ProcessBuilder builder = new ProcessBuilder(command())
                    .directory(settings.home().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(settings.logDir().resolve("keycloak.log").toFile());
            builder.environment().putAll(environment());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Keycloak from " + settings.home(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "keycloak-stop"));
        Poll.until("Keycloak at " + baseUrl(), Duration.ofSeconds(240), Duration.ofMillis(250),
                process::isAlive, this::ready);
        startupTime = Duration.ofNanos(System.nanoTime() - begin);
        return this;
    }

    public String baseUrl() {
        return "http://localhost:" + settings.httpPort();
    }

    public String managementUrl() {
        return "http://localhost:" + settings.managementPort();
    }

    public Duration startupTime() {
        return startupTime;
    }

    public Path logFile() {
        return settings.logDir().resolve("keycloak.log");
    }

    @Override
    public synchronized void close() {
        ChildProcess.stop(process, 30);
    }

    private void prepare() throws IOException {
        Path home = settings.home();
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("no Keycloak distribution at " + home
                    + " (the it-tests build unpacks org.keycloak:keycloak-quarkus-dist there)");
        }
        if (!Files.isRegularFile(settings.providerJar())) {
            throw new IllegalStateException("no provider jar at " + settings.providerJar()
                    + " (build the provider module first)");
        }
        Path providers = home.resolve("providers");
        try (Stream<Path> old = Files.list(providers)) {
            for (Path jar : old.filter(p -> p.toString().endsWith(".jar")).toList()) {
                Files.delete(jar);
            }
        }
        Files.copy(settings.providerJar(), providers.resolve(settings.providerJar().getFileName()),
                StandardCopyOption.REPLACE_EXISTING);
        // Secrets of the realm JSON are vault references: *_SECRET variables become shared vault entries.
        Files.createDirectories(settings.vaultDir());
        for (Map.Entry<String, String> variable : settings.realmVariables().entrySet()) {
            if (variable.getKey().endsWith("_SECRET")) {
                // KEY_ONLY file name: the key with its underscores doubled (jims_client_secret -> jims__client__secret)
                Files.writeString(settings.vaultDir().resolve(
                        variable.getKey().toLowerCase(java.util.Locale.ROOT).replace("_", "__")), variable.getValue());
            }
        }
        // A fresh database each start: realms come from realm-export/ every time.
        deleteTree(home.resolve("data/h2"));
        Path imports = home.resolve("data/import");
        deleteTree(imports);
        Files.createDirectories(imports);
        try (Stream<Path> realms = Files.list(settings.realmDir())) {
            for (Path realm : realms.filter(p -> p.toString().endsWith(".json")).toList()) {
                Files.copy(realm, imports.resolve(realm.getFileName()));
            }
        }
    }

    private List<String> command() {
        List<String> cmd = new ArrayList<>(List.of(
                settings.home().resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1",
                "--http-port=" + settings.httpPort(),
                "--http-management-port=" + settings.managementPort(),
                "--hostname-strict=false",
                "--health-enabled=true",
                "--metrics-enabled=true",
                "--cache=local",
                "--import-realm",
                "--vault=file",
                "--vault-dir=" + settings.vaultDir(),
                // realm-specific entries first (realm_key), then entries shared by every realm (key)
                "--spi-vault--file--key-resolvers=REALM_UNDERSCORE_KEY,KEY_ONLY",
                "--log-level=INFO,io.github.kcpartner:debug"));
        cmd.addAll(settings.extraArgs());
        return cmd;
    }

    private Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        // Placeholders of the realm JSON in realm-export/.
        env.put("KC_BASE_URL", baseUrl());
        env.putAll(settings.realmVariables());
        return env;
    }

    private boolean ready() {
        return answers200(managementUrl() + "/health/ready")
                && answers200(baseUrl() + "/realms/" + DEMO_REALM + "/.well-known/openid-configuration");
    }

    private boolean answers200(String url) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
