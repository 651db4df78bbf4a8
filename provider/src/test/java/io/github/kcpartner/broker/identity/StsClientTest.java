package io.github.kcpartner.broker.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.kcpartner.testsupport.tls.TestPki;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The identity-mapping service call against a local HTTP server: the connect/answer timeout also
 * bounds a body that trickles in, answers are bounded in size, redirects are not followed.
 */
class StsClientTest {

    private final StsClient sts = new StsClient();
    private HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    private String start(com.sun.net.httpserver.HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/sts", handler);
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/sts";
    }

    private static IdentityMappingSettings settings(String url, Duration timeout) {
        return new IdentityMappingSettings(
                "webservice", "", url, "http", "", "", "none", "", "", "", "", "xml", timeout);
    }

    private static StsUniversalUser someone() {
        return new StsUniversalUser("ann", java.util.Map.of(), java.util.Map.of());
    }

    @Test
    @DisplayName(
            "given a service that sends its headers and then trickles the body, then the call fails as unavailable at its timeout")
    void tricklingBodyIsCutOff() throws Exception {
        AtomicInteger sent = new AtomicInteger();
        String url = start(exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 600 && release.getCount() > 0; i++) { // up to a minute of one byte per 100 ms
                    out.write(' ');
                    out.flush();
                    sent.incrementAndGet();
                    release.await(100, TimeUnit.MILLISECONDS);
                }
            } catch (IOException | InterruptedException e) {
                // the client went away
            }
        });

        assertThatThrownBy(() -> sts.exchange(
                        settings(url, Duration.ofMillis(800)),
                        new StsClient.Secrets("", "", ""),
                        someone(),
                        "https://rp.example"))
                .isInstanceOfSatisfying(StsClient.Failure.class, f -> {
                    assertThat(f.getMessage()).startsWith("the service did not answer");
                    assertThat(f.unavailable()).isTrue();
                });
        assertThat(sent.get()).as("bytes the server got to send before the cut").isLessThan(600);
    }

    @Test
    @DisplayName("given an answer larger than 1 MiB, then the call fails without reading the rest")
    void largeAnswerRefused() throws Exception {
        String url = start(exchange -> {
            byte[] chunk = new byte[64 * 1024];
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 64; i++) { // 4 MiB
                    out.write(chunk);
                }
            } catch (IOException e) {
                // the client went away
            }
        });

        assertThatThrownBy(() -> sts.exchange(
                        settings(url, Duration.ofSeconds(5)),
                        new StsClient.Secrets("", "", ""),
                        someone(),
                        "https://rp.example"))
                .isInstanceOfSatisfying(
                        StsClient.Failure.class,
                        f -> assertThat(f.getMessage()).isEqualTo("the answer is larger than 1048576 bytes"));
    }

    @Test
    @DisplayName("given a redirect, then it is not followed")
    void redirectNotFollowed() throws Exception {
        String url = start(exchange -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:1/elsewhere");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });

        assertThatThrownBy(() -> sts.exchange(
                        settings(url, Duration.ofSeconds(5)),
                        new StsClient.Secrets("", "", ""),
                        someone(),
                        "https://rp.example"))
                .isInstanceOfSatisfying(
                        StsClient.Failure.class,
                        f -> assertThat(f.getMessage()).isEqualTo("the service answered HTTP 302"));
    }

    @Test
    @DisplayName(
            "given more identity-mapping configurations than the bound, then the oldest clients are dropped, not kept forever")
    void clientsAreBounded() throws Exception {
        String url = start(exchange -> {
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        for (int i = 0; i < StsClient.MAX_CLIENTS + 5; i++) {
            Duration timeout = Duration.ofMillis(1000 + i); // each a configuration of its own
            assertThatThrownBy(() -> sts.exchange(
                            settings(url, timeout), new StsClient.Secrets("", "", ""), someone(), "https://rp.example"))
                    .isInstanceOf(StsClient.Failure.class);
        }
        assertThat(sts.clientsHeld()).isEqualTo(StsClient.MAX_CLIENTS);
        sts.close();
        assertThat(sts.clientsHeld()).as("dropped when the factory closes").isZero();
    }

    @Test
    @DisplayName("given the HTTPS truststore file is replaced, then the next call uses the new one without a restart")
    void rotatedTruststoreIsUsed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path home) throws Exception {
        TestPki old = TestPki.create("old-ca");
        TestPki current = TestPki.create("current-ca");
        com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(current.serverSslContext("127.0.0.1")));
        https.createContext("/sts", exchange -> {
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        https.start();
        server = https;
        java.nio.file.Path dir = java.nio.file.Files.createDirectories(home.resolve("conf/partner"));
        java.nio.file.Path trust = dir.resolve("sts-trust.p12");
        String previousHome = System.getProperty("kc.home.dir");
        System.setProperty("kc.home.dir", home.toString());
        try {
            store(old.trustStore(), trust);
            IdentityMappingSettings settings = new IdentityMappingSettings(
                    "webservice",
                    "",
                    "https://127.0.0.1:" + https.getAddress().getPort() + "/sts",
                    "https",
                    "sts-trust.p12",
                    "",
                    "none",
                    "",
                    "",
                    "",
                    "",
                    "xml",
                    Duration.ofSeconds(5));
            StsClient.Secrets secrets = new StsClient.Secrets("trust-pass", "", "");
            assertThatThrownBy(() -> sts.exchange(settings, secrets, someone(), "https://rp.example"))
                    .as("a server certificate the old CA did not issue")
                    .isInstanceOfSatisfying(
                            StsClient.Failure.class,
                            f -> assertThat(f.unavailable()).isTrue());

            java.nio.file.attribute.FileTime before = java.nio.file.Files.getLastModifiedTime(trust);
            store(current.trustStore(), trust);
            java.nio.file.Files.setLastModifiedTime(
                    trust, java.nio.file.attribute.FileTime.fromMillis(before.toMillis() + 10_000));
            assertThatThrownBy(() -> sts.exchange(settings, secrets, someone(), "https://rp.example"))
                    .as("TLS now succeeds: the service's own answer comes back")
                    .isInstanceOfSatisfying(
                            StsClient.Failure.class,
                            f -> assertThat(f.getMessage()).isEqualTo("the service answered HTTP 500"));
        } finally {
            if (previousHome == null) {
                System.clearProperty("kc.home.dir");
            } else {
                System.setProperty("kc.home.dir", previousHome);
            }
        }
    }

    private static void store(java.security.KeyStore keyStore, java.nio.file.Path file) throws Exception {
        try (OutputStream out = java.nio.file.Files.newOutputStream(file)) {
            keyStore.store(out, "trust-pass".toCharArray());
        }
    }
}
