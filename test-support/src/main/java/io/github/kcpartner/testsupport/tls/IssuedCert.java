package io.github.kcpartner.testsupport.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * A certificate issued by a {@link TestPki} together with its private key, and the ways to hand it
 * to a server or client: PEM text and files, an in-memory PKCS12 {@link KeyStore}, a PKCS12 file
 * with a password (what Keycloak calls a keystore: "certificate database + label" = file + alias),
 * or a ready {@link SSLContext}.
 */
public final class IssuedCert {

    /** Password used by {@link #serverSslContext()} for its in-memory key store. */
    private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

    private final PrivateKey privateKey;
    private final X509Certificate certificate;
    private final X509Certificate ca;

    IssuedCert(PrivateKey privateKey, X509Certificate certificate, X509Certificate ca) {
        this.privateKey = privateKey;
        this.certificate = certificate;
        this.ca = ca;
    }

    /** The private key of the certificate. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The issued (leaf) certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** Leaf first, then the issuing CA. */
    public List<X509Certificate> chain() {
        return List.of(certificate, ca);
    }

    /** The leaf certificate as PEM. */
    public String certificatePem() {
        return Pem.of(certificate);
    }

    /** Leaf and CA certificate as PEM, leaf first (the usual server "fullchain" file). */
    public String chainPem() {
        return Pem.of(certificate, ca);
    }

    /** The private key as unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}). */
    public String privateKeyPem() {
        return Pem.privateKey(privateKey);
    }

    /** Writes {@link #chainPem()} to a file (parent folders are created) and returns it. */
    public Path writeChainPem(Path file) {
        return writeText(file, chainPem());
    }

    /** Writes {@link #privateKeyPem()} to a file (parent folders are created) and returns it. */
    public Path writePrivateKeyPem(Path file) {
        return writeText(file, privateKeyPem());
    }

    /** An in-memory PKCS12 key store holding key and chain under {@code alias}. */
    public KeyStore keyStore(String alias, char[] password) {
        return KeyStores.keyStore(alias, privateKey, chain(), password);
    }

    /** Writes a PKCS12 file holding key and chain under {@code alias}, protected by {@code password}. */
    public Path writePkcs12(Path file, String alias, char[] password) {
        return KeyStores.write(keyStore(alias, password), file, password);
    }

    /** An SSL context presenting this certificate, with the JDK's default trust (for TLS servers). */
    public SSLContext serverSslContext() {
        return KeyStores.sslContext(keyStore("server", IN_MEMORY_PASSWORD), IN_MEMORY_PASSWORD, null);
    }

    /** An SSL context presenting this certificate (mutual TLS) and trusting only {@code trusted}'s CA. */
    public SSLContext sslContextTrusting(TestPki trusted) {
        return KeyStores.sslContext(keyStore("client", IN_MEMORY_PASSWORD), IN_MEMORY_PASSWORD, trusted.trustStore());
    }

    static Path writeText(Path file, String text) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
