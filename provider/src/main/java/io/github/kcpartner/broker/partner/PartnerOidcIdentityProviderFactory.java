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
public class PartnerOidcIdentityProviderFactory extends AbstractIdentityProviderFactory<PartnerOidcIdentityProvider> {

    /**
     * The provider id. It must not contain "oidc": Keycloak's admin console adds its own OpenID
     * Connect sections to the edit page of any provider whose id contains "oidc" (and not to the
     * add page), fields that would contradict ours.
     */
    public static final String PROVIDER_ID = "partner-openid-connect";

    /** The id of releases before 2026-12: providers saved with it keep working ({@link LegacyPartnerOidcIdentityProviderFactory}). */
    public static final String LEGACY_PROVIDER_ID = "partner-oidc";

    /** The name shown in the console's provider list and as the default display name. */
    public static final String DISPLAY_NAME = "Partner OpenID Connect";

    private final String id;
    private final String name;

    private final PartnerRuntime runtime = new PartnerRuntime(Clock.systemUTC());
    private volatile KeycloakCompatibility compatibility;

    public PartnerOidcIdentityProviderFactory() {
        this(PROVIDER_ID, DISPLAY_NAME);
    }

    PartnerOidcIdentityProviderFactory(String id, String name) {
        this.id = id;
        this.name = name;
    }

    /** Whether a provider id is ours (the current or the former one). */
    public static boolean isPartner(String providerId) {
        return PROVIDER_ID.equals(providerId) || LEGACY_PROVIDER_ID.equals(providerId);
    }

    /** Checks once, at start, that this Keycloak calls our broker code (see {@link KeycloakCompatibility}). */
    @Override
    public void init(Config.Scope config) {
        compatibility = KeycloakCompatibility.inspect();
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getId() {
        return id;
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
            if (changed != null && id.equals(changed.getProviderId())) {
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
