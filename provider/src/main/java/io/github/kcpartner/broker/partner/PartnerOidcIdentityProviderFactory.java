package io.github.kcpartner.broker.partner;

import java.util.Map;

import org.keycloak.broker.oidc.OIDCIdentityProviderFactory;
import org.keycloak.broker.provider.AbstractIdentityProviderFactory;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;

/**
 * Registers the {@code partner-oidc} identity provider: Keycloak as relying party to a partner
 * OpenID Provider, with the options of an enterprise federation product.
 */
public final class PartnerOidcIdentityProviderFactory
        extends AbstractIdentityProviderFactory<PartnerOidcIdentityProvider> {

    public static final String PROVIDER_ID = "partner-oidc";

    @Override
    public String getName() {
        return "Partner OpenID Connect";
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public PartnerOidcIdentityProvider create(KeycloakSession session, IdentityProviderModel model) {
        return new PartnerOidcIdentityProvider(session, new PartnerOidcConfig(model));
    }

    @Override
    public PartnerOidcConfig createConfig() {
        return new PartnerOidcConfig();
    }

    @Override
    public Map<String, String> parseConfig(KeycloakSession session, String config) {
        // Same metadata import as the built-in provider: the config keys are shared on purpose.
        return new OIDCIdentityProviderFactory().parseConfig(session, config);
    }
}
