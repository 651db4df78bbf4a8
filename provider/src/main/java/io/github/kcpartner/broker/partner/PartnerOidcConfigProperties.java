package io.github.kcpartner.broker.partner;

import io.github.kcpartner.broker.identity.IdentityMappingSettings;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * The whole admin-console form of a partner: Keycloak renders it, on the add page and on the edit
 * page alike, as one list in this order (its generic form has no section headings, so each label
 * starts with its section: Partner, Endpoints, Signature, Encryption, Identity mapping, Web service
 * mapping, Advanced). Keys shared with Keycloak's {@code oidc} provider keep their names. Client
 * ID and Client Secret are in Keycloak's general section above (bound to the same keys); scopes,
 * "Disable user info", sync mode and the login flows in Keycloak's Advanced section below. Labels and help texts are message keys (theme-resources/messages/messages_en.properties).
 */
final class PartnerOidcConfigProperties {

    static final List<String> RESPONSE_TYPES =
            List.of("code", "id_token", "id_token token", "code id_token", "code token", "code id_token token");
    static final List<String> RESPONSE_MODES = List.of("", "query", "form_post", "fragment");
    static final List<String> SIGNATURE_ALGORITHMS = List.of(
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "HS256", "HS384", "HS512",
            "none");
    static final List<String> KEY_MANAGEMENT_ALGORITHMS = List.of(
            "none",
            "dir",
            "A128KW",
            "A192KW",
            "A256KW",
            "A128GCMKW",
            "A192GCMKW",
            "A256GCMKW",
            "ECDH-ES",
            "ECDH-ES+A128KW",
            "ECDH-ES+A192KW",
            "ECDH-ES+A256KW",
            "RSA1_5",
            "RSA-OAEP",
            "RSA-OAEP-256");
    static final List<String> CONTENT_ENCRYPTION_ALGORITHMS =
            List.of("none", "A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512", "A128GCM", "A192GCM", "A256GCM");
    static final List<String> KEYSTORE_TYPES = List.of("PKCS12", "JKS");
    static final List<String> CLIENT_AUTH_METHODS = List.of(
            "client_secret_post",
            "client_secret_basic",
            "client_secret_jwt",
            "private_key_jwt",
            PartnerOidcConfig.TLS_CLIENT_AUTH);
    static final List<String> CLIENT_ASSERTION_ALGORITHMS = List.of(
            "", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "HS256", "HS384",
            "HS512");
    static final List<String> PROMPTS = List.of("", "none", "consent", "login", "select_account");

    /** The URL settings: each must be an absolute http(s) URL when set. */
    static final List<String> URL_KEYS =
            List.of("metadataDescriptorUrl", "authorizationUrl", "tokenUrl", "userInfoUrl", "jwksUrl", "logoutUrl");

    static final List<ProviderConfigProperty> PROPERTIES = build();

    private PartnerOidcConfigProperties() {}

