package io.github.kcpartner.broker.partner;

/**
 * The same provider under its former id {@code partner-oidc}, so that providers saved before the
 * id changed keep working. Their edit page still shows Keycloak's own OpenID Connect sections
 * (the console adds them for any id containing "oidc"); docs/partner-oidc.md tells how to move a
 * provider to {@link PartnerOidcIdentityProviderFactory#PROVIDER_ID}.
 */
public final class LegacyPartnerOidcIdentityProviderFactory extends PartnerOidcIdentityProviderFactory {

    public LegacyPartnerOidcIdentityProviderFactory() {
        super(LEGACY_PROVIDER_ID, DISPLAY_NAME + " (former id partner-oidc)");
    }
}
