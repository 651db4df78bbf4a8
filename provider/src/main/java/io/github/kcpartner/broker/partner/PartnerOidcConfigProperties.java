package io.github.kcpartner.broker.partner;

import java.util.List;

import io.github.kcpartner.broker.identity.IdentityMappingSettings;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The admin-console form of the properties that the built-in OIDC sections do not already show.
 * Labels and help texts are message keys (theme-resources/messages/messages_en.properties).
 */
final class PartnerOidcConfigProperties {

    static final List<String> RESPONSE_TYPES = List.of(
            "code", "id_token", "id_token token", "code id_token", "code token", "code id_token token");
    static final List<String> RESPONSE_MODES = List.of("", "query", "form_post", "fragment");
    static final List<String> SIGNATURE_ALGORITHMS = List.of(
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
            "HS256", "HS384", "HS512", "none");
    static final List<String> KEY_MANAGEMENT_ALGORITHMS = List.of(
            "none", "dir", "A128KW", "A192KW", "A256KW", "A128GCMKW", "A192GCMKW", "A256GCMKW",
            "ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A192KW", "ECDH-ES+A256KW", "RSA1_5", "RSA-OAEP", "RSA-OAEP-256");
    static final List<String> CONTENT_ENCRYPTION_ALGORITHMS = List.of(
            "none", "A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512", "A128GCM", "A192GCM", "A256GCM");
    static final List<String> KEYSTORE_TYPES = List.of("PKCS12", "JKS");

