package io.github.kcpartner.it.cluster;

import io.github.kcpartner.it.support.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server on loopback for the cluster test, from the machine's Debian
 * {@code postgresql} package ({@code ./test} installs it when missing): {@code initdb} into a
 * temporary directory, {@code pg_ctl start} on a free port, one database {@code keycloak} owned
 * by {@code keycloak} (trust authentication, reachable from 127.0.0.1 only). PostgreSQL refuses
 * to run as root, so as root the server runs as the package's {@code postgres} user. Missing
 * binaries fail the test: never skipped.
 */
final class PostgresServer implements AutoCloseable {

    static final String DATABASE = "keycloak";
    static final String USER = "keycloak";

    private final Path bin;
    private final Path dir;
    private final Path log;
    private final int port;
    private final boolean asPostgres;

    private PostgresServer(Path bin, Path dir, Path log, int port, boolean asPostgres) {
        this.bin = bin;
        this.dir = dir;
        this.log = log;
        this.port = port;
        this.asPostgres = asPostgres;
    }

    /** Starts a fresh server; its log goes to {@code logDir/postgres.log}. */
    static PostgresServer start(Path logDir) {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Path dir = Files.createTempDirectory("kc-cluster-pg");
            Files.createDirectories(logDir);
            Path log = dir.resolve("postgres.log");
            PostgresServer server = new PostgresServer(bin, dir, log, FreePorts.next(), root);
            if (root) {
                run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
            }
            server.pg(
                    "initdb",
                    "-D",
                    dir.resolve("data").toString(),
                    "-U",
                    USER,
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--no-instructions");
            server.pg(
                    "pg_ctl",
                    "-D",
                    dir.resolve("data").toString(),
                    "-l",
                    log.toString(),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    "-p " + server.port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                            + " -c synchronous_commit=off -c max_connections=200",
                    "start");
            server.pg("createdb", "-h", "127.0.0.1", "-p", Integer.toString(server.port), "-U", USER, DATABASE);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL", e);
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    Path log() {
        return log;
    }

    @Override
    public void close() {
        try {
            pg("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
        } catch (RuntimeException e) {
            // already stopped
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }

    private void pg(String tool, String... args) {
        List<String> cmd = new ArrayList<>();
        if (asPostgres) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.add(bin.resolve(tool).toString());
        cmd.addAll(List.of(args));
        run(cmd);
    }

    private static void run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + cmd, e);
        }
    }

    /** The bin directory of the newest PostgreSQL under /usr/lib/postgresql. */
    private static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(b -> Integer.parseInt(
                            b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new IllegalStateException("no initdb under " + root));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "PostgreSQL is not installed (Debian package postgresql; ./test installs it)", e);
        }
    }
}
