package io.github.kcpartner.it.jims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.kcpartner.testsupport.tls.CertRequest;
import io.github.kcpartner.testsupport.tls.TestPki;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JimsTlsTest {

    private static TestPki pki;
    private static TestPki otherPki;

    @BeforeAll
    static void createCas() {
        pki = TestPki.create("tls-test-ca");
        otherPki = TestPki.create("other-ca");
    }

    @Test
    @DisplayName("a server certificate from the trusted CA with the right IP SAN is accepted")
    void trusted() throws Exception {
        try (JimsSimulator sim = JimsSimulator.builder()
                .https(pki.issueServer("localhost", "127.0.0.1"))
                .build()
                .start()) {
            JimsTestClient client = new JimsTestClient(sim, pki.clientSslContext());

            assertThat(sim.baseUrl()).isEqualTo("https://127.0.0.1:" + sim.port());
            assertThat(client.token()).isNotBlank();
        }
    }

    @Test
    @DisplayName("a certificate from another CA is refused")
    void otherCa() {
        try (JimsSimulator sim = JimsSimulator.builder()
                .https(otherPki.issueServer("127.0.0.1"))
                .build()
                .start()) {
            JimsTestClient client = new JimsTestClient(sim, pki.clientSslContext());

            assertThatThrownBy(() -> client.tokenForm("srx", "jims-secret", "client_credentials"))
                    .satisfies(JimsTlsTest::isHandshakeFailure);
            assertThat(sim.count(RequestKind.TOKEN)).isZero();
        }
    }

    @Test
    @DisplayName("a certificate for another host name is refused by the JDK's host-name check")
    void wrongHost() {
        try (JimsSimulator sim = JimsSimulator.builder()
                .https(pki.issueServer("wrong.example"))
                .build()
                .start()) {
            JimsTestClient client = new JimsTestClient(sim, pki.clientSslContext());

            assertThatThrownBy(() -> client.tokenForm("srx", "jims-secret", "client_credentials"))
                    .satisfies(JimsTlsTest::isHandshakeFailure)
                    .hasStackTraceContaining("127.0.0.1");
        }
    }

    @Test
    @DisplayName("an expired server certificate is refused")
    void expired() {
        Instant now = Instant.now();
        CertRequest request = CertRequest.server("127.0.0.1")
                .withValidity(now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)));
        try (JimsSimulator sim =
                JimsSimulator.builder().https(pki.issue(request)).build().start()) {
            JimsTestClient client = new JimsTestClient(sim, pki.clientSslContext());

            assertThatThrownBy(() -> client.tokenForm("srx", "jims-secret", "client_credentials"))
                    .satisfies(JimsTlsTest::isHandshakeFailure);
        }
    }

    @Test
    @DisplayName("IPv6: bound to ::1 with an IPv6 SAN, the URL uses brackets")
    void ipv6() throws Exception {
        assumeThat(ipv6LoopbackUsable()).as("IPv6 loopback available").isTrue();
        try (JimsSimulator sim = JimsSimulator.builder()
                .bindAddress("::1")
                .https(pki.issueServer("::1"))
                .build()
                .start()) {
            JimsTestClient client = new JimsTestClient(sim, pki.clientSslContext());
            sim.directory().logon("2001:db8::7", "CORP", "dave", "Ops");

            assertThat(sim.baseUrl()).startsWith("https://[::1]:");
            assertThat(client.ok(client.token(), "ip=2001:db8::7")
                            .get("entries")
                            .get(0)
                            .get("user")
                            .asText())
                    .isEqualTo("dave");
        }
    }

    @Test
    @DisplayName("mutual TLS: a client certificate from the client CA is required")
    void mutualTls() throws Exception {
        try (JimsSimulator sim = JimsSimulator.builder()
                .https(pki.issueServer("127.0.0.1"), pki)
                .build()
                .start()) {
            JimsTestClient withCert =
                    new JimsTestClient(sim, pki.issueClient("srx-01").sslContextTrusting(pki));
            JimsTestClient withoutCert = new JimsTestClient(sim, pki.clientSslContext());
            JimsTestClient foreignCert =
                    new JimsTestClient(sim, otherPki.issueClient("srx-01").sslContextTrusting(pki));

            assertThat(withCert.token()).isNotBlank();
            assertThatThrownBy(() -> withoutCert.tokenForm("srx", "jims-secret", "client_credentials"))
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> foreignCert.tokenForm("srx", "jims-secret", "client_credentials"))
                    .isInstanceOf(IOException.class);
            assertThat(sim.count(RequestKind.TOKEN)).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("plain HTTP mode")
    void plainHttp() throws Exception {
        try (JimsSimulator sim = JimsSimulator.builder().http().build().start()) {
            JimsTestClient client = new JimsTestClient(sim, null);

            assertThat(sim.baseUrl()).startsWith("http://127.0.0.1:");
            assertThat(client.ok(client.token(), "ip=10.0.0.1").get("entries")).isEmpty();
        }
    }

    private static void isHandshakeFailure(Throwable thrown) {
        Throwable cause = thrown;
        while (cause != null && !(cause instanceof SSLHandshakeException)) {
            cause = cause.getCause();
        }
        assertThat(cause)
                .as("an SSLHandshakeException in the cause chain of %s", thrown)
                .isNotNull();
    }

    private static boolean ipv6LoopbackUsable() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return socket.getLocalPort() > 0;
        } catch (IOException e) {
            return false;
        }
    }
}