    static final List<ProviderConfigProperty> PROPERTIES = ProviderConfigurationBuilder.create()
            .property().name(PartnerOidcConfig.RESPONSE_TYPE).type(ProviderConfigProperty.LIST_TYPE)
                .label("partnerOidc.responseType").helpText("partnerOidc.responseType.help")
                .options(RESPONSE_TYPES).defaultValue("code").add()
            .property().name(PartnerOidcConfig.RESPONSE_MODE).type(ProviderConfigProperty.LIST_TYPE)
                .label("partnerOidc.responseMode").helpText("partnerOidc.responseMode.help")
                .options(RESPONSE_MODES).defaultValue("").add()
            .property().name(PartnerOidcConfig.METADATA_REFRESH_SECONDS).type(ProviderConfigProperty.STRING_TYPE)
                .label("partnerOidc.metadataRefreshSeconds").helpText("partnerOidc.metadataRefreshSeconds.help")
                .defaultValue("3600").add()
            .property().name(PartnerOidcConfig.SIGNATURE_ALGORITHM).type(ProviderConfigProperty.LIST_TYPE)
                .label("partnerOidc.signatureAlgorithm").helpText("partnerOidc.signatureAlgorithm.help")
                .options(SIGNATURE_ALGORITHMS).defaultValue("RS256").add()
            .property().name(PartnerOidcConfig.JWKS_MIN_REFETCH_SECONDS).type(ProviderConfigProperty.STRING_TYPE)
                .label("partnerOidc.jwksMinRefetchSeconds").helpText("partnerOidc.jwksMinRefetchSeconds.help")
                .defaultValue("10").add()
            .property().name(PartnerOidcConfig.USE_CERTIFICATE).type(ProviderConfigProperty.BOOLEAN_TYPE)
                .label("partnerOidc.useCertificate").helpText("partnerOidc.useCertificate.help")
                .defaultValue("false").add()
            .property().name(PartnerOidcConfig.CERTIFICATE_KEYSTORE).type(ProviderConfigProperty.STRING_TYPE)
                .label("partnerOidc.certificateKeystore").helpText("partnerOidc.certificateKeystore.help").add()
            .property().name(PartnerOidcConfig.CERTIFICATE_KEYSTORE_TYPE).type(ProviderConfigProperty.LIST_TYPE)
                .label("partnerOidc.keystoreType").helpText("partnerOidc.keystoreType.help")
                .options(KEYSTORE_TYPES).defaultValue("PKCS12").add()
            .property().name(PartnerOidcConfig.CERTIFICATE_KEYSTORE_PASSWORD).type(ProviderConfigProperty.PASSWORD)
                .label("partnerOidc.keystorePassword").helpText("partnerOidc.keystorePassword.help").secret(true).add()
            .property().name(PartnerOidcConfig.CERTIFICATE_LABEL).type(ProviderConfigProperty.STRING_TYPE)
                .label("partnerOidc.certificateLabel").helpText("partnerOidc.certificateLabel.help").add()
            .property().name(PartnerOidcConfig.KEY_MANAGEMENT_ALGORITHM).type(ProviderConfigProperty.LIST_TYPE)
                .label("partnerOidc.keyManagementAlgorithm").helpText("partnerOidc.keyManagementAlgorithm.help")
                .options(KEY_MANAGEMENT_ALGORITHMS).defaultValue("none").add()
            .property().name(PartnerOidcConfig.CONTENT_ENCRYPTION_ALGORITHM).type(ProviderConfigProperty.LIST_TYPE)
                .label("partnerOidc.contentEncryptionAlgorithm").helpText("partnerOidc.contentEncryptionAlgorithm.help")
                .options(CONTENT_ENCRYPTION_ALGORITHMS).defaultValue("none").add()
            .property().name(PartnerOidcConfig.DECRYPTION_KEYSTORE).type(ProviderConfigProperty.STRING_TYPE)
                .label("partnerOidc.decryptionKeystore").helpText("partnerOidc.decryptionKeystore.help").add()
            .property().name(PartnerOidcConfig.DECRYPTION_KEYSTORE_TYPE).type(ProviderConfigProperty.LIST_TYPE)
                .label("partnerOidc.keystoreType").helpText("partnerOidc.keystoreType.help")
                .options(KEYSTORE_TYPES).defaultValue("PKCS12").add()
            .property().name(PartnerOidcConfig.DECRYPTION_KEYSTORE_PASSWORD).type(ProviderConfigProperty.PASSWORD)
                .label("partnerOidc.keystorePassword").helpText("partnerOidc.keystorePassword.help").secret(true).add()
            .property().name(PartnerOidcConfig.DECRYPTION_KEY_LABEL).type(ProviderConfigProperty.STRING_TYPE)
                .label("partnerOidc.decryptionKeyLabel").helpText("partnerOidc.decryptionKeyLabel.help").add()
            .property().name(PartnerOidcConfig.DECRYPTION_USE_REALM_KEYS).type(ProviderConfigProperty.BOOLEAN_TYPE)
                .label("partnerOidc.decryptionUseRealmKeys").helpText("partnerOidc.decryptionUseRealmKeys.help")
                .defaultValue("false").add()
            .property().name(PartnerOidcConfig.ADVANCED_CONFIGURATION_RULE).type(ProviderConfigProperty.STRING_TYPE)
                .label("partnerOidc.advancedConfigurationRule").helpText("partnerOidc.advancedConfigurationRule.help").add()
            .property().name(PartnerOidcConfig.CONNECT_TIMEOUT_MILLIS).type(ProviderConfigProperty.STRING_TYPE)
                .label("partnerOidc.connectTimeoutMillis").helpText("partnerOidc.connectTimeoutMillis.help")
                .defaultValue("5000").add()
            .property().name(PartnerOidcConfig.READ_TIMEOUT_MILLIS).type(ProviderConfigProperty.STRING_TYPE)
                .label("partnerOidc.readTimeoutMillis").helpText("partnerOidc.readTimeoutMillis.help")
                .defaultValue("10000").add()
            .property().name(PartnerOidcConfig.REQUIRE_REQUESTED_ACR).type(ProviderConfigProperty.BOOLEAN_TYPE)
                .label("partnerOidc.requireRequestedAcr").helpText("partnerOidc.requireRequestedAcr.help")
                .defaultValue("true").add()
            .property().name(IdentityMappingSettings.MODE).type(ProviderConfigProperty.LIST_TYPE)
                .options(IdentityMappingSettings.MODES).defaultValue(IdentityMappingSettings.FEDERATION)
                .label("partnerOidc.identityMapping").helpText("partnerOidc.identityMapping.help").add()
            .property().name(IdentityMappingSettings.RULE).type(ProviderConfigProperty.STRING_TYPE)
                .label("partnerOidc.identityMappingRule").helpText("partnerOidc.identityMappingRule.help").add()
            .property().name(IdentityMappingSettings.URI_FORMAT).type(ProviderConfigProperty.LIST_TYPE)
                .options("https", "http").defaultValue("https")
                .label("partnerOidc.identityMappingUriFormat").helpText("partnerOidc.identityMappingUriFormat.help").add()
            .property().name(IdentityMappingSettings.URL).type(ProviderConfigProperty.STRING_TYPE)
                .label("partnerOidc.identityMappingServiceUrl").helpText("partnerOidc.identityMappingServiceUrl.help").add()
            .property().name(IdentityMappingSettings.TRUSTSTORE).type(ProviderConfigProperty.STRING_TYPE)
                .label("partnerOidc.identityMappingTruststore").helpText("partnerOidc.identityMappingTruststore.help").add()
            .property().name(IdentityMappingSettings.TRUSTSTORE_PASSWORD).type(ProviderConfigProperty.PASSWORD)
                .label("partnerOidc.identityMappingTruststorePassword")
                .helpText("partnerOidc.identityMappingTruststorePassword.help").secret(true).add()
            .property().name(IdentityMappingSettings.CLIENT_AUTH).type(ProviderConfigProperty.LIST_TYPE)
                .options(IdentityMappingSettings.CLIENT_AUTHS).defaultValue("none")
                .label("partnerOidc.identityMappingClientAuth").helpText("partnerOidc.identityMappingClientAuth.help").add()
            .property().name(IdentityMappingSettings.USERNAME).type(ProviderConfigProperty.STRING_TYPE)
                .label("partnerOidc.identityMappingUsername").helpText("partnerOidc.identityMappingUsername.help").add()
            .property().name(IdentityMappingSettings.PASSWORD).type(ProviderConfigProperty.PASSWORD)
                .label("partnerOidc.identityMappingPassword").helpText("partnerOidc.identityMappingPassword.help")
                .secret(true).add()
            .property().name(IdentityMappingSettings.KEYSTORE).type(ProviderConfigProperty.STRING_TYPE)
                .label("partnerOidc.identityMappingKeystore").helpText("partnerOidc.identityMappingKeystore.help").add()
            .property().name(IdentityMappingSettings.KEYSTORE_PASSWORD).type(ProviderConfigProperty.PASSWORD)
                .label("partnerOidc.identityMappingKeystorePassword")
                .helpText("partnerOidc.identityMappingKeystorePassword.help").secret(true).add()
            .property().name(IdentityMappingSettings.MESSAGE_FORMAT).type(ProviderConfigProperty.LIST_TYPE)
                .options(IdentityMappingSettings.FORMATS).defaultValue("xml")
                .label("partnerOidc.identityMappingMessageFormat").helpText("partnerOidc.identityMappingMessageFormat.help").add()
            .property().name(IdentityMappingSettings.TIMEOUT_MILLIS).type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue("5000")
                .label("partnerOidc.identityMappingTimeoutMillis").helpText("partnerOidc.identityMappingTimeoutMillis.help").add()
            .build();

    private PartnerOidcConfigProperties() {
    }
}