    private static List<ProviderConfigProperty> build() {
        Form f = new Form();
        // Partner
        f.add("metadataDescriptorUrl", ProviderConfigProperty.STRING_TYPE, "metadataUrl", null);
        f.list(PartnerOidcConfig.CLIENT_AUTH_METHOD, "clientAuthMethod", CLIENT_AUTH_METHODS, "client_secret_post");
        f.list(PartnerOidcConfig.CLIENT_ASSERTION_ALG, "clientAssertionSigningAlg", CLIENT_ASSERTION_ALGORITHMS, "");
        f.add(
                PartnerOidcConfig.CLIENT_ASSERTION_KEYSTORE,
                ProviderConfigProperty.STRING_TYPE,
                "clientAssertionKeystore",
                null);
        f.list(
                PartnerOidcConfig.CLIENT_ASSERTION_KEYSTORE_TYPE,
                "clientAssertionKeystoreType",
                KEYSTORE_TYPES,
                "PKCS12");
        f.add(
                        PartnerOidcConfig.CLIENT_ASSERTION_KEYSTORE_PASSWORD,
                        ProviderConfigProperty.PASSWORD,
                        "clientAssertionKeystorePassword",
                        null)
                .setSecret(true);
        f.add(
                PartnerOidcConfig.CLIENT_ASSERTION_KEY_LABEL,
                ProviderConfigProperty.STRING_TYPE,
                "clientAssertionKeyLabel",
                null);
        f.list(PartnerOidcConfig.RESPONSE_TYPE, "responseType", RESPONSE_TYPES, "code");
        f.list(PartnerOidcConfig.RESPONSE_MODE, "responseMode", RESPONSE_MODES, "");
        f.add("pkceEnabled", ProviderConfigProperty.BOOLEAN_TYPE, "pkceEnabled", "true");
        f.list("pkceMethod", "pkceMethod", List.of("S256", "plain"), "S256");
        f.list("prompt", "prompt", PROMPTS, "");
        f.add("loginHint", ProviderConfigProperty.BOOLEAN_TYPE, "loginHint", "false");
        f.add("uiLocales", ProviderConfigProperty.BOOLEAN_TYPE, "uiLocales", "false");
        f.add("forwardParameters", ProviderConfigProperty.STRING_TYPE, "forwardParameters", null);
        f.list(PartnerOidcConfig.PAR_MODE, "parMode", PartnerPar.MODES, PartnerPar.ADVERTISED);
        f.list(PartnerOidcConfig.REQUEST_OBJECT, "requestObject", PartnerRequestObject.MODES, PartnerRequestObject.OFF);
        f.list(
                PartnerOidcConfig.REQUEST_OBJECT_ENCRYPTION_ALG,
                "requestObjectEncryptionAlg",
                PartnerRequestObject.ENCRYPTION_ALGORITHMS,
                "RSA-OAEP-256");
        f.list(
                PartnerOidcConfig.REQUEST_OBJECT_ENCRYPTION_ENC,
                "requestObjectEncryptionEnc",
                PartnerRequestObject.ENCRYPTION_METHODS,
                "A256GCM");
        f.list(PartnerOidcConfig.DPOP_MODE, "dpopMode", PartnerDpop.MODES, PartnerDpop.OFF);
        f.add(PartnerOidcConfig.TLS_CLIENT_KEYSTORE, ProviderConfigProperty.STRING_TYPE, "tlsClientKeystore", null);
        f.list(PartnerOidcConfig.TLS_CLIENT_KEYSTORE_TYPE, "tlsClientKeystoreType", KEYSTORE_TYPES, "PKCS12");
        f.add(
                        PartnerOidcConfig.TLS_CLIENT_KEYSTORE_PASSWORD,
                        ProviderConfigProperty.PASSWORD,
                        "tlsClientKeystorePassword",
                        null)
                .setSecret(true);
        f.add(PartnerOidcConfig.TLS_TRUSTSTORE, ProviderConfigProperty.STRING_TYPE, "tlsTruststore", null);
        f.add(PartnerOidcConfig.TLS_TRUSTSTORE_PASSWORD, ProviderConfigProperty.PASSWORD, "tlsTruststorePassword", null)
                .setSecret(true);
        // Endpoints (read from the metadata when left empty)
        f.add("issuer", ProviderConfigProperty.STRING_TYPE, "issuer", null);
        f.add("authorizationUrl", ProviderConfigProperty.STRING_TYPE, "authorizationUrl", null);
        f.add("tokenUrl", ProviderConfigProperty.STRING_TYPE, "tokenUrl", null);
        f.add("userInfoUrl", ProviderConfigProperty.STRING_TYPE, "userInfoUrl", null);
        f.add("jwksUrl", ProviderConfigProperty.STRING_TYPE, "jwksUrl", null);
        f.add("logoutUrl", ProviderConfigProperty.STRING_TYPE, "logoutUrl", null);
        // Signature
        f.list(PartnerOidcConfig.SIGNATURE_ALGORITHM, "signatureAlgorithm", SIGNATURE_ALGORITHMS, "RS256");
        f.add("useJwksUrl", ProviderConfigProperty.BOOLEAN_TYPE, "useJwksUrl", "true");
        f.add(
                PartnerOidcConfig.JWKS_MIN_REFETCH_SECONDS,
                ProviderConfigProperty.STRING_TYPE,
                "jwksMinRefetchSeconds",
                "10");
        f.add(PartnerOidcConfig.PUBLIC_KEY, ProviderConfigProperty.TEXT_TYPE, "publicKey", null);
        f.add(PartnerOidcConfig.USE_CERTIFICATE, ProviderConfigProperty.BOOLEAN_TYPE, "useCertificate", "false");
        f.add(PartnerOidcConfig.CERTIFICATE_KEYSTORE, ProviderConfigProperty.STRING_TYPE, "certificateKeystore", null);
        f.list(PartnerOidcConfig.CERTIFICATE_KEYSTORE_TYPE, "certificateKeystoreType", KEYSTORE_TYPES, "PKCS12");
        f.add(
                        PartnerOidcConfig.CERTIFICATE_KEYSTORE_PASSWORD,
                        ProviderConfigProperty.PASSWORD,
                        "certificateKeystorePassword",
                        null)
                .setSecret(true);
        f.add(PartnerOidcConfig.CERTIFICATE_LABEL, ProviderConfigProperty.STRING_TYPE, "certificateLabel", null);
        f.add("allowedClockSkew", ProviderConfigProperty.STRING_TYPE, "allowedClockSkew", "0");
        // Encryption
        f.list(PartnerOidcConfig.KEY_MANAGEMENT_ALGORITHM, "keyManagementAlgorithm", KEY_MANAGEMENT_ALGORITHMS, "none");
        f.list(
                PartnerOidcConfig.CONTENT_ENCRYPTION_ALGORITHM,
                "contentEncryptionAlgorithm",
                CONTENT_ENCRYPTION_ALGORITHMS,
                "none");
        f.add(PartnerOidcConfig.DECRYPTION_KEYSTORE, ProviderConfigProperty.STRING_TYPE, "decryptionKeystore", null);
        f.list(PartnerOidcConfig.DECRYPTION_KEYSTORE_TYPE, "decryptionKeystoreType", KEYSTORE_TYPES, "PKCS12");
        f.add(
                        PartnerOidcConfig.DECRYPTION_KEYSTORE_PASSWORD,
                        ProviderConfigProperty.PASSWORD,
                        "decryptionKeystorePassword",
                        null)
                .setSecret(true);
        f.add(PartnerOidcConfig.DECRYPTION_KEY_LABEL, ProviderConfigProperty.STRING_TYPE, "decryptionKeyLabel", null);
        f.add(
                PartnerOidcConfig.DECRYPTION_USE_REALM_KEYS,
                ProviderConfigProperty.BOOLEAN_TYPE,
                "decryptionUseRealmKeys",
                "false");
        // Identity mapping
        f.list(
                IdentityMappingSettings.MODE,
                "identityMapping",
                IdentityMappingSettings.MODES,
                IdentityMappingSettings.FEDERATION);
        f.add(IdentityMappingSettings.RULE, ProviderConfigProperty.STRING_TYPE, "identityMappingRule", null);
        // Web service mapping (identity mapping "webservice" only)
        f.add(IdentityMappingSettings.URL, ProviderConfigProperty.STRING_TYPE, "identityMappingServiceUrl", null);
        f.list(IdentityMappingSettings.URI_FORMAT, "identityMappingUriFormat", List.of("https", "http"), "https");
        f.add(
                IdentityMappingSettings.TRUSTSTORE,
                ProviderConfigProperty.STRING_TYPE,
                "identityMappingTruststore",
                null);
        f.add(
                        IdentityMappingSettings.TRUSTSTORE_PASSWORD,
                        ProviderConfigProperty.PASSWORD,
                        "identityMappingTruststorePassword",
                        null)
                .setSecret(true);
        f.list(
                IdentityMappingSettings.CLIENT_AUTH,
                "identityMappingClientAuth",
                IdentityMappingSettings.CLIENT_AUTHS,
                "none");
        f.add(IdentityMappingSettings.USERNAME, ProviderConfigProperty.STRING_TYPE, "identityMappingUsername", null);
        f.add(IdentityMappingSettings.PASSWORD, ProviderConfigProperty.PASSWORD, "identityMappingPassword", null)
                .setSecret(true);
        f.add(IdentityMappingSettings.KEYSTORE, ProviderConfigProperty.STRING_TYPE, "identityMappingKeystore", null);
        f.add(
                        IdentityMappingSettings.KEYSTORE_PASSWORD,
                        ProviderConfigProperty.PASSWORD,
                        "identityMappingKeystorePassword",
                        null)
                .setSecret(true);
        f.list(
                IdentityMappingSettings.MESSAGE_FORMAT,
                "identityMappingMessageFormat",
                IdentityMappingSettings.FORMATS,
                "xml");
        f.add(
                IdentityMappingSettings.TIMEOUT_MILLIS,
                ProviderConfigProperty.STRING_TYPE,
                "identityMappingTimeoutMillis",
                "5000");
        // Advanced
        f.add(
                PartnerOidcConfig.ADVANCED_CONFIGURATION_RULE,
                ProviderConfigProperty.STRING_TYPE,
                "advancedConfigurationRule",
                null);
        f.add(
                PartnerOidcConfig.REQUIRE_REQUESTED_ACR,
                ProviderConfigProperty.BOOLEAN_TYPE,
                "requireRequestedAcr",
                "true");
        f.add(
                PartnerOidcConfig.METADATA_REFRESH_SECONDS,
                ProviderConfigProperty.STRING_TYPE,
                "metadataRefreshSeconds",
                "3600");
        f.add(
                PartnerOidcConfig.CONNECT_TIMEOUT_MILLIS,
                ProviderConfigProperty.STRING_TYPE,
                "connectTimeoutMillis",
                "5000");
        f.add(PartnerOidcConfig.READ_TIMEOUT_MILLIS, ProviderConfigProperty.STRING_TYPE, "readTimeoutMillis", "10000");
        return List.copyOf(f.properties);
    }

    /** Builds the list: each label and help text is {@code partnerOidc.<text>} and {@code partnerOidc.<text>.help}. */
    private static final class Form {
        private final List<ProviderConfigProperty> properties = new ArrayList<>();

        ProviderConfigProperty add(String name, String type, String text, String defaultValue) {
            ProviderConfigProperty p = new ProviderConfigProperty(
                    name, "partnerOidc." + text, "partnerOidc." + text + ".help", type, defaultValue);
            properties.add(p);
            return p;
        }

        ProviderConfigProperty list(String name, String text, List<String> options, String defaultValue) {
            ProviderConfigProperty p = add(name, ProviderConfigProperty.LIST_TYPE, text, defaultValue);
            p.setOptions(options);
            return p;
        }
    }
}
