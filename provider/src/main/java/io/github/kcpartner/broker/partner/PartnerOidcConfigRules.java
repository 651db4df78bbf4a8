package io.github.kcpartner.broker.partner;

import io.github.kcpartner.broker.identity.IdentityMappingSettings;
import io.github.kcpartner.files.PartnerFiles;
import io.github.kcpartner.jose.JoseConfigRules;
import io.github.kcpartner.jose.JoseSettings;
import io.github.kcpartner.messages.EnglishMessages;
import io.github.kcpartner.vault.VaultSecrets;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.common.enums.SslRequired;

/**
 * The combination rules of a {@code partner-oidc} configuration, checked when the admin saves it:
 * ISVA's JOSE rules ({@link JoseConfigRules}) plus the flow rules (response type, token
 * endpoint, public clients). Each problem is a message key with its English text.
 */
final class PartnerOidcConfigRules {

    static final String CLIENT_ID_REQUIRED = "partnerOidc.error.clientIdRequired";
    static final String RESPONSE_TYPE_INVALID = "partnerOidc.error.responseTypeInvalid";
    static final String RESPONSE_MODE_INVALID = "partnerOidc.error.responseModeInvalid";
    static final String CODE_NEEDS_TOKEN_ENDPOINT = "partnerOidc.error.codeNeedsTokenEndpoint";
    static final String AUTHORIZATION_ENDPOINT_REQUIRED = "partnerOidc.error.authorizationEndpointRequired";
    static final String PUBLIC_KEY_INVALID = "partnerOidc.error.publicKeyInvalid";
    static final String ISSUER_REQUIRED = "partnerOidc.error.issuerRequired";
    static final String IMPLICIT_NEEDS_CONFIDENTIALITY = "partnerOidc.error.publicClientNeedsCode";
    static final String NUMBER_INVALID = "partnerOidc.error.numberInvalid";
    static final String JWKS_REFETCH_TOO_LOW = "partnerOidc.error.jwksMinRefetchTooLow";
    static final String SECRET_NEEDS_VAULT = "partnerOidc.error.secretNeedsVault";
    static final String TIMEOUT_INVALID = "partnerOidc.error.timeoutInvalid";
    static final String QUERY_ONLY_FOR_CODE = "partnerOidc.error.queryOnlyForCode";
    static final String SECRET_JWT_NEEDS_SECRET = "partnerOidc.error.clientSecretJwtNeedsSecret";
    static final String KEYSTORE_UNREADABLE = "partnerOidc.error.keystoreUnreadable";
    static final String URL_INVALID = "partnerOidc.error.urlInvalid";
    static final String URL_NEEDS_HTTPS = "partnerOidc.error.urlNeedsHttps";
    static final String CLOCK_SKEW_INVALID = "partnerOidc.error.clockSkewInvalid";
    static final String ASSERTION_KEYSTORE_NEEDS_PRIVATE_KEY_JWT =
            "partnerOidc.error.assertionKeystoreNeedsPrivateKeyJwt";
    static final String ASSERTION_KEYSTORE_INCOMPLETE = "partnerOidc.error.assertionKeystoreIncomplete";
    static final String ASSERTION_ALG_NOT_ASYMMETRIC = "partnerOidc.error.assertionAlgNotAsymmetric";
    static final String REQUEST_OBJECT_MODE_INVALID = "partnerOidc.error.requestObjectModeInvalid";
    static final String PAR_MODE_INVALID = "partnerOidc.error.parModeInvalid";
    static final String PAR_NOT_ADVERTISED = "partnerOidc.error.parNotAdvertised";
    static final String DPOP_MODE_INVALID = "partnerOidc.error.dpopModeInvalid";
    static final String DPOP_NOT_ADVERTISED = "partnerOidc.error.dpopNotAdvertised";
    static final String TLS_CLIENT_AUTH_NEEDS_KEYSTORE = "partnerOidc.error.tlsClientAuthNeedsKeystore";
    static final String TLS_KEYSTORE_REFUSED = "partnerOidc.error.tlsKeystoreRefused";
    static final String PAR_REQUIRED_BY_PARTNER = "partnerOidc.error.parRequiredByPartner";

    /** The URLs to which the client secret, a code or a token is sent, or from which keys are read. */
    private static final List<String> SECURE_URL_KEYS =
            List.of("metadataDescriptorUrl", "tokenUrl", "userInfoUrl", "jwksUrl");

