package io.github.kcpartner.broker.partner;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.broker.oidc.OIDCIdentityProviderFactory;
import org.keycloak.broker.provider.AbstractIdentityProviderFactory;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * Registers the {@code partner-oidc} identity provider: Keycloak as relying party to a partner
 * OpenID Provider, with the options of an enterprise federation product. The factory owns the
 * state shared across logins (metadata and key caches, the identity-mapping service's HTTP clients),
 * dropped in {@link #close}; {@link #create} only wraps the model.
 */
public final class PartnerOidcIdentityProviderFactory
        extends AbstractIdentityProviderFactory<PartnerOidcIdentityProvider> {

    public static final String PROVIDER_ID = "partner-oidc";

    private final PartnerRuntime runtime = new PartnerRuntime(Clock.systemUTC());
    private volatile KeycloakCompatibility compatibility;

    /** Checks once, at start, that this Keycloak calls our broker code (see {@link KeycloakCompatibility}). */
    @Override
    public void init(Config.Scope config) {
        compatibility = KeycloakCompatibility.inspect();
    }

    @Override
    public String getName() {
        return "Partner OpenID Connect";
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "OpenID Connect relying party to a partner OP: all response types, HS/RS/PS/ES signatures, JWE";
    }

    @Override
    public PartnerOidcIdentityProvider create(KeycloakSession session, IdentityProviderModel model) {
        KeycloakCompatibility checked = compatibility;
        if (checked == null) {
            checked = KeycloakCompatibility.inspect();
            compatibility = checked;
        }
        return new PartnerOidcIdentityProvider(session, new PartnerOidcConfig(model), runtime, checked);
    }

    PartnerRuntime runtime() {
        return runtime;
    }

    /** A saved or removed partner-oidc provider is fetched afresh by the next login (see {@link PartnerRuntime#forget}). */
    @Override
    public void postInit(org.keycloak.models.KeycloakSessionFactory factory) {
        factory.register(event -> {
            org.keycloak.models.IdentityProviderModel changed = null;
            if (event instanceof org.keycloak.models.RealmModel.IdentityProviderUpdatedEvent updated) {
                changed = updated.getUpdatedIdentityProvider();
            } else if (event instanceof org.keycloak.models.RealmModel.IdentityProviderRemovedEvent removed) {
                changed = removed.getRemovedIdentityProvider();
            }
            if (changed != null && PROVIDER_ID.equals(changed.getProviderId())) {
                runtime.forget(changed);
            }
        });
    }

    /** The server stops: the identity-mapping service clients and loaded stores are dropped. */
    @Override
    public void close() {
        runtime.close();
    }

    @Override
    public PartnerOidcConfig createConfig() {
        return new PartnerOidcConfig();
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PartnerOidcConfigProperties.PROPERTIES;
    }

    /** "Import from metadata" in the admin console: the same keys as the built-in provider. */
    @Override
    public Map<String, String> parseConfig(KeycloakSession session, String config) {
        return new OIDCIdentityProviderFactory().parseConfig(session, config);
    }
}
