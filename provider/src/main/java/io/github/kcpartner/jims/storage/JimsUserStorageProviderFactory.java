package io.github.kcpartner.jims.storage;

import java.util.List;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.storage.UserStorageProviderFactory;

/**
 * Registers the read-only {@code jims} user storage: the identities that Juniper's JIMS
 * reports behind IP addresses.
 */
public final class JimsUserStorageProviderFactory implements UserStorageProviderFactory<JimsUserStorageProvider> {

    public static final String PROVIDER_ID = "jims";

    private static final List<ProviderConfigProperty> CONFIG = ProviderConfigurationBuilder.create()
            .property().name("primaryAddress").label("jimsPrimaryAddress").helpText("jimsPrimaryAddressHelp")
            .type(ProviderConfigProperty.STRING_TYPE).required(true).add()
            .property().name("primaryPort").label("jimsPrimaryPort").helpText("jimsPrimaryPortHelp")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue("443").add()
            .build();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Users that Juniper Identity Management Service (JIMS) sees behind IP addresses";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    public JimsUserStorageProvider create(KeycloakSession session, ComponentModel model) {
        return new JimsUserStorageProvider(session, model);
    }
}
