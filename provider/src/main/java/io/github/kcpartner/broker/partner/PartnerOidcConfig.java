package io.github.kcpartner.broker.partner;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.keycloak.broker.oidc.OIDCIdentityProviderConfig;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.RealmModel;

/**
 * Typed view over the {@code partner-oidc} configuration map. Keys shared with the built-in
 * {@code oidc} provider keep their names ({@code clientId}, {@code clientSecret},
 * {@code authorizationUrl}, {@code tokenUrl}, {@code userInfoUrl}, {@code jwksUrl},
 * {@code useJwksUrl}, {@code issuer}, {@code defaultScope}, {@code clientAuthMethod},
 * {@code metadataDescriptorUrl}, {@code allowedClockSkew}, {@code disableUserInfo},
 * {@code publicKeySignatureVerifier}, {@code pkceEnabled}), so realm JSON written for
 * {@code oidc} carries over. The keys below are ours.
 */
public final class PartnerOidcConfig extends OIDCIdentityProviderConfig {

    public static final String RESPONSE_TYPE = "responseType";
    public static final String RESPONSE_MODE = "responseMode";
    public static final String SIGNATURE_ALGORITHM = "signatureAlgorithm";
    public static final String METADATA_REFRESH_SECONDS = "metadataRefreshSeconds";
    public static final String JWKS_MIN_REFETCH_SECONDS = "jwksMinRefetchSeconds";
    public static final String USE_CERTIFICATE = "useCertificate";
    public static final String CERTIFICATE_KEYSTORE = "certificateKeystore";
    public static final String CERTIFICATE_KEYSTORE_TYPE = "certificateKeystoreType";
    public static final String CERTIFICATE_KEYSTORE_PASSWORD = "certificateKeystorePassword";
    public static final String CERTIFICATE_LABEL = "certificateLabel";
    public static final String KEY_MANAGEMENT_ALGORITHM = "keyManagementAlgorithm";
    public static final String CONTENT_ENCRYPTION_ALGORITHM = "contentEncryptionAlgorithm";
    public static final String DECRYPTION_KEYSTORE = "decryptionKeystore";
    public static final String DECRYPTION_KEYSTORE_TYPE = "decryptionKeystoreType";
    public static final String DECRYPTION_KEYSTORE_PASSWORD = "decryptionKeystorePassword";
    public static final String DECRYPTION_KEY_LABEL = "decryptionKeyLabel";
    public static final String DECRYPTION_USE_REALM_KEYS = "decryptionUseRealmKeys";
    public static final String DISABLE_USER_INFO = "disableUserInfo";
    public static final String PUBLIC_KEY = "publicKeySignatureVerifier";
    public static final String CLIENT_AUTH_METHOD = "clientAuthMethod";
    public static final String ADVANCED_CONFIGURATION_RULE = "advancedConfigurationRule";
    public static final String REQUIRE_REQUESTED_ACR = "requireRequestedAcr";
    public static final String CONNECT_TIMEOUT_MILLIS = "partnerConnectTimeoutMillis";
    public static final String READ_TIMEOUT_MILLIS = "partnerReadTimeoutMillis";
    /** Pushed authorization requests (RFC 9126): {@code off}, {@code advertised} (default) or {@code required}. */
    public static final String PAR_MODE = "parMode";

    public static final String REQUEST_OBJECT = "requestObject";
    public static final String REQUEST_OBJECT_ENCRYPTION_ALG = "requestObjectEncryptionAlg";
    public static final String REQUEST_OBJECT_ENCRYPTION_ENC = "requestObjectEncryptionEnc";

    /** DPoP proofs (RFC 9449): {@code off} (default), {@code advertised} or {@code required}. */
    public static final String DPOP_MODE = "dpopMode";

    /** Mutual TLS (RFC 8705): our client certificate and key, for the token, PAR and userinfo calls. */
    public static final String TLS_CLIENT_KEYSTORE = "tlsClientKeystore";

    public static final String TLS_CLIENT_KEYSTORE_TYPE = "tlsClientKeystoreType";
    public static final String TLS_CLIENT_KEYSTORE_PASSWORD = "tlsClientKeystorePassword";
    /** The server certificates the mutual-TLS calls trust; empty: Keycloak's truststore. */
    public static final String TLS_TRUSTSTORE = "tlsTruststore";

