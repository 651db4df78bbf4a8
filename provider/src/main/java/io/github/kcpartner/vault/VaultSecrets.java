package io.github.kcpartner.vault;

import java.util.regex.Pattern;
import org.keycloak.models.KeycloakSession;
import org.keycloak.vault.VaultStringSecret;

/**
 * Secret settings of every provider of this extension. A setting holds either a vault reference,
 * {@code ${vault.key}}, read from Keycloak's vault when it is needed, or (where Keycloak masks the
 * field itself) a plain value. Fields that Keycloak would show in clear (identity-provider
 * settings other than {@code clientSecret}, identity-provider mapper settings) accept only a
 * reference: see {@link #isReference}.
 */
public final class VaultSecrets {

    private static final Pattern REFERENCE = Pattern.compile("^\\$\\{vault\\.(.+?)}$");

    private VaultSecrets() {}

    /** Whether {@code value} is a vault reference such as {@code ${vault.partner_keystore}}. */
    public static boolean isReference(String value) {
        return value != null && REFERENCE.matcher(value).matches();
    }

    /**
     * The secret a setting stands for: a reference is read from the vault (empty when the vault has
     * no such entry, never the reference text itself); a plain value passes through; none is empty.
     */
    public static String resolve(KeycloakSession session, String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        if (!isReference(value)) {
            return value;
        }
        try (VaultStringSecret secret = session.vault().getStringSecret(value)) {
            return secret.get().orElse("");
        }
    }
}
