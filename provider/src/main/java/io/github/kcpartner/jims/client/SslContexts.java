package io.github.kcpartner.jims.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds the per-server TLS trust: a PEM CA, a trust store file, or the JDK's default trust store. */
final class SslContexts {

    private SslContexts() {}

    static boolean isValidPem(String pem) {
        try {
            return !parsePem(pem).isEmpty();
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static Collection<? extends Certificate> parsePem(String pem) throws GeneralSecurityException {
        return CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.trim().getBytes(StandardCharsets.US_ASCII)));
    }

    /** The SSL context for one server; host names are checked by the caller's verifier. */
    static SSLContext forServer(JimsServerConfig config) throws GeneralSecurityException, IOException {
        KeyStore trust = null;
        if (config.caCertificatePem() != null) {
            trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (Certificate c : parsePem(config.caCertificatePem())) {
                trust.setCertificateEntry("jims-ca-" + i++, c);
            }
        } else if (config.trustStoreFile() != null) {
            trust = KeyStore.getInstance(config.trustStoreType());
            String pw = config.trustStorePassword();
            Path file;
            try {
                file = io.github.kcpartner.files.PartnerFiles.server().resolve(config.trustStoreFile());
            } catch (io.github.kcpartner.files.PartnerFiles.FileRefusedException e) {
                throw new IOException("truststore: " + e.getMessage());
            }
            try (InputStream in = Files.newInputStream(file)) {
                trust.load(in, pw == null ? null : pw.toCharArray());
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust); // null = the JDK's default trust store
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
