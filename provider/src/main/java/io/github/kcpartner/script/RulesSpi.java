package io.github.kcpartner.script;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * The SPI {@code partner-rules}: the server's one engine for operator JavaScript rules, owned by
 * its provider factory and configured like any Keycloak SPI, e.g.
 * {@code --spi-partner-rules--default--directory=/opt/keycloak/partner-rules}.
 */
public final class RulesSpi implements Spi {

    public static final String NAME = "partner-rules";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return RulesProvider.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return RulesProviderFactory.class;
    }
}
