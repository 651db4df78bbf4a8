package io.github.kcpartner.broker.partner;

import org.keycloak.broker.oidc.OIDCIdentityProviderConfig;
import org.keycloak.models.IdentityProviderModel;

/**
 * Typed view over the {@code partner-oidc} configuration map. Keys shared with the built-in
 * {@code oidc} provider keep their names, so realm JSON written for {@code oidc} carries over.
 */
public final class PartnerOidcConfig extends OIDCIdentityProviderConfig {

    public PartnerOidcConfig() {
        super();
    }

    public PartnerOidcConfig(IdentityProviderModel model) {
        super(model);
    }
}
