package io.github.kcpartner.it.jims;

import io.github.kcpartner.it.jims.JimsEntry.Device;
import io.github.kcpartner.testsupport.tls.IssuedCert;
import io.github.kcpartner.testsupport.tls.TestPki;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a JIMS simulator (optionally a primary and a secondary sharing one directory) for the demo,
 * until the process is killed. Seeds demo users: {@code CORP\alice} at 10.0.0.10 (Engineering,
 * VPN-Users), {@code CORP\bob} at 10.0.0.11 (Sales), a device-only entry at 10.0.0.12 and
 * {@code CORP\carol} at 2001:db8::20. Prints one {@code READY} line once listening; reads
 * fault commands from stdin (see {@code --help}).
 */
public final class JimsSimulatorMain {

    private JimsSimulatorMain() {}

    /** Entry point; see {@code --help}. */
    public static void main(String[] args) throws IOException, InterruptedException {
        SimulatorOptions options;
        try {
            options = SimulatorOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(SimulatorOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.println(SimulatorOptions.USAGE);
            return;
        }
        JimsDirectory directory = new JimsDirectory();
        if (options.synthetic > 0) {
            directory.generate(
                    options.synthetic,
                    Instant.now().minus(Duration.ofSeconds(options.synthetic)),
                    Duration.ofSeconds(1));
        }
        seedDemoUsers(directory);

        TestPki pki = options.https ? TestPki.create("jims-simulator-ca") : null;
        if (pki != null && options.caPem != null) {
            pki.writeCaPem(options.caPem);
            System.out.println("CA certificate written to " + options.caPem.toAbsolutePath());
        }
        Map<String, JimsSimulator> servers = new LinkedHashMap<>();
        servers.put("primary", start("primary", options.port, options, directory, pki));
        if (options.secondaryPort != null) {
            servers.put("secondary", start("secondary", options.secondaryPort, options, directory, pki));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            servers.values().forEach(JimsSimulator::stop);
                            stopped.countDown();
                        },
                        "jims-sim-shutdown"));
        servers.forEach((name, sim) -> System.out.printf(
                "JIMS %s listening on %s (token %s, query %s)%n",
                name, sim.baseUrl(), sim.tokenUri().getPath(), sim.queryUri().getPath()));
        System.out.println("READY");
        System.out.flush();

        new ConsoleCommands(servers, directory, System.out)
                .run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        stopped.await(); // stdin closed: keep serving until killed
    }

    /** The demo users; public so the demo and integration tests can seed the same data. */
    public static void seedDemoUsers(JimsDirectory directory) {
        directory.logon(
                "10.0.0.10",
                "CORP",
                "alice",
                List.of("Engineering", "VPN-Users"),
                new Device("DESKTOP-ALICE", List.of("Workstations"), "Windows"),
                Instant.now());
        directory.logon(
                "10.0.0.11",
                "CORP",
                "bob",
                List.of("Sales"),
                new Device("LAPTOP-BOB", List.of("Laptops"), "Windows"),
                Instant.now());
        directory.logon(
                "10.0.0.12",
                "CORP",
                "",
                List.of(),
                new Device("PRINTER-1", List.of("Printers"), "Embedded"),
                Instant.now());
        directory.logon(
                "2001:db8::20",
                "CORP",
                "carol",
                List.of("Finance", "VPN-Users"),
                new Device("DESKTOP-CAROL", List.of("Workstations"), "Windows"),
                Instant.now());
    }

    private static JimsSimulator start(
            String name, int port, SimulatorOptions options, JimsDirectory directory, TestPki pki) {
        JimsSimulatorBuilder builder = JimsSimulator.builder()
                .name(name)
                .directory(directory)
                .bindAddress(options.bind)
                .port(port)
                .clientId(options.clientId)
                .clientSecret(options.clientSecret)
                .pathPrefix(options.pathPrefix)
                .tokenApi(options.tokenApi)
                .queryApi(options.queryApi)
                .tokenLifetime(options.tokenLifetime);
        if (pki != null) {
            IssuedCert certificate = pki.issueServer(options.sans.toArray(new String[0]));
            builder.https(certificate);
        }
        return builder.build().start();
    }
}
