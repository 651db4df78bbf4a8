package io.github.kcpartner.it.proxy;

import io.github.kcpartner.it.support.ChildProcess;
import io.github.kcpartner.it.support.FreePorts;
import io.github.kcpartner.it.support.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Debian's nginx as a reverse proxy in front of one server of the tests, run as a child process
 * ({@code nginx -p DIR -c DIR/nginx.conf -g 'daemon off;'}) with everything it writes (pid file,
 * logs, {@code *_temp} directories) in a temporary directory of its own. It listens on a free
 * port of {@value #LISTEN_ADDRESS} and connects to the backend from {@value #BIND_ADDRESS}
 * ({@code proxy_bind}), so the backend's TCP peer is the proxy, distinct from a client on
 * 127.0.0.1. Like most production proxies it <em>appends</em> the client's address to
 * {@code X-Forwarded-For}, keeping whatever the client sent there (see {@link NginxConfig}).
 *
 * <p>As root, nginx's master process stays root and its workers run as {@code nobody}; as any
 * other user both run as that user. {@link #close()} stops nginx, keeps its logs as
 * {@code nginx-<name>-error.log} and {@code nginx-<name>-access.log} in the log directory and
 * deletes the temporary directory. nginx missing fails the caller with a message: never skipped.
 */
public final class NginxProxy implements AutoCloseable {

    /** Where clients reach the proxy. */
    public static final String LISTEN_ADDRESS = "127.0.0.1";
    /** The address the proxy connects to the backend from: the backend's TCP peer. */
    public static final String BIND_ADDRESS = "127.0.0.2";

    private static final Path BINARY = Path.of(System.getProperty("nginx.binary", "/usr/sbin/nginx"));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path dir;
    private final Path logDir;
    private final int port;
    private Process process;
    private boolean closed;

    private NginxProxy(String name, Path dir, Path logDir, int port) {
        this.name = name;
        this.dir = dir;
        this.logDir = logDir;
        this.port = port;
    }

    /** Starts a proxy in front of 127.0.0.1:{@code backendPort}; returns when it answers. */
    public static NginxProxy start(String name, int backendPort, Path logDir) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("Debian's nginx is needed at " + BINARY
                    + " (package nginx): run the README test command, which installs it");
        }
        NginxProxy proxy;
        try {
            Path dir = Files.createTempDirectory(
                    "nginx-" + name,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            proxy = new NginxProxy(name, dir, logDir, FreePorts.next());
            Files.writeString(dir.resolve("nginx.conf"), NginxConfig.render(dir, proxy.port, backendPort));
            proxy.process = new ProcessBuilder(
                            BINARY.toString(),
                            "-p",
                            dir + "/",
                            "-c",
                            dir.resolve("nginx.conf").toString(),
                            "-g",
                            "daemon off;")
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("nginx.out").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start nginx", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(proxy::close, "nginx-stop-" + name));
        try {
            Poll.until(
                    "nginx on " + proxy.baseUrl(),
                    START_TIMEOUT,
                    Duration.ofMillis(50),
                    proxy.process::isAlive,
                    proxy::answers);
        } catch (IllegalStateException e) {
            String said = proxy.tail("nginx.out") + proxy.tail("error.log");
            proxy.close();
            throw new IllegalStateException(e.getMessage() + "; nginx said:\n" + said, e);
        }
        return proxy;
    }

    /** e.g. {@code http://127.0.0.1:41234}: what clients (the browser, HTTP clients) use. */
    public String baseUrl() {
        return "http://" + LISTEN_ADDRESS + ":" + port;
    }

    public int port() {
        return port;
    }

    /** Stops nginx (TERM, then KILL), keeps its logs in the log directory and deletes its directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ChildProcess.stop(process, 10);
        try {
            Files.createDirectories(logDir);
            for (String log : List.of("error.log", "access.log")) {
                Path file = dir.resolve(log);
                if (Files.exists(file)) {
                    Files.copy(file, logDir.resolve("nginx-" + name + "-" + log), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            // logs are for a person to read; a leftover temporary directory is harmless
        }
    }

    /** Whether this nginx (not some other server on the port) answers its readiness path. */
    private boolean answers() {
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + NginxConfig.READY_PATH))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && NginxConfig.READY_BODY.equals(r.body());
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String tail(String file) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve(file));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())) + "\n";
        } catch (IOException e) {
            return "";
        }
    }
}
