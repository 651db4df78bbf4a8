package io.github.kcpartner.jose;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/** Loads the PKCS12 or JKS keystores that hold checked-in certificates and decryption keys. */
public final class KeyStores {

    private KeyStores() {}

    /** Loads a keystore file, detecting PKCS12 or JKS from its content. */
    public static KeyStore load(Path file, char[] password) {
        try {
            return KeyStore.getInstance(file.toFile(), password);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot load keystore " + file.getFileName(), e);
        }
    }

    /** Loads a keystore of the given type ({@code PKCS12} or {@code JKS}) from a stream. */
    public static KeyStore load(InputStream in, String type, char[] password) {
        if (!"PKCS12".equalsIgnoreCase(type) && !"JKS".equalsIgnoreCase(type)) {
            throw new IllegalArgumentException("Unsupported keystore type " + type);
        }
        try {
            KeyStore ks = KeyStore.getInstance(type.toUpperCase(java.util.Locale.ROOT));
            ks.load(in, password);
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot load " + type + " keystore", e);
        }
    }

    /** Loads a keystore file of the given type. */
    public static KeyStore load(Path file, String type, char[] password) {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, type, password);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read keystore " + file.getFileName(), e);
        }
    }
}
