package io.github.kcpartner.broker.partner;

import java.util.Arrays;
import java.util.List;

import org.keycloak.broker.oidc.KeycloakOIDCIdentityProviderFactory;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.provider.IdentityProviderMapper;
import org.keycloak.models.KeycloakSession;

/**
 * The relying party. It extends Keycloak's OIDC broker at its hooks, so state handling,
 * brokered identities, first-broker-login and logout stay Keycloak's own.
 */
public class PartnerOidcIdentityProvider extends OIDCIdentityProvider {

    /** Provider ids whose claim mappers also understand our brokered context. */
    private static final List<String> COMPATIBLE_WITH = List.of(
            PartnerOidcIdentityProviderFactory.PROVIDER_ID,
            "oidc",
            KeycloakOIDCIdentityProviderFactory.PROVIDER_ID,
            IdentityProviderMapper.ANY_PROVIDER);

    public PartnerOidcIdentityProvider(KeycloakSession session, PartnerOidcConfig config) {
        super(session, config);
    }

    @Override
    public boolean isMapperSupported(IdentityProviderMapper mapper) {
        return Arrays.stream(mapper.getCompatibleProviders()).anyMatch(COMPATIBLE_WITH::contains);
    }
}
