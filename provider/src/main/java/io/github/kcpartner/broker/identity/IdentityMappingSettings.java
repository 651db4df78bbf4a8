package io.github.kcpartner.broker.identity;

import io.github.kcpartner.script.ServerRules;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ISVA's identity mapping settings of one {@code partner-oidc} provider, read from its
 * config map, and the rules that refuse a bad combination at save time.
 *
 * @param mode          federation (Keycloak's first-broker-login and username rules), none (the
 *                      partner's {@code sub} as is), javascript (a rule) or webservice
 * @param rule          the rule name, for javascript
 * @param url           the web service URI
 * @param uriFormat     http or https; must agree with {@code url}
 * @param truststore    the server certificate database (PKCS12/JKS file), for https; empty: the JDK's
 * @param truststorePassword its password (may be a vault reference)
 * @param clientAuth    none, basic or certificate (https only for the last two)
 * @param username      the basic user
 * @param password      the basic password (may be a vault reference)
 * @param keystore      the client certificate's keystore (PKCS12/JKS file)
 * @param keystorePassword its password (may be a vault reference), also the key's
 * @param messageFormat xml (STSUniversalUser) or wstrust (the same in a WS-Trust 1.3 RST)
 * @param timeout       connect and answer time limit of one call
 */
public record IdentityMappingSettings(
        String mode,
        String rule,
        String url,
        String uriFormat,
        String truststore,
        String truststorePassword,
        String clientAuth,
        String username,
        String password,
        String keystore,
        String keystorePassword,
        String messageFormat,
        Duration timeout) {

    public static final String MODE = "identityMapping";
    public static final String RULE = "identityMappingRule";
    public static final String URL = "identityMappingServiceUrl";
    public static final String URI_FORMAT = "identityMappingUriFormat";
    public static final String TRUSTSTORE = "identityMappingTruststore";
    public static final String TRUSTSTORE_PASSWORD = "identityMappingTruststorePassword";
    public static final String CLIENT_AUTH = "identityMappingClientAuth";
    public static final String USERNAME = "identityMappingUsername";
    public static final String PASSWORD = "identityMappingPassword";
    public static final String KEYSTORE = "identityMappingKeystore";
    public static final String KEYSTORE_PASSWORD = "identityMappingKeystorePassword";
    public static final String MESSAGE_FORMAT = "identityMappingMessageFormat";
    public static final String TIMEOUT_MILLIS = "identityMappingTimeoutMillis";

    public static final String FEDERATION = "federation";
    public static final String NONE = "none";
    public static final String JAVASCRIPT = "javascript";
    public static final String WEBSERVICE = "webservice";
    public static final List<String> MODES = List.of(FEDERATION, NONE, JAVASCRIPT, WEBSERVICE);
    public static final List<String> CLIENT_AUTHS = List.of("none", "basic", "certificate");
    public static final List<String> FORMATS = List.of("xml", "wstrust");

    private static final String ERROR = "partnerOidc.error.identityMapping.";

    /** Reads the settings; absent values take their defaults. */
    public static IdentityMappingSettings of(Map<String, String> config) {
        long millis;
        try {
            millis = Long.parseLong(get(config, TIMEOUT_MILLIS, "5000"));
        } catch (NumberFormatException e) {
            millis = -1;
        }
        return new IdentityMappingSettings(
                get(config, MODE, FEDERATION),
                get(config, RULE, ""),
                get(config, URL, ""),
                get(config, URI_FORMAT, "https"),
                get(config, TRUSTSTORE, ""),
                get(config, TRUSTSTORE_PASSWORD, ""),
                get(config, CLIENT_AUTH, "none"),
                get(config, USERNAME, ""),
                get(config, PASSWORD, ""),
                get(config, KEYSTORE, ""),
                get(config, KEYSTORE_PASSWORD, ""),
                get(config, MESSAGE_FORMAT, "xml"),
                millis > 0 ? Duration.ofMillis(millis) : Duration.ZERO);
    }

    /** @return the message keys of the violated rules (empty when the settings can be saved) */
    public List<String> problems() {
        return problems(() -> ServerRules.current().ruleNames());
    }

    /** {@link #problems()} with the names of the deployed rules from {@code ruleNames} (read only when needed). */
    public List<String> problems(java.util.function.Supplier<? extends java.util.Set<String>> ruleNames) {
        List<String> problems = new ArrayList<>();
        if (!MODES.contains(mode)) {
            problems.add(ERROR + "mode");
            return problems;
        }
        if (JAVASCRIPT.equals(mode)) {
            if (rule.isEmpty()) {
                problems.add(ERROR + "ruleRequired");
            } else if (!ruleNames.get().contains(rule)) {
                problems.add(ERROR + "ruleUnknown");
            }
        }
        if (WEBSERVICE.equals(mode)) {
            webService(problems);
        }
        return problems;
    }

    private void webService(List<String> problems) {
        String scheme = scheme(url);
        if (scheme == null) {
            problems.add(ERROR + "urlRequired");
        } else if (!scheme.equals(uriFormat)) {
            problems.add(ERROR + "uriFormatMismatch");
        }
        if (!CLIENT_AUTHS.contains(clientAuth)) {
            problems.add(ERROR + "clientAuth");
        } else if (!"none".equals(clientAuth) && !"https".equals(uriFormat)) {
            problems.add(ERROR + "clientAuthNeedsHttps");
        }
        if ("basic".equals(clientAuth) && (username.isEmpty() || password.isEmpty())) {
            problems.add(ERROR + "basicNeedsCredentials");
        }
        if ("certificate".equals(clientAuth) && keystore.isEmpty()) {
            problems.add(ERROR + "certificateNeedsKeystore");
        }
        for (String file : List.of(truststore, keystore)) {
            if (!file.isEmpty()
                    && !io.github.kcpartner.files.PartnerFiles.server().accepts(file)) {
                problems.add(ERROR + "storeUnreadable");
            }
        }
        if (!FORMATS.contains(messageFormat)) {
            problems.add(ERROR + "messageFormat");
        }
        if (timeout.isZero() || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
            problems.add(ERROR + "timeout");
        }
    }

    /**
     * Whether a call would send client credentials (basic or certificate) over plain http: refused at
     * save time ({@code clientAuthNeedsHttps}) and, for a realm imported from JSON, at login.
     */
    boolean credentialsInClear() {
        return !"none".equals(clientAuth) && !"https".equals(scheme(url));
    }

    private static String scheme(String url) {
        if (url.isEmpty()) {
            return null;
        }
        try {
            URI uri = URI.create(url);
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            return uri.getHost() == null || !("http".equals(scheme) || "https".equals(scheme)) ? null : scheme;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String get(Map<String, String> config, String key, String fallback) {
        String value = config == null ? null : config.get(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
