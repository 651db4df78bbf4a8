package io.github.kcpartner.migration;

/**
 * A secret the administrator puts into the vault: never its value, only where it goes.
 *
 * @param setting   the provider setting holding the reference
 * @param key       the vault key
 * @param reference what the setting holds, {@code ${vault.<key>}}
 * @param file      the files-vault file to create (realm and key as Keycloak's default resolver names it)
 * @param what      which secret it is
 */
public record VaultSecret(String setting, String key, String reference, String file, String what) {}