    /**
     * Secret settings: they accept only a vault reference. Keycloak returns the passwords in clear
     * from the admin API and partial export (it masks only {@code clientSecret} of a broker), and a
     * full {@code kc.sh export} writes every one of them, the client secret included, in clear.
     */
    static final List<String> VAULT_ONLY = List.of(
            "clientSecret",
            PartnerOidcConfig.CERTIFICATE_KEYSTORE_PASSWORD,
            PartnerOidcConfig.DECRYPTION_KEYSTORE_PASSWORD,
            PartnerOidcConfig.CLIENT_ASSERTION_KEYSTORE_PASSWORD,
            PartnerOidcConfig.TLS_CLIENT_KEYSTORE_PASSWORD,
            PartnerOidcConfig.TLS_TRUSTSTORE_PASSWORD,
            IdentityMappingSettings.TRUSTSTORE_PASSWORD,
            IdentityMappingSettings.PASSWORD,
            IdentityMappingSettings.KEYSTORE_PASSWORD);

    /** A vault reference stands for a secret whose length is only known at run time. */
    private static final String VAULT_STAND_IN = "x".repeat(64);

    private PartnerOidcConfigRules() {}

    /** The message keys of every violated rule, with http allowed only where Keycloak's default (external) allows it. */
    static List<String> check(PartnerOidcConfig c) {
        return check(c, SslRequired.EXTERNAL);
    }

    /** The message keys of every violated rule; {@code ssl} is the realm's "Require SSL". */
    static List<String> check(PartnerOidcConfig c, SslRequired ssl) {
        return check(c, ssl, java.util.Set.of());
    }

