package io.github.kcpartner.it.keycloak;

import io.github.kcpartner.it.support.ChildProcess;
import io.github.kcpartner.it.support.Poll;
import io.github.kcpartner.it.support.Probe;
import java.io.IOException;
import java.io.UncheckedIOException;
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
    private Process process;
    private Duration startupTime;
    private boolean shutdownHook;

    public KeycloakDistribution(KeycloakSettings settings) {
        this.settings = settings;
    }

    /**
     * Prepares the distribution (provider jar, vault, a fresh database with the realms of
     * {@code realm-export/}) and starts it; returns when the demo realm answers.
     */
    public KeycloakDistribution start() {
        try {
            prepareHome();
            resetDatabase();
            stageImports(realmFiles());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Keycloak in " + settings.home(), e);
        }
        return launch(ProcessBuilder.Redirect.to(logFile().toFile()));
    }

    /**
     * Starts the stopped server again on the database it has, importing only {@code imports}
     * (realms that are not in the database yet); returns when the demo realm answers.
     */
    public KeycloakDistribution restart(List<Path> imports) {
        try {
            stageImports(imports);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the realm imports in " + settings.home(), e);
        }
        return launch(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
    }

    /**
     * Runs one {@code kc.sh} command (export, import, build) on this distribution while the
     * server is stopped, with the server's environment; its output goes to
     * {@code kc-<command>.log} in the log directory. Fails with that log's tail when the command
     * fails or outlives {@code timeout}.
     */
    public void run(Duration timeout, String... args) {
        Path log = settings.logDir().resolve("kc-" + args[0] + ".log");
        List<String> cmd = new ArrayList<>();
        cmd.add(settings.home().resolve("bin/kc.sh").toString());
        cmd.addAll(List.of(args));
        cmd.addAll(buildOptions());
        cmd.addAll(vaultArgs());
        try {
            prepareHome();
            ProcessBuilder builder = new ProcessBuilder(cmd)
                    .directory(settings.home().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment());
            // the profile and build options start-dev runs with: the command uses the server's
            // augmented image as it is, instead of rebuilding it for the prod profile (and the
            // next start-dev rebuilding it back), about 20 s each
            builder.environment().put("KC_PROFILE", "dev");
            Process command = builder.start();
            boolean ended = command.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            if (!ended) {
                ChildProcess.stop(command, 5);
            }
            if (!ended || command.exitValue() != 0) {
                List<String> lines = Files.readAllLines(log);
                throw new IllegalStateException("kc.sh " + String.join(" ", args)
                        + (ended ? " failed with exit " + command.exitValue() : " did not end within " + timeout)
                        + "; log " + log + " ends with:\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kc.sh " + args[0] + " in " + settings.home(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while kc.sh " + args[0] + " ran", e);
        }
    }

    /** Deletes the server's database (start-dev's H2 files); the server must be stopped. */
    public void resetDatabase() throws IOException {
        deleteTree(settings.home().resolve("data/h2"));
    }

    private KeycloakDistribution launch(ProcessBuilder.Redirect log) {
        long begin = System.nanoTime();
        try {
            Files.createDirectories(settings.logDir());
            ProcessBuilder builder = new ProcessBuilder(command())
                    .directory(settings.home().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log);
            builder.environment().putAll(environment());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Keycloak from " + settings.home(), e);
        }
        if (!shutdownHook) {
            shutdownHook = true;
            Runtime.getRuntime().addShutdownHook(new Thread(this::close, "keycloak-stop"));
        }
        Poll.until(
                "Keycloak at " + baseUrl(),
                Duration.ofSeconds(240),
                Duration.ofMillis(250),
                process::isAlive,
                this::ready);
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

    private void prepareHome() throws IOException {
        Path home = settings.home();
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("no Keycloak distribution at " + home
                    + " (the it-tests build unpacks org.keycloak:keycloak-quarkus-dist there)");
        }
        if (!Files.isRegularFile(settings.providerJar())) {
            throw new IllegalStateException(
                    "no provider jar at " + settings.providerJar() + " (build the provider module first)");
        }
        Files.createDirectories(settings.logDir());
        Path providers = home.resolve("providers");
        try (Stream<Path> old = Files.list(providers)) {
            for (Path jar : old.filter(p -> p.toString().endsWith(".jar")).toList()) {
                Files.delete(jar);
            }
        }
        // The jar's own time stamp: Keycloak re-augments when a provider's last-modified time changes,
        // so an unchanged jar copied again must not look new.
        Files.copy(
                settings.providerJar(),
                providers.resolve(settings.providerJar().getFileName()),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.COPY_ATTRIBUTES);
        // Secrets of the realm JSON are vault references: *_SECRET variables become shared vault entries.
        Files.createDirectories(settings.vaultDir());
        for (Map.Entry<String, String> variable : settings.realmVariables().entrySet()) {
            if (variable.getKey().endsWith("_SECRET")) {
                // KEY_ONLY file name: the key with its underscores doubled (jims_client_secret -> jims__client__secret)
                String key =
                        variable.getKey().toLowerCase(java.util.Locale.ROOT).replace("_", "__");
                Files.writeString(settings.vaultDir().resolve(key), variable.getValue());
                // and per imported realm (REALM_UNDERSCORE_KEY, the resolver tried first): without it
                // Keycloak logs a WARN "Cannot find secret" at every use before falling back to KEY_ONLY
                for (Path realm : realmFiles()) {
                    String name = realm.getFileName().toString();
                    if (name.endsWith("-realm.json")) {
                        String realmName = name.substring(0, name.length() - "-realm.json".length());
                        Files.writeString(
                                settings.vaultDir().resolve(realmName.replace("_", "__") + "_" + key),
                                variable.getValue());
                    }
                }
            }
        }
    }

    private List<Path> realmFiles() throws IOException {
        try (Stream<Path> realms = Files.list(settings.realmDir())) {
            return realms.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** The realms {@code --import-realm} imports at the next start (it skips realms that exist). */
    private void stageImports(List<Path> realms) throws IOException {
        Path imports = settings.home().resolve("data/import");
        deleteTree(imports);
        Files.createDirectories(imports);
        for (Path realm : realms) {
            Files.copy(realm, imports.resolve(realm.getFileName()));
        }
    }

    private List<String> command() {
        List<String> cmd = new ArrayList<>(List.of(
                settings.home().resolve("bin/kc.sh").toString(),
                "start-dev",
                "--http-host=127.0.0.1",
                "--http-port=" + settings.httpPort(),
                "--http-management-port=" + settings.managementPort(),
                "--hostname-strict=false",
                "--import-realm",
                "--log-level=INFO,io.github.kcpartner:debug"));
        cmd.addAll(buildOptions());
        cmd.addAll(vaultArgs());
        cmd.addAll(settings.extraArgs());
        return cmd;
    }

    /** The build-time options of the start-dev image (a command with other values would rebuild it). */
    private static List<String> buildOptions() {
        return List.of("--health-enabled=true", "--metrics-enabled=true", "--cache=local");
    }

    private List<String> vaultArgs() {
        return List.of(
                "--vault=file",
                "--vault-dir=" + settings.vaultDir(),
                // realm-specific entries first (realm_key), then entries shared by every realm (key)
                "--spi-vault--file--key-resolvers=REALM_UNDERSCORE_KEY,KEY_ONLY");
    }

    private Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        // Placeholders of the realm JSON in realm-export/; the server's own address always its own.
        env.putAll(settings.realmVariables());
        env.put("KC_BASE_URL", baseUrl());
        return env;
    }

    private boolean ready() {
        return Probe.answers200(managementUrl() + "/health/ready")
                && Probe.answers200(baseUrl() + "/realms/" + DEMO_REALM + "/.well-known/openid-configuration");
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
