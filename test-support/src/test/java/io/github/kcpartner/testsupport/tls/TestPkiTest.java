package io.github.kcpartner.testsupport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SignatureException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestPkiTest {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static TestPki pki;

    @BeforeAll
    static void createCa() {
        pki = TestPki.create("test-ca");
    }

    @Test
    @DisplayName("the CA certificate is a self-signed CA, and its PEM parses back to it")
    void caPemRoundTrip() throws Exception {
        X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pki.caPem().getBytes(StandardCharsets.US_ASCII)));

        assertThat(parsed).isEqualTo(pki.caCertificate());
        assertThat(parsed.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(parsed.getSubjectX500Principal().getName()).contains("CN=test-ca");
        parsed.verify(parsed.getPublicKey());
    }

    @Test
    @DisplayName("a server certificate carries DNS and IP SANs, serverAuth, and is signed by the CA")
    void serverCertificate() throws Exception {
        X509Certificate cert = pki.issueServer("localhost", "127.0.0.1", "::1").certificate();

        cert.verify(pki.caCertificate().getPublicKey());
        cert.checkValidity();
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(cert.getSubjectAlternativeNames())
                .containsExactlyInAnyOrder(
                        List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
    }

    @Test
    @DisplayName("a client certificate has clientAuth and no SANs")
    void clientCertificate() throws Exception {
        X509Certificate cert = pki.issueClient("srx-01").certificate();

        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(cert.getSubjectAlternativeNames()).isNull();
        assertThat(cert.getSubjectX500Principal().getName()).contains("CN=srx-01");
    }

    @Test
    @DisplayName("a certificate of another CA does not verify with this CA's key")
    void otherCa() {
        TestPki other = TestPki.create("other-ca");
        X509Certificate foreign = other.issueServer("localhost").certificate();

        assertThatThrownBy(() -> foreign.verify(pki.caCertificate().getPublicKey()))
                .isInstanceOf(SignatureException.class);
    }

    @Test
    @DisplayName("PKCS12 file: key entry with leaf + CA chain under the label, readable with the password")
    void pkcs12File(@TempDir Path dir) throws Exception {
        IssuedCert server = pki.issue(CertRequest.server("localhost").withKeyAlgorithm(KeyAlgorithm.RSA_2048));
        Path file = server.writePkcs12(dir.resolve("server.p12"), "jims", PASSWORD);

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD);
        }
        assertThat(store.isKeyEntry("jims")).isTrue();
        assertThat(store.getKey("jims", PASSWORD).getAlgorithm()).isEqualTo("RSA");
        assertThat(store.getCertificateChain("jims")).containsExactly(server.certificate(), pki.caCertificate());
    }

    @Test
    @DisplayName("trust store file holds only the CA as a trusted certificate")
    void trustStoreFile(@TempDir Path dir) throws Exception {
        Path file = pki.writeTrustStore(dir.resolve("trust.p12"), PASSWORD);

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD);
        }
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.isCertificateEntry("ca")).isTrue();
        assertThat(store.getCertificate("ca")).isEqualTo(pki.caCertificate());
    }

    @Test
    @DisplayName("PEM files: CA, chain and PKCS#8 key")
    void pemFiles(@TempDir Path dir) throws Exception {
        IssuedCert server = pki.issueServer("localhost");

        assertThat(Files.readString(pki.writeCaPem(dir.resolve("ca/ca.pem"))))
                .startsWith("-----BEGIN CERTIFICATE-----");
        String chain = Files.readString(server.writeChainPem(dir.resolve("chain.pem")));
        assertThat(chain.split("-----BEGIN CERTIFICATE-----", -1)).hasSize(3);
        assertThat(chain).startsWith(server.certificatePem()).endsWith(pki.caPem());
        assertThat(Files.readString(server.writePrivateKeyPem(dir.resolve("key.pem"))))
                .startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    @DisplayName("a certificate can be issued already expired")
    void expired() {
        Instant now = Instant.now();
        X509Certificate cert = pki.issue(CertRequest.server("localhost")
                        .withValidity(now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1))))
                .certificate();

        assertThatThrownBy(cert::checkValidity).isInstanceOf(CertificateExpiredException.class);
    }
}
