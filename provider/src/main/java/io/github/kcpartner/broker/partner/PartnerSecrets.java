package io.github.kcpartner.broker.partner;

import org.keycloak.models.KeycloakSession;
import org.keycloak.vault.VaultStringSecret;

/**
 * Resolves secret settings: a value such as {@code ${vault.partner_secret}} is read from
 * Keycloak's vault at the moment it is needed; a plain value is used as is.
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
        if (value == null || value.isEmpty()) {
            return "";
        }
        try (VaultStringSecret secret = session.vault().getStringSecret(value)) {
            return secret.get().orElse(value);
        }
    }
}
