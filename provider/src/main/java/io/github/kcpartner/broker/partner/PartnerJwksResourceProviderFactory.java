package io.github.kcpartner.broker.partner;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Serves {@link PartnerJwksResource} under {@code /realms/{realm}/partner-oidc/}. */
public final class PartnerJwksResourceProviderFactory implements RealmResourceProviderFactory {

    public static final String ID = "partner-oidc";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                // The same keystore cache as the logins: the identity provider factory's runtime.
                org.keycloak.provider.ProviderFactory<?> factory = session.getKeycloakSessionFactory()
                        .getProviderFactory(
                                org.keycloak.broker.provider.IdentityProvider.class,
                                PartnerOidcIdentityProviderFactory.PROVIDER_ID);
                if (!(factory instanceof PartnerOidcIdentityProviderFactory idps)) {
                    throw new IllegalStateException("identity provider factory "
                            + PartnerOidcIdentityProviderFactory.PROVIDER_ID + " is not ours: " + factory);
                }
                return new PartnerJwksResource(session, idps.runtime().keys());
            }

            @Override
            public void close() {
                // nothing per session
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
        // no server-wide options
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // nothing to wire
    }

    @Override
    public void close() {
        // nothing held
    }

    @Override
    public String getId() {
        return ID;
    }
}
