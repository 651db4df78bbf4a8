package io.github.kcpartner.broker.partner;

import java.time.Clock;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Serves {@link PartnerJwksResource} under {@code /realms/{realm}/partner-oidc/}. */
public final class PartnerJwksResourceProviderFactory implements RealmResourceProviderFactory {

    public static final String ID = "partner-oidc";

    private final PartnerKeys keys = new PartnerKeys(Clock.systemUTC());

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new PartnerJwksResource(session, keys);
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