    public static final String TLS_TRUSTSTORE_PASSWORD = "tlsTruststorePassword";
    public static final String TLS_CLIENT_AUTH = "tls_client_auth";

    public static final String CLIENT_ASSERTION_ALG = "clientAssertionSigningAlg";
    public static final String CLIENT_ASSERTION_KEYSTORE = "clientAssertionKeystore";
    public static final String CLIENT_ASSERTION_KEYSTORE_TYPE = "clientAssertionKeystoreType";
    public static final String CLIENT_ASSERTION_KEYSTORE_PASSWORD = "clientAssertionKeystorePassword";
    public static final String CLIENT_ASSERTION_KEY_LABEL = "clientAssertionKeyLabel";

    public static final String NONE = "none";
    public static final String CODE = "code";

    public PartnerOidcConfig() {
        super();
    }

    public PartnerOidcConfig(IdentityProviderModel model) {
        super(model);
    }

    /** The response type, normalised to the order of OIDC Core ("code id_token token"). */
    public String getResponseType() {
        Set<String> parts = responseTypeParts();
        StringBuilder normal = new StringBuilder();
        for (String part : new String[] {"code", "id_token", "token"}) {
            if (parts.contains(part)) {
                normal.append(normal.length() == 0 ? "" : " ").append(part);
            }
        }
        return normal.length() == 0 ? CODE : normal.toString();
    }

    public Set<String> responseTypeParts() {
        String raw = value(RESPONSE_TYPE, CODE);
        return new LinkedHashSet<>(Arrays.asList(raw.trim().split("[\\s+,]+")));
    }

    public boolean responseTypeHasCode() {
        return responseTypeParts().contains(CODE);
    }

    public boolean responseTypeHasIdToken() {
        return responseTypeParts().contains("id_token");
    }

    public boolean responseTypeHasToken() {
        return responseTypeParts().contains("token");
    }

    /** query for {@code code}; otherwise form_post unless fragment was chosen. */
    public String getResponseMode() {
        String mode = value(RESPONSE_MODE, "");
        if (!mode.isEmpty()) {
            return mode;
        }
        return CODE.equals(getResponseType()) ? "query" : "form_post";
    }

    public String getSignatureAlgorithm() {
        return value(SIGNATURE_ALGORITHM, "RS256");
    }

    public int getMetadataRefreshSeconds() {
        return intValue(METADATA_REFRESH_SECONDS, 3600);
    }

    public int getJwksMinRefetchSeconds() {
        return intValue(JWKS_MIN_REFETCH_SECONDS, 10);
    }

    /** Whether the ID token's {@code acr} must be one of the {@code acr_values} asked for (default on). */
    public boolean isRequireRequestedAcr() {
        return Boolean.parseBoolean(value(REQUIRE_REQUESTED_ACR, "true"));
    }

    /** Connect timeout of every call to the partner (metadata, JWKS, token, userinfo); default 5 s. */
    public int getConnectTimeoutMillis() {
        return intValue(CONNECT_TIMEOUT_MILLIS, 5000);
    }

    /** Read timeout of every call to the partner; default 10 s. */
    public int getReadTimeoutMillis() {
        return intValue(READ_TIMEOUT_MILLIS, 10000);
    }

    /** private_key_jwt signs with a key of this keystore (in the partner files directory) instead of the realm's. */
    public String getClientAssertionKeystore() {
        return value(CLIENT_ASSERTION_KEYSTORE, "");
    }

    public String getClientAssertionKeystoreType() {
        return value(CLIENT_ASSERTION_KEYSTORE_TYPE, "PKCS12");
    }

    public String getClientAssertionKeystorePassword() {
        return value(CLIENT_ASSERTION_KEYSTORE_PASSWORD, "");
    }

    public String getClientAssertionKeyLabel() {
        return value(CLIENT_ASSERTION_KEY_LABEL, "");
    }

    /** The configured client-assertion alg, empty for the default of the key. */
    public String getClientAssertionAlg() {
        return value(CLIENT_ASSERTION_ALG, "");
    }

    /** Whether private_key_jwt signs with our keystore key. */
    public boolean isKeystoreClientAssertion() {
        return "private_key_jwt".equals(value(CLIENT_AUTH_METHOD, ""))
                && !getClientAssertionKeystore().isEmpty();
    }

