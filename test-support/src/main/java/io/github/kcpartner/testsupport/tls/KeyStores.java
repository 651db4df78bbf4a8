package io.github.kcpartner.testsupport.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** PKCS12 key stores, trust stores and SSL contexts built from the JDK's own classes. */
final class KeyStores {

    private KeyStores() {}

    static KeyStore keyStore(String alias, PrivateKey key, List<X509Certificate> chain, char[] password) {
        try {
            KeyStore store = empty();
            store.setKeyEntry(alias, key, password, chain.toArray(new Certificate[0]));
            return store;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build key store", e);
        }
    }

    static KeyStore trustStore(String alias, X509Certificate ca) {
        try {
            KeyStore store = empty();
            store.setCertificateEntry(alias, ca);
            return store;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build trust store", e);
        }
    }

    static Path write(KeyStore store, Path file, char[] password) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot write key store " + file, e);
        }
    }

    /** An SSL context with the given key material (may be null) that trusts the given store (may be null). */
    static SSLContext sslContext(KeyStore keys, char[] password, KeyStore trusted) {
        try {
            KeyManagerFactory keyManagers = null;
            if (keys != null) {
                keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keyManagers.init(keys, password);
            }
            TrustManagerFactory trustManagers = null;
            if (trusted != null) {
                trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trustManagers.init(trusted);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(
                    keyManagers == null ? null : keyManagers.getKeyManagers(),
                    trustManagers == null ? null : trustManagers.getTrustManagers(),
                    null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build SSL context", e);
        }
    }

    private static KeyStore empty() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return store;
    }
}
