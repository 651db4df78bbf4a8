package io.github.kcpartner.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The test server's files vault ({@code kc.vault.dir}): one file per realm and key, named as
 * Keycloak's default key resolver expects ({@code realm_key}, underscores in the key doubled), or
 * one file per key shared by every realm (the server also runs the {@code KEY_ONLY} resolver).
 */
public final class TestVault {

    private TestVault() {}

    /** Stores {@code value} under {@code key} for every realm; returns the reference, {@code ${vault.key}}. */
    public static String shared(String key, String value) {
        String safe = key.replaceAll("[^A-Za-z0-9_]", "_");
        try {
            Path vault = Files.createDirectories(Path.of(System.getProperty("kc.vault.dir", "target/it-vault")));
            Files.writeString(vault.resolve(safe.replace("_", "__")), value);
            return "${vault." + safe + "}";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stores {@code value} under {@code key} for {@code realm}; returns the reference, {@code ${vault.key}}. */
    public static String put(String realm, String key, String value) {
        try {
            Path vault = Files.createDirectories(Path.of(System.getProperty("kc.vault.dir", "target/it-vault")));
            Files.writeString(vault.resolve(realm.replace("_", "__") + "_" + key.replace("_", "__")), value);
            return "${vault." + key + "}";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