    /** {@link #check(PartnerOidcConfig, SslRequired)}, the rules of {@code plannedRules} counted as deployed (an import's). */
    static List<String> check(PartnerOidcConfig c, SslRequired ssl, java.util.Set<String> plannedRules) {
        List<String> problems = new ArrayList<>();
        if (!badUrls(c).isEmpty()) {
            problems.add(URL_INVALID);
        }
        if (!insecureUrls(c, ssl).isEmpty()) {
            problems.add(URL_NEEDS_HTTPS);
        }
        if (!c.getClientAssertionKeystore().isEmpty()) {
            if (!"private_key_jwt".equals(c.getConfig().get(PartnerOidcConfig.CLIENT_AUTH_METHOD))) {
                problems.add(ASSERTION_KEYSTORE_NEEDS_PRIVATE_KEY_JWT);
            } else if (c.getClientAssertionKeyLabel().isEmpty()
                    || !PartnerFiles.server().accepts(c.getClientAssertionKeystore())) {
                problems.add(ASSERTION_KEYSTORE_INCOMPLETE);
            }
            if (!c.getClientAssertionAlg().isEmpty()
                    && !PartnerClientAssertion.ALGORITHMS.contains(c.getClientAssertionAlg())) {
                problems.add(ASSERTION_ALG_NOT_ASYMMETRIC);
            }
        }
        if (!PartnerRequestObject.MODES.contains(c.getRequestObjectMode())
                || !PartnerRequestObject.ENCRYPTION_ALGORITHMS.contains(c.getRequestObjectEncryptionAlg())
                || !PartnerRequestObject.ENCRYPTION_METHODS.contains(c.getRequestObjectEncryptionEnc())) {
            problems.add(REQUEST_OBJECT_MODE_INVALID);
        }
        if (!PartnerDpop.MODES.contains(c.getDpopMode())) {
            problems.add(DPOP_MODE_INVALID);
        }
        if (c.isTlsClientAuth() && !c.isMutualTls()) {
            problems.add(TLS_CLIENT_AUTH_NEEDS_KEYSTORE);
        }
        for (String store : List.of(c.getTlsClientKeystore(), c.getTlsTruststore())) {
            if (!store.isEmpty() && !PartnerFiles.server().accepts(store)) {
                problems.add(TLS_KEYSTORE_REFUSED);
                break;
            }
        }
        String skew = c.getConfig().get("allowedClockSkew");
        if (!blank(skew) && (!skew.trim().matches("\\d{1,3}") || Integer.parseInt(skew.trim()) > 300)) {
            problems.add(CLOCK_SKEW_INVALID);
        }
        boolean metadata = !blank(c.getMetadataDescriptorUrl());
        if (blank(c.getClientId())) {
            problems.add(CLIENT_ID_REQUIRED);
        }
        if (!java.util.Set.of("code", "id_token", "token").containsAll(c.responseTypeParts())
                || !PartnerOidcConfigProperties.RESPONSE_TYPES.contains(c.getResponseType())) {
            problems.add(RESPONSE_TYPE_INVALID);
        }
        if (!PartnerOidcConfigProperties.RESPONSE_MODES.contains(
                c.getConfig().getOrDefault(PartnerOidcConfig.RESPONSE_MODE, ""))) {
            problems.add(RESPONSE_MODE_INVALID);
        } else if ("query".equals(c.getResponseMode()) && !PartnerOidcConfig.CODE.equals(c.getResponseType())) {
            // OAuth 2.0 Multiple Response Types: tokens never travel in the query string
            problems.add(QUERY_ONLY_FOR_CODE);
        }
        if (!PartnerPar.MODES.contains(c.getParMode())) {
            problems.add(PAR_MODE_INVALID);
        }
        if ("client_secret_jwt".equals(c.getConfig().get(PartnerOidcConfig.CLIENT_AUTH_METHOD))
                && blank(c.getClientSecret())) {
            problems.add(SECRET_JWT_NEEDS_SECRET);
        }
        if (!metadata && blank(c.getAuthorizationUrl())) {
            problems.add(AUTHORIZATION_ENDPOINT_REQUIRED);
        }
        if (!metadata && blank(c.getIssuer())) {
            problems.add(ISSUER_REQUIRED);
        }
        if (c.responseTypeHasCode() && !metadata && blank(c.getTokenUrl())) {
            problems.add(CODE_NEEDS_TOKEN_ENDPOINT);
        }
        if (c.isPublicClient() && !c.responseTypeHasCode()) {
            // Without a secret and without code there is nothing that proves the answer came to us.
            problems.add(IMPLICIT_NEEDS_CONFIDENTIALITY);
        }
        for (String key :
                List.of(PartnerOidcConfig.METADATA_REFRESH_SECONDS, PartnerOidcConfig.JWKS_MIN_REFETCH_SECONDS)) {
            String v = c.getConfig().get(key);
            if (!blank(v) && !v.trim().matches("\\d{1,7}")) {
                problems.add(NUMBER_INVALID);
            }
        }
        if (VAULT_ONLY.stream()
                .map(c.getConfig()::get)
                .anyMatch(v -> v != null && !v.isEmpty() && !VaultSecrets.isReference(v))) {
            problems.add(SECRET_NEEDS_VAULT);
        }
        for (String key : List.of(PartnerOidcConfig.CONNECT_TIMEOUT_MILLIS, PartnerOidcConfig.READ_TIMEOUT_MILLIS)) {
            String v = c.getConfig().get(key);
            if (!blank(v)
                    && (!v.trim().matches("\\d{1,6}")
                            || Integer.parseInt(v.trim()) < 100
                            || Integer.parseInt(v.trim()) > 300_000)) {
                problems.add(TIMEOUT_INVALID);
            }
        }
        String refetch = c.getConfig().get(PartnerOidcConfig.JWKS_MIN_REFETCH_SECONDS);
        if (!blank(refetch) && refetch.trim().matches("0+")) {
            problems.add(JWKS_REFETCH_TOO_LOW);
        }
        boolean certificate = c.isUseCertificate() && !blank(c.getCertificateKeystore());
        if ((certificate && !PartnerFiles.server().accepts(c.getCertificateKeystore()))
                || (!blank(c.getDecryptionKeystore()) && !PartnerFiles.server().accepts(c.getDecryptionKeystore()))) {
            problems.add(KEYSTORE_UNREADABLE);
        }
        if (!c.isUseJwksUrl() && !c.isUseCertificate() && !c.getPublicKey().isEmpty()) {
            try {
                io.github.kcpartner.jose.VerificationKeys.pem(c.getPublicKey());
            } catch (IllegalArgumentException e) {
                problems.add(PUBLIC_KEY_INVALID);
            }
        }
        problems.addAll(JoseConfigRules.validate(joseSettings(c, metadata)));
        IdentityMappingSettings mapping = IdentityMappingSettings.of(c.getConfig());
        problems.addAll(mapping.problems(() -> plannedRules.contains(mapping.rule())
                ? plannedRules
                : io.github.kcpartner.script.ServerRules.current().ruleNames()));
        return problems;
    }

    /** The English text of each problem, numbered when there are several, for the console's alert. */
    static String describe(List<String> problems) {
        return describe(problems, new PartnerOidcConfig(), "<realm>", SslRequired.EXTERNAL, null);
    }

