package io.github.kcpartner.it.cluster;

import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.keycloak.KeycloakAdminClient;
import io.github.kcpartner.it.keycloak.KeycloakDistribution;
import io.github.kcpartner.it.keycloak.KeycloakSettings;
import io.github.kcpartner.it.support.ChildProcess;
import io.github.kcpartner.it.support.DistributionCopy;
import io.github.kcpartner.it.support.FreePorts;
import io.github.kcpartner.it.support.Poll;
import io.github.kcpartner.it.support.Probe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Two Keycloak nodes in production mode on one host, as an operator runs them: the unpacked
 * distribution with the provider jar, {@code kc.sh build --db=postgres --cache=ispn} once, the
 * built home copied for the second node, both {@code start --optimized} on the same PostgreSQL.
 * The nodes form one Infinispan cluster with Keycloak's default {@code jdbc-ping} stack (discovery
 * through the database), JGroups bound to 127.0.0.1 on a port of their own. Logs in
 * {@code it-logs/cluster/}.
 */
final class KeycloakCluster implements AutoCloseable {

    private static final String BUILD_ARGS =
            "--db=postgres --cache=ispn --health-enabled=true --metrics-enabled=true --vault=file";

    private final List<Node> nodes;

    private KeycloakCluster(List<Node> nodes) {
        this.nodes = nodes;
    }

    /** One node: its own home, ports and process; a {@link KeycloakServer} for the test helpers. */
    static final class Node implements KeycloakServer {
        private final String name;
        private final Path home;
        private final Path log;
        private final int http;
        private final int management;
        private final int jgroups;
        private final Map<String, String> variables;
        private final KeycloakSettings settings;
        private final KeycloakAdminClient admin;
        private Process process;

        private Node(String name, Path home, Path log, KeycloakSettings settings, Map<String, String> variables) {
            this.name = name;
            this.home = home;
            this.log = log;
            this.settings = settings;
            this.http = FreePorts.next();
            this.management = FreePorts.next();
            this.jgroups = FreePorts.next();
            this.variables = variables;
            this.admin = new KeycloakAdminClient(
                    baseUrl(), KeycloakDistribution.ADMIN_USER, KeycloakDistribution.ADMIN_PASSWORD);
        }

        String name() {
            return name;
        }

        @Override
        public String baseUrl() {
            return "http://localhost:" + http;
        }

        @Override
        public String managementUrl() {
            return "http://localhost:" + management;
        }

        @Override
        public KeycloakAdminClient admin() {
            return admin;
        }

        @Override
        public Path logFile() {
            return log;
        }

        @Override
        public Map<String, String> realmVariables() {
            return variables;
        }

        boolean alive() {
            return process != null && process.isAlive();
        }

        /** Kills the node's JVM at once (SIGKILL), as a crash. */
        void kill() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** The lines of the node's log that contain {@code text}. */
        long logLines(String text) {
            try (Stream<String> lines = Files.lines(log)) {
                return lines.filter(l -> l.contains(text)).count();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void start(String jdbcUrl) {
            List<String> cmd = new ArrayList<>(List.of(
                    home.resolve("bin/kc.sh").toString(),
                    "start",
                    "--optimized",
                    "--http-enabled=true",
                    "--http-host=127.0.0.1",
                    "--http-port=" + http,
                    "--http-management-port=" + management,
                    "--hostname-strict=false",
                    "--db-url=" + jdbcUrl,
                    "--db-username=" + PostgresServer.USER,
                    "--db-password=unused",
                    "--vault-dir=" + settings.vaultDir(),
                    "--spi-vault--file--key-resolvers=REALM_UNDERSCORE_KEY,KEY_ONLY",
                    "--log-level=INFO,io.github.kcpartner:debug"));
            ProcessBuilder builder = new ProcessBuilder(cmd)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment(settings));
            builder.environment()
                    .put("JAVA_OPTS_APPEND", "-Djgroups.bind.address=127.0.0.1 -Djgroups.bind.port=" + jgroups);
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start node " + name, e);
            }
            Poll.until(
                    "cluster node " + name,
                    Duration.ofSeconds(240),
                    Duration.ofMillis(250),
                    process::isAlive,
                    () -> Probe.answers200(managementUrl() + "/health/ready")
                            && Probe.answers200(baseUrl() + "/realms/master"));
        }

        private void stop() {
            ChildProcess.stop(process, 30);
        }
    }

    /** Builds the distribution for production and starts two nodes on {@code db}. */
    static KeycloakCluster start(PostgresServer db, KeycloakServer shared) {
        KeycloakSettings base = KeycloakSettings.fromSystemProperties();
        Path root = base.home().resolveSibling("cluster");
        Path logs = base.logDir().resolve("cluster");
        try {
            Files.createDirectories(logs);
            Path a = root.resolve("a");
            DistributionCopy.copy(base.home(), a);
            Path providers = a.resolve("providers");
            try (Stream<Path> old = Files.list(providers)) {
                for (Path jar : old.filter(p -> p.toString().endsWith(".jar")).toList()) {
                    Files.delete(jar);
                }
            }
            Files.copy(
                    base.providerJar(),
                    providers.resolve(base.providerJar().getFileName()),
                    StandardCopyOption.COPY_ATTRIBUTES);
            build(a, base, logs.resolve("kc-build.log"));
            DistributionCopy.copy(a, root.resolve("b"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the cluster under " + root, e);
        }
        List<Node> nodes = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            Path log = logs.resolve("keycloak-" + name + ".log");
            try {
                Files.deleteIfExists(log);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            nodes.add(new Node(name, root.resolve(name), log, base, shared.realmVariables()));
        }
        KeycloakCluster cluster = new KeycloakCluster(nodes);
        try {
            for (Node node : nodes) { // one after the other: the first creates the schema
                node.start(db.jdbcUrl());
            }
            Poll.until(
                    "a cluster of two",
                    Duration.ofSeconds(60),
                    Duration.ofMillis(250),
                    () -> true,
                    () -> nodes.get(0).logLines("ISPN000094") > 0
                            && nodes.get(0).logLines("(2) [") > 0);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    Node a() {
        return nodes.get(0);
    }

    Node b() {
        return nodes.get(1);
    }

    @Override
    public void close() {
        nodes.stream().filter(Node::alive).forEach(Node::stop);
    }

    private static void build(Path home, KeycloakSettings base, Path log) {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/kc.sh").toString());
        cmd.add("build");
        cmd.addAll(List.of(BUILD_ARGS.split(" ")));
        try {
            ProcessBuilder builder = new ProcessBuilder(cmd)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment(base));
            Process p = builder.start();
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                ChildProcess.stop(p, 5);
                throw new IllegalStateException("kc.sh build failed; see " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kc.sh build", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during kc.sh build", e);
        }
    }

    private static Map<String, String> environment(KeycloakSettings settings) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", KeycloakDistribution.ADMIN_USER);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", KeycloakDistribution.ADMIN_PASSWORD);
        return env;
    }
}
