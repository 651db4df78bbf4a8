package io.github.kcpartner.broker.mapper;

import static io.github.kcpartner.broker.mapper.AttributeMappingConfig.*;

import java.util.Arrays;
import java.util.List;

import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** The admin-console form of the attribute mapper; labels and help texts are message keys. */
final class AttributeMappingConfigProperties {

    static final List<ProviderConfigProperty> PROPERTIES = ProviderConfigurationBuilder.create()
            .property().name(ATTRIBUTE_NAME).type(ProviderConfigProperty.USER_PROFILE_ATTRIBUTE_LIST_TYPE)
                .label("partnerAttributeMapper.attributeName").helpText("partnerAttributeMapper.attributeName.help").add()
            .property().name(SOURCE_TYPE).type(ProviderConfigProperty.LIST_TYPE)
                .label("partnerAttributeMapper.sourceType").helpText("partnerAttributeMapper.sourceType.help")
                .options(Arrays.stream(SourceType.values()).map(SourceType::configValue).toList())
                .defaultValue(SourceType.CREDENTIAL.configValue()).add()
            .property().name(FIXED_VALUE).type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .label("partnerAttributeMapper.fixedValue").helpText("partnerAttributeMapper.fixedValue.help").add()
            .property().name(CREDENTIAL_SOURCE).type(ProviderConfigProperty.LIST_TYPE)
                .label("partnerAttributeMapper.credentialSource").helpText("partnerAttributeMapper.credentialSource.help")
                .options(Arrays.stream(CredentialSource.values()).map(CredentialSource::configValue).toList())
                .defaultValue(CredentialSource.ID_TOKEN.configValue()).add()
            .property().name(CLAIM_PATH).type(ProviderConfigProperty.STRING_TYPE)
                .label("partnerAttributeMapper.claimPath").helpText("partnerAttributeMapper.claimPath.help").add()
            .property().name(LDAP_COMPONENT).type(ProviderConfigProperty.STRING_TYPE)
                .label("partnerAttributeMapper.ldapComponent").helpText("partnerAttributeMapper.ldapComponent.help").add()
            .property().name(LDAP_URL).type(ProviderConfigProperty.STRING_TYPE)
                .label("partnerAttributeMapper.ldapUrl").helpText("partnerAttributeMapper.ldapUrl.help").add()
            .property().name(LDAP_BIND_DN).type(ProviderConfigProperty.STRING_TYPE)
                .label("partnerAttributeMapper.ldapBindDn").helpText("partnerAttributeMapper.ldapBindDn.help").add()
            .property().name(LDAP_BIND_CREDENTIAL_VAULT_KEY).type(ProviderConfigProperty.STRING_TYPE)
                .label("partnerAttributeMapper.ldapBindCredentialVaultKey")
                .helpText("partnerAttributeMapper.ldapBindCredentialVaultKey.help").add()
            .property().name(LDAP_SEARCH_BASE).type(ProviderConfigProperty.STRING_TYPE)
                .label("partnerAttributeMapper.ldapSearchBase").helpText("partnerAttributeMapper.ldapSearchBase.help").add()
            .property().name(LDAP_FILTER).type(ProviderConfigProperty.STRING_TYPE)
                .label("partnerAttributeMapper.ldapFilter").helpText("partnerAttributeMapper.ldapFilter.help").add()
            .property().name(LDAP_ATTRIBUTE).type(ProviderConfigProperty.STRING_TYPE)
                .label("partnerAttributeMapper.ldapAttribute").helpText("partnerAttributeMapper.ldapAttribute.help").add()
            .property().name(LDAP_CONNECT_TIMEOUT).type(ProviderConfigProperty.STRING_TYPE)
                .label("partnerAttributeMapper.ldapConnectTimeout").helpText("partnerAttributeMapper.ldapConnectTimeout.help").add()
            .property().name(LDAP_READ_TIMEOUT).type(ProviderConfigProperty.STRING_TYPE)
                .label("partnerAttributeMapper.ldapReadTimeout").helpText("partnerAttributeMapper.ldapReadTimeout.help").add()
            .property().name(LDAP_START_TLS).type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false")
                .label("partnerAttributeMapper.ldapStartTls").helpText("partnerAttributeMapper.ldapStartTls.help").add()
            .property().name(LDAP_ALLOW_PLAIN).type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false")
                .label("partnerAttributeMapper.ldapAllowPlain").helpText("partnerAttributeMapper.ldapAllowPlain.help").add()
            .build();

    private AttributeMappingConfigProperties() {
    }
}
