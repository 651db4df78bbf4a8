package io.github.kcpartner.it.jims;

import io.github.kcpartner.testsupport.tls.IssuedCert;
import io.github.kcpartner.testsupport.tls.TestPki;
import java.nio.file.Path;

/**
 * A primary and a secondary JIMS simulator over HTTPS, sharing one directory (both servers see
 * the same Active Directory), with a CA of their own. Used by the tests and by the demo.
 */
public final class JimsPair implements AutoCloseable {

    public static final String CLIENT_ID = "keycloak";

    private final TestPki pki;
    private final JimsDirectory directory;
    private final JimsSimulator primary;
    private final JimsSimulator secondary;
    private final Path caPem;

    private JimsPair(TestPki pki, JimsDirectory directory, JimsSimulator primary, JimsSimulator secondary, Path caPem) {
        this.pki = pki;
        this.directory = directory;
        this.primary = primary;
        this.secondary = secondary;
        this.caPem = caPem;
    }

    /** Starts both servers on free loopback ports; the CA certificate is written to {@code caPemFile}. */
    public static JimsPair start(String clientSecret, Path caPemFile) {
        TestPki pki = TestPki.create("jims-test-ca");
        IssuedCert serverCert = pki.issueServer("localhost", "127.0.0.1", "::1");
        JimsDirectory directory = new JimsDirectory();
        JimsSimulator primary = JimsSimulator.builder()
                .name("primary")
                .https(serverCert)
                .directory(directory)
                .clientId(CLIENT_ID)
                .clientSecret(clientSecret)
                .build()
                .start();
        JimsSimulator secondary = JimsSimulator.builder()
                .name("secondary")
                .https(serverCert)
                .directory(directory)
                .clientId(CLIENT_ID)
                .clientSecret(clientSecret)
                .build()
                .start();
        return new JimsPair(pki, directory, primary, secondary, pki.writeCaPem(caPemFile));
    }

    public TestPki pki() {
        return pki;
    }

    public JimsDirectory directory() {
        return directory;
    }

    public JimsSimulator primary() {
        return primary;
    }

    public JimsSimulator secondary() {
        return secondary;
    }

    /** The CA certificate (PEM file) that verifies both servers. */
    public Path caPem() {
        return caPem;
    }

    @Override
    public void close() {
        primary.close();
        secondary.close();
    }
}
