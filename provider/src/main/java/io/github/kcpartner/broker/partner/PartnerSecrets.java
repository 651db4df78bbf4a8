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
}