    /**
     * The English text of each problem (one item per offending field, naming it by its label; a
     * plain secret with the vault reference to type and the files-vault file to create), numbered
     * when there are several: the console shows the text as is in one alert.
     */
    static String describe(List<String> problems, PartnerOidcConfig c, String realm, SslRequired ssl, String vaultDir) {
        List<String> items = new ArrayList<>();
        for (String key : problems) {
            String text = EnglishMessages.text(key);
            if (URL_INVALID.equals(key)) {
                badUrls(c).forEach(k -> items.add(MessageFormat.format(text, label(k))));
            } else if (URL_NEEDS_HTTPS.equals(key)) {
                insecureUrls(c, ssl).forEach(k -> items.add(MessageFormat.format(text, label(k))));
            } else if (SECRET_NEEDS_VAULT.equals(key)) {
                for (String k : VAULT_ONLY) {
                    String v = c.getConfig().get(k);
                    if (v != null && !v.isEmpty() && !VaultSecrets.isReference(v)) {
                        String name = vaultKey(c.getAlias(), k);
                        String file = (vaultDir == null || vaultDir.isBlank() ? "<vault directory>" : vaultDir) + "/"
                                + realm.replace("_", "__") + "_" + name;
                        items.add(MessageFormat.format(text, label(k), "${vault." + name + "}", file));
                    }
                }
            } else if (PAR_NOT_ADVERTISED.equals(key)
                    || PAR_REQUIRED_BY_PARTNER.equals(key)
                    || DPOP_NOT_ADVERTISED.equals(key)) {
                items.add(MessageFormat.format(
                        text, nullToEmpty(c.getMetadataDescriptorUrl()).trim()));
            } else {
                items.add(text);
            }
        }
        if (items.size() == 1) {
            return items.get(0);
        }
        StringBuilder all = new StringBuilder(items.size() + " problems:");
        for (int i = 0; i < items.size(); i++) {
            all.append(' ').append(i + 1).append(") ").append(items.get(i));
        }
        return all.toString();
    }

    /** A vault key for a secret setting of this provider: {@code <alias>-<setting>}, lower case, no underscore. */
    static String vaultKey(String alias, String setting) {
        String a = alias == null || alias.isBlank() ? "partner" : alias;
        String s = setting.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
        return (a + "-" + s).replace('_', '-');
    }

    /** The console label of a setting, without its section, for messages. */
    private static String label(String key) {
        if ("clientSecret".equals(key)) {
            return "Client Secret"; // Keycloak's own field of the general section
        }
        String text = "metadataDescriptorUrl".equals(key) ? "metadataUrl" : key;
        return EnglishMessages.has("partnerOidc." + text) ? EnglishMessages.text("partnerOidc." + text) : key;
    }

    /** URL settings that are set but not absolute http(s) URLs with a host. */
    static List<String> badUrls(PartnerOidcConfig c) {
        List<String> bad = new ArrayList<>();
        for (String key : PartnerOidcConfigProperties.URL_KEYS) {
            String v = c.getConfig().get(key);
            if (!blank(v) && url(v.trim()) == null) {
                bad.add(key);
            }
        }
        return bad;
    }

    /** http URL settings where secrets or tokens travel and the realm requires SSL for that host. */
    static List<String> insecureUrls(PartnerOidcConfig c, SslRequired ssl) {
        List<String> insecure = new ArrayList<>();
        for (String key : SECURE_URL_KEYS) {
            String v = c.getConfig().get(key);
            URI u = blank(v) ? null : url(v.trim());
            if (u != null && "http".equalsIgnoreCase(u.getScheme()) && ssl.isRequired(u.getHost())) {
                insecure.add(key);
            }
        }
        return insecure;
    }

    private static URI url(String v) {
        try {
            URI u = new URI(v);
            String scheme = u.getScheme();
            if (scheme == null
                    || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || u.getHost() == null
                    || u.getHost().isBlank()) {
                return null;
            }
            return u;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static JoseSettings joseSettings(PartnerOidcConfig c, boolean metadata) {
        String secret = c.getClientSecret();
        if (secret != null && secret.startsWith("${vault.")) {
            secret = VAULT_STAND_IN;
        }
        JoseSettings.Builder b = JoseSettings.builder()
                .clientSecret(nullToEmpty(secret))
                .signatureAlg(nullToEmpty(c.getSignatureAlgorithm()))
                .metadata(metadata, metadata)
                .encryption(nullToEmpty(c.getKeyManagementAlgorithm()), nullToEmpty(c.getContentEncryptionAlgorithm()))
                .decryptionKey(nullToEmpty(c.getDecryptionKeystore()), nullToEmpty(c.getDecryptionKeyLabel()))
                .useRealmKeys(c.isDecryptionUseRealmKeys())
                .responseType(nullToEmpty(c.getResponseType()))
                .scope(c.getConfig().getOrDefault("defaultScope", ""));
        if (c.isUseJwksUrl()) {
            if (blank(c.getJwksUrl()) && metadata) {
                b.jwksFromMetadata();
            } else {
                b.jwksUrl(nullToEmpty(c.getJwksUrl()));
            }
        }
        if (c.isUseCertificate()) {
            b.signingCertificate(nullToEmpty(c.getCertificateKeystore()), nullToEmpty(c.getCertificateLabel()));
        } else if (!c.getPublicKey().isEmpty()) {
            b.signingPem();
        }
        return b.build();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
