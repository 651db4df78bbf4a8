package io.github.kcpartner.migration;

import io.github.kcpartner.broker.identity.IdentityMappingSettings;
import io.github.kcpartner.broker.mapper.AttributeMappingConfig;
import io.github.kcpartner.broker.partner.PartnerOidcConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The importer's field-by-field table: each ISVA field it reads (its JSON path, {@code []} for any
 * array index; partner fields relative to the partner), the other spellings ISVA versions use, and
 * the {@code partner-openid-connect} setting it becomes. {@code docs/migration-isva.md} shows the
 * same table; a test compares them.
 */
public final class IsvaFieldTable {

    /** A field with no setting of its own (checked, or kept out on purpose). */
    public static final String NO_SETTING = "-";

    /**
     * @param field    the canonical ISVA path
     * @param variants other spellings of the last segment, accepted as the same field
     * @param setting  the setting(s) it becomes, comma separated, or {@link #NO_SETTING}
     */
    public record Row(String field, List<String> variants, String setting) {}

    public static final List<Row> ROWS = List.of(
            row("name", "alias, displayName"),
            row("enabled", "enabled"),
            row("role", NO_SETTING),
            row("id", NO_SETTING),
            row("templateName", NO_SETTING),
            row("configuration.clientId", "clientId"),
            row("configuration.clientSecret", "clientSecret"),
            row("configuration.basicConfiguration.activeDelegateId", NO_SETTING),
            row("configuration.basicConfiguration.properties.metadataEndpointUrl", "metadataDescriptorUrl"),
            row("configuration.basicConfiguration.properties.issuerIdentifier", "issuer"),
            row("configuration.basicConfiguration.properties.responseTypes", PartnerOidcConfig.RESPONSE_TYPE),
            row("configuration.basicConfiguration.properties.authorizationEndpointUrl", "authorizationUrl"),
            row("configuration.basicConfiguration.properties.tokenEndpointUrl", "tokenUrl"),
            row("configuration.basicConfiguration.properties.userInfoEndpointUrl", "userInfoUrl"),
            row("configuration.signatureAlgorithm", PartnerOidcConfig.SIGNATURE_ALGORITHM),
            row("configuration.jwkEndpointUrl", "jwksUrl, useJwksUrl"),
            row(
                    "configuration.verificationKeystore",
                    String.join(
                            ", ",
                            PartnerOidcConfig.USE_CERTIFICATE,
                            PartnerOidcConfig.CERTIFICATE_KEYSTORE,
                            PartnerOidcConfig.CERTIFICATE_KEYSTORE_TYPE,
                            PartnerOidcConfig.CERTIFICATE_KEYSTORE_PASSWORD)),
            row("configuration.verificationKeyLabel", PartnerOidcConfig.CERTIFICATE_LABEL),
            row("configuration.keyManagementAlgorithm", PartnerOidcConfig.KEY_MANAGEMENT_ALGORITHM),
            row("configuration.contentEncryptionAlgorithm", PartnerOidcConfig.CONTENT_ENCRYPTION_ALGORITHM),
            row(
                    "configuration.decryptionKeystore",
                    String.join(
                            ", ",
                            PartnerOidcConfig.DECRYPTION_KEYSTORE,
                            PartnerOidcConfig.DECRYPTION_KEYSTORE_TYPE,
                            PartnerOidcConfig.DECRYPTION_KEYSTORE_PASSWORD)),
            row("configuration.decryptionKeyLabel", PartnerOidcConfig.DECRYPTION_KEY_LABEL),
            row("configuration.scope", "defaultScope"),
            row("configuration.tokenEndpointAuthMethod", PartnerOidcConfig.CLIENT_AUTH_METHOD),
            row(
                    "configuration.performUserinfo",
                    PartnerOidcConfig.DISABLE_USER_INFO,
                    "perfomUserinfo",
                    "performUserInfo"),
            row("configuration.attributeMapping.map[].name", "mapper " + AttributeMappingConfig.ATTRIBUTE_NAME),
            row(
                    "configuration.attributeMapping.map[].source",
                    "mapper " + AttributeMappingConfig.SOURCE_TYPE + ", " + AttributeMappingConfig.FIXED_VALUE + ", "
                            + AttributeMappingConfig.CREDENTIAL_SOURCE + ", " + AttributeMappingConfig.CLAIM_PATH),
            row("configuration.identityMapping.activeDelegateId", IdentityMappingSettings.MODE),
            row("configuration.identityMapping.properties.identityMappingRuleReference", IdentityMappingSettings.RULE),
            row("configuration.identityMapping.properties.identityMappingRule", NO_SETTING),
            row(
                    "configuration.identityMapping.properties.uri",
                    IdentityMappingSettings.URL + ", " + IdentityMappingSettings.URI_FORMAT),
            row("configuration.identityMapping.properties.messageFormat", IdentityMappingSettings.MESSAGE_FORMAT),
            row("configuration.identityMapping.properties.authType", IdentityMappingSettings.CLIENT_AUTH),
            row("configuration.identityMapping.properties.basicAuthUsername", IdentityMappingSettings.USERNAME),
            row("configuration.identityMapping.properties.basicAuthPassword", IdentityMappingSettings.PASSWORD),
            row(
                    "configuration.identityMapping.properties.sslKeyStore",
                    IdentityMappingSettings.TRUSTSTORE + ", " + IdentityMappingSettings.TRUSTSTORE_PASSWORD),
            row(
                    "configuration.identityMapping.properties.clientKeyStore",
                    IdentityMappingSettings.KEYSTORE + ", " + IdentityMappingSettings.KEYSTORE_PASSWORD),
            row("configuration.identityMapping.properties.clientKeyAlias", NO_SETTING),
            row("configuration.identityMapping.properties.appliesTo", NO_SETTING),
            row("configuration.identityMapping.properties.issuedBy", NO_SETTING),
            row("configuration.advanceConfiguration.activeDelegateId", PartnerOidcConfig.ADVANCED_CONFIGURATION_RULE),
            row(
                    "configuration.advanceConfiguration.properties.advanceConfigurationRuleReference",
                    PartnerOidcConfig.ADVANCED_CONFIGURATION_RULE,
                    "advancedConfigurationRuleReference"),
            row("mappingRules[].id", NO_SETTING),
            row("mappingRules[].name", "rule file <name>.js"),
            row("mappingRules[].content", "rule file <name>.js"),
            row("mappingRules[].category", NO_SETTING),
            row("mappingRules[].fileName", NO_SETTING),
            row("attributeSources[].id", NO_SETTING),
            row("attributeSources[].name", NO_SETTING),
            row("attributeSources[].type", "mapper " + AttributeMappingConfig.SOURCE_TYPE),
            row(
                    "attributeSources[].value",
                    "mapper " + AttributeMappingConfig.FIXED_VALUE + " or " + AttributeMappingConfig.CLAIM_PATH));

    /** The container spellings: {@code advanceConfiguration} is also {@code advancedConfiguration}. */
    public static final Map<String, String> CONTAINER_VARIANTS =
            Map.of("configuration.advancedConfiguration", "configuration.advanceConfiguration");

    private static final Map<String, Row> BY_FIELD = index();

    private IsvaFieldTable() {}

    /** The row of a canonical field. */
    static Row of(String field) {
        Row row = BY_FIELD.get(field);
        if (row == null) {
            throw new IllegalStateException("no table row for " + field);
        }
        return row;
    }

    private static Row row(String field, String setting, String... variants) {
        return new Row(field, List.of(variants), setting);
    }

    private static Map<String, Row> index() {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (Row row : ROWS) {
            if (rows.put(row.field(), row) != null) {
                throw new IllegalStateException("two rows for " + row.field());
            }
        }
        return rows;
    }
}