    /** off, signed or encrypted (RFC 9101 request objects). */
    public String getRequestObjectMode() {
        return value(REQUEST_OBJECT, PartnerRequestObject.OFF);
    }

    public String getRequestObjectEncryptionAlg() {
        return value(REQUEST_OBJECT_ENCRYPTION_ALG, "RSA-OAEP-256");
    }

    public String getRequestObjectEncryptionEnc() {
        return value(REQUEST_OBJECT_ENCRYPTION_ENC, "A256GCM");
    }

    /** {@code off}, {@code advertised} (PAR when the metadata names its endpoint; the default) or {@code required}. */
    public String getParMode() {
        return value(PAR_MODE, PartnerPar.ADVERTISED);
    }

    /** {@code off} (the default), {@code advertised} (when the metadata lists a DPoP algorithm) or {@code required}. */
    public String getDpopMode() {
        return value(DPOP_MODE, PartnerDpop.OFF);
    }

    public String getTlsClientKeystore() {
        return value(TLS_CLIENT_KEYSTORE, "");
    }

    public String getTlsClientKeystoreType() {
        return value(TLS_CLIENT_KEYSTORE_TYPE, "PKCS12");
    }

    public String getTlsClientKeystorePassword() {
        return value(TLS_CLIENT_KEYSTORE_PASSWORD, "");
    }

    public String getTlsTruststore() {
        return value(TLS_TRUSTSTORE, "");
    }

    public String getTlsTruststorePassword() {
        return value(TLS_TRUSTSTORE_PASSWORD, "");
    }

    /** Whether the token, PAR and userinfo calls present our client certificate (a TLS client keystore is set). */
    public boolean isMutualTls() {
        return !getTlsClientKeystore().isEmpty();
    }

    /** Whether the client authenticates with its certificate alone (RFC 8705 {@code tls_client_auth}). */
    public boolean isTlsClientAuth() {
        return TLS_CLIENT_AUTH.equals(value(CLIENT_AUTH_METHOD, ""));
    }

    public boolean isUseCertificate() {
        return Boolean.parseBoolean(value(USE_CERTIFICATE, "false"));
    }

    public String getCertificateKeystore() {
        return value(CERTIFICATE_KEYSTORE, "");
    }

    public String getCertificateKeystoreType() {
        return value(CERTIFICATE_KEYSTORE_TYPE, "PKCS12");
    }

    public String getCertificateKeystorePassword() {
        return value(CERTIFICATE_KEYSTORE_PASSWORD, "");
    }

    public String getCertificateLabel() {
        return value(CERTIFICATE_LABEL, "");
    }

    public String getPublicKey() {
        return value(PUBLIC_KEY, "");
    }

    public String getKeyManagementAlgorithm() {
        return value(KEY_MANAGEMENT_ALGORITHM, NONE);
    }

    public String getContentEncryptionAlgorithm() {
        return value(CONTENT_ENCRYPTION_ALGORITHM, NONE);
    }

    public String getDecryptionKeystore() {
        return value(DECRYPTION_KEYSTORE, "");
    }

    public String getDecryptionKeystoreType() {
        return value(DECRYPTION_KEYSTORE_TYPE, "PKCS12");
    }

    public String getDecryptionKeystorePassword() {
        return value(DECRYPTION_KEYSTORE_PASSWORD, "");
    }

    public String getDecryptionKeyLabel() {
        return value(DECRYPTION_KEY_LABEL, "");
    }

    public boolean isDecryptionUseRealmKeys() {
        return Boolean.parseBoolean(value(DECRYPTION_USE_REALM_KEYS, "false"));
    }

    /** Name of the JavaScript rule of the advanced configuration; empty = not required. */
    public String getAdvancedConfigurationRule() {
        return value(ADVANCED_CONFIGURATION_RULE, "");
    }

    /** ISVA's "perform userinfo request automatically". */
    public boolean isPerformUserInfo() {
        return !Boolean.parseBoolean(value(DISABLE_USER_INFO, "false"));
    }

    /**
     * No client secret and no private-key client authentication: the client proves nothing at the
     * token endpoint (PKCE S256 is then forced). A {@code private_key_jwt} or {@code tls_client_auth}
     * client is never public.
     */
    public boolean isPublicClient() {
        return value("clientSecret", "").isEmpty()
                && !"private_key_jwt".equals(value(CLIENT_AUTH_METHOD, ""))
                && !(isTlsClientAuth() && isMutualTls());
    }

