package io.github.kcpartner.broker.partner;

import io.github.kcpartner.vault.VaultSecrets;
import org.keycloak.models.KeycloakSession;

/**
 * Resolves the secret settings of one login ({@link VaultSecrets}).
 */
final class PartnerSecrets {

    private final KeycloakSession session;

    PartnerSecrets(KeycloakSession session) {
        this.session = session;
    }

    String clientSecret(PartnerOidcConfig config) {
        return resolve(config.getClientSecret());
    }

    String resolve(String value) {
        return VaultSecrets.resolve(session, value);
    }

    /** The files vault's directory ({@code --vault-dir}), or null when the server has none configured. */
    static String filesVaultDirectory() {
        try {
            return org.keycloak.Config.scope("vault", "file").get("dir");
        } catch (RuntimeException e) {
            // no Keycloak configuration (a unit test): the message says "<vault directory>"
            return null;
        }
    }
}
