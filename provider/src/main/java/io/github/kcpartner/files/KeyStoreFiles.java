package io.github.kcpartner.files;

import io.github.kcpartner.jose.KeyStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The keystores and truststores that admin settings name (the partner's certificate and
 * decryption keystores, the identity-mapping service's stores): read from the partner files
 * directory ({@link PartnerFiles}) once, and read again when the file's modification time, the
 * type or the password changes. A rotated keystore is therefore used from the next call on, with
 * no restart, and an unchanged one costs a {@code stat}. The same {@link KeyStore} instance is
 * returned while nothing changed, so what is built from it (a TLS context) can be kept by it.
 * Passwords are not kept, only a hash that tells a changed one.
 */
public final class KeyStoreFiles {

    private final Supplier<PartnerFiles> directory;
    private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();

    /** Stores in the server's partner files directory. */
    public KeyStoreFiles() {
        this(PartnerFiles::server);
    }

    KeyStoreFiles(Supplier<PartnerFiles> directory) {
        this.directory = directory;
    }

    /**
     * @param file     a file name from a setting (inside the partner files directory)
     * @param type     {@code PKCS12} or {@code JKS}; {@code null} or blank to tell from the content
     * @param password the store's password ({@code null}: none)
     * @return the store, the one returned before when nothing changed
     * @throws PartnerFiles.FileRefusedException when the file is not a readable file inside the directory
     * @throws IllegalArgumentException when the file is no such keystore or the password is wrong
     */
    public KeyStore load(String file, String type, String password) throws PartnerFiles.FileRefusedException {
        PartnerFiles files = directory.get();
        Path path = files.resolve(file);
        long modified;
        try {
            modified = Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            throw new PartnerFiles.FileRefusedException(files.root());
        }
        String kind = type == null || type.isBlank() ? "" : type.trim();
        char[] pw = password == null ? new char[0] : password.toCharArray();
        int passwordHash = Arrays.hashCode(pw);
        Loaded current = loaded.get(file);
        if (current != null
                && current.path().equals(path)
                && current.modified() == modified
                && current.type().equals(kind)
                && current.passwordHash() == passwordHash) {
            return current.keyStore();
        }
        KeyStore store = kind.isEmpty() ? KeyStores.load(path, pw) : KeyStores.load(path, kind, pw);
        loaded.put(file, new Loaded(store, path, kind, modified, passwordHash));
        return store;
    }

    /** Forgets every store (they are read again on next use). */
    public void clear() {
        loaded.clear();
    }

    private record Loaded(KeyStore keyStore, Path path, String type, long modified, int passwordHash) {
        Loaded {
            Objects.requireNonNull(keyStore);
        }
    }
}