    public String getScope() {
        String scope = value("defaultScope", "");
        return scope.isBlank() ? "openid" : scope.trim();
    }

    /**
     * Verify with the partner's JWK set unless the admin turned it off, or (older configurations
     * without the setting) gave a public key or a certificate instead.
     */
    @Override
    public boolean isUseJwksUrl() {
        String explicit = getConfig().get(USE_JWKS_URL);
        if (explicit != null && !explicit.isBlank()) {
            return Boolean.parseBoolean(explicit.trim());
        }
        return value(PUBLIC_KEY, "").isEmpty() && !isUseCertificate();
    }

    /** A nonce is always sent and checked. */
    @Override
    public boolean isDisableNonce() {
        return false;
    }

    /** A public client (no secret) always uses PKCE with S256. */
    @Override
    public boolean isPkceEnabled() {
        return super.isPkceEnabled() || isPublicClient();
    }

    @Override
    public String getPkceMethod() {
        String method = super.getPkceMethod();
        return isPublicClient() || method == null || method.isBlank() ? "S256" : method;
    }

    /**
     * Called by Keycloak when the admin saves: every combination rule, refused with message keys;
     * then, against the metadata read once, the PAR setting ({@link PartnerPar}), and the issuer is
     * filled when only the metadata URL is given ({@link PartnerIssuer}).
     */
    @Override
    public void validate(RealmModel realm) {
        // ours first: they name every offending field, Keycloak's stop at the first bad URL
        List<String> problems = PartnerOidcConfigRules.check(this, realm.getSslRequired());
        if (!problems.isEmpty()) {
            throw refusal(realm, problems);
        }
        super.validate(realm);
        if (getDisplayName() == null || getDisplayName().isBlank()) {
            setDisplayName(PartnerOidcIdentityProviderFactory.DISPLAY_NAME);
        }
        org.keycloak.models.KeycloakSession session = org.keycloak.utils.KeycloakSessionUtil.getKeycloakSession();
        if (session != null) {
            validateWithMetadata(realm, PartnerIssuer.metadataReader(this, session));
        }
    }

    /**
     * The checks that read the partner's metadata document ({@code fetch} returns it for the
     * metadata URL, read once): the PAR and DPoP settings against what the partner advertises
     * ({@link PartnerPar#checkAtSave}, {@link PartnerDpop#checkAtSave}), then the issuer is filled ({@link PartnerIssuer}).
     */
    void validateWithMetadata(RealmModel realm, java.util.function.UnaryOperator<String> fetch) {
        List<String> problems = new java.util.ArrayList<>();
        for (String problem :
                new String[] {PartnerPar.checkAtSave(this, fetch), PartnerDpop.checkAtSave(this, fetch)}) {
            if (problem != null) {
                problems.add(problem);
            }
        }
        if (!problems.isEmpty()) {
            throw refusal(realm, problems);
        }
        PartnerIssuer.fill(this, fetch);
    }

    /**
     * The vault key for a secret setting of a provider of this alias, as the save-time refusal of a
     * plain secret names it: {@code <alias>-<setting>}, lower case, no underscore.
     */
    public static String vaultKey(String alias, String setting) {
        return PartnerOidcConfigRules.vaultKey(alias, setting);
    }

    /**
     * The save-time combination rules only (no metadata fetch), with the rules of
     * {@code plannedRules} counted as deployed: the English text of every problem, as the console
     * shows it, or null when the configuration can be saved.
     */
    public String saveProblems(RealmModel realm, java.util.Set<String> plannedRules) {
        List<String> problems = PartnerOidcConfigRules.check(this, realm.getSslRequired(), plannedRules);
        return problems.isEmpty() ? null : refusal(realm, problems).getMessage();
    }

    /** The save refused: the English text of each problem, as the console's alert shows it. */
    private IllegalArgumentException refusal(RealmModel realm, List<String> problems) {
        return new IllegalArgumentException(PartnerOidcConfigRules.describe(
                problems, this, realm.getName(), realm.getSslRequired(), PartnerSecrets.filesVaultDirectory()));
    }

    private String value(String key, String fallback) {
        String v = getConfig().get(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private int intValue(String key, int fallback) {
        try {
            return Integer.parseInt(value(key, Integer.toString(fallback)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
