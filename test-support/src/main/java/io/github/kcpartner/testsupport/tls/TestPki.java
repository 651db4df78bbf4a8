package io.github.kcpartner.testsupport.tls;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;

/**
 * A throw-away certificate authority for tests and the demo.
 *
 * <p>Each instance is an independent CA with its own key: create two to test that a certificate
 * from another CA is refused. Issue server certificates with any SANs, including names that do
 * not match the host (e.g. only {@code wrong.example}) to test host-name verification.
 *
 * <pre>{@code
 * TestPki pki = TestPki.create("jims-test-ca");
 * IssuedCert server = pki.issueServer("localhost", "127.0.0.1", "::1");
 * HttpClient client = HttpClient.newBuilder().sslContext(pki.clientSslContext()).build();
 * }</pre>
 */
public final class TestPki {

    private final String name;
    private final KeyAlgorithm algorithm;
    private final KeyPair keys;
    private final X509Certificate caCertificate;

    private TestPki(String name, KeyAlgorithm algorithm) {
        this.name = name;
        this.algorithm = algorithm;
        this.keys = algorithm.generate();
        Instant now = Instant.now();
        this.caCertificate = CertBuilder.selfSignedCa(
                name, keys, algorithm, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
    }

    /** A new CA with an EC P-256 key, named {@code CN=<name>}. */
    public static TestPki create(String name) {
        return new TestPki(name, KeyAlgorithm.EC_P256);
    }

    /** A new CA with a key of the given type. */
    public static TestPki create(String name, KeyAlgorithm algorithm) {
        return new TestPki(name, algorithm);
    }

    /** The CA's common name. */
    public String name() {
        return name;
    }

    /** The self-signed CA certificate. */
    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** The CA certificate as PEM (what a client's "CA certificate" setting or truststore file takes). */
    public String caPem() {
        return Pem.of(caCertificate);
    }

    /** Writes {@link #caPem()} to a file (parent folders are created) and returns it. */
    public Path writeCaPem(Path file) {
        return IssuedCert.writeText(file, caPem());
    }

    /** An in-memory PKCS12 trust store with only this CA (alias {@code ca}). */
    public KeyStore trustStore() {
        return KeyStores.trustStore("ca", caCertificate);
    }

    /** Writes {@link #trustStore()} as a PKCS12 file protected by {@code password}. */
    public Path writeTrustStore(Path file, char[] password) {
        return KeyStores.write(trustStore(), file, password);
    }

    /** A client SSL context that trusts only this CA and presents no certificate. */
    public SSLContext clientSslContext() {
        return KeyStores.sslContext(null, null, trustStore());
    }

    /** Issues a certificate as described; its key pair is freshly generated. */
    public IssuedCert issue(CertRequest request) {
        KeyPair subject = request.keyAlgorithm().generate();
        X509Certificate certificate =
                CertBuilder.issue(caCertificate, keys.getPrivate(), algorithm, request, subject.getPublic());
        return new IssuedCert(subject.getPrivate(), certificate, caCertificate);
    }

    /** A TLS server certificate for the given DNS names and IP literals (first one is the CN). */
    public IssuedCert issueServer(String... subjectAltNames) {
        return issue(CertRequest.server(subjectAltNames));
    }

    /** A server SSL context presenting a new certificate of this CA for the given DNS names and IP literals. */
    public SSLContext serverSslContext(String... subjectAltNames) {
        char[] password = "server-key".toCharArray();
        return KeyStores.sslContext(issueServer(subjectAltNames).keyStore("server", password), password, null);
    }

    /** A TLS client certificate with the given common name. */
    public IssuedCert issueClient(String commonName) {
        return issue(CertRequest.client(commonName));
    }
}
