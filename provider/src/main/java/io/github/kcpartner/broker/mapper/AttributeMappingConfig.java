package io.github.kcpartner.broker.mapper;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.keycloak.models.Constants;

/**
 * Typed, read-only view of one attribute mapper's configuration, with the rules that make it
 * usable. {@link #validate()} names the first problem by its admin message key.
 */
public final class AttributeMappingConfig {

    public static final String ATTRIBUTE_NAME = "attributeName";
    public static final String SOURCE_TYPE = "sourceType";
    public static final String FIXED_VALUE = "fixedValue";
    public static final String CREDENTIAL_SOURCE = "credentialSource";
    public static final String CLAIM_PATH = "claimPath";

    /** The {@value #SOURCE_TYPE} values of a fixed value and of a credential claim, and the ID token's {@value #CREDENTIAL_SOURCE}. */
    public static final String SOURCE_FIXED = SourceType.FIXED.configValue();

    public static final String SOURCE_CREDENTIAL = SourceType.CREDENTIAL.configValue();
    public static final String CREDENTIAL_ID_TOKEN = CredentialSource.ID_TOKEN.configValue();
    static final String LDAP_COMPONENT = "ldapComponent";
    static final String LDAP_URL = "ldapUrl";
    static final String LDAP_BIND_DN = "ldapBindDn";
    /** Legacy: a vault reference typed into the mapper; still read, no longer on the form. */
    static final String LDAP_BIND_CREDENTIAL = "ldapBindCredential";
    /** The name of the vault entry with the bind password (a name, never a secret). */
    static final String LDAP_BIND_CREDENTIAL_VAULT_KEY = "ldapBindCredentialVaultKey";

    static final String LDAP_SEARCH_BASE = "ldapSearchBase";
    static final String LDAP_FILTER = "ldapFilter";
    static final String LDAP_ATTRIBUTE = "ldapAttribute";
    static final String LDAP_CONNECT_TIMEOUT = "ldapConnectTimeout";
    static final String LDAP_READ_TIMEOUT = "ldapReadTimeout";
    static final String LDAP_START_TLS = "ldapStartTls";
    static final String LDAP_ALLOW_PLAIN = "ldapAllowPlain";

    static final int DEFAULT_TIMEOUT_MS = 5000;
    static final int MAX_TIMEOUT_MS = 60000;

    /** Mapped to the user's own fields, like Keycloak's attribute importer; everything else is an attribute. */
    static final List<String> USER_FIELDS = List.of("email", "firstName", "lastName");

    private final Map<String, String> config;

    AttributeMappingConfig(Map<String, String> config) {
        this.config = config == null ? Map.of() : config;
    }

    String attributeName() {
        return trimmed(ATTRIBUTE_NAME);
    }

    /** {@code email}, {@code firstName} or {@code lastName} when the target is a user field, else null. */
    String userField() {
        String name = attributeName();
        return USER_FIELDS.stream()
                .filter(f -> f.equalsIgnoreCase(name))
                .findFirst()
                .orElse(null);
    }

    SourceType sourceType() {
        return SourceType.fromConfig(config.get(SOURCE_TYPE));
    }

    /** The fixed values: one, or several separated by {@code ##} (the admin console's multivalued form). */
    List<String> fixedValues() {
        String value = config.get(FIXED_VALUE);
        if (value == null || value.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(Constants.CFG_DELIMITER_PATTERN.split(value))
                .filter(v -> !v.isEmpty())
                .toList();
    }

    CredentialSource credentialSource() {
        return CredentialSource.fromConfig(
                config.getOrDefault(CREDENTIAL_SOURCE, CredentialSource.ID_TOKEN.configValue()));
    }

    ClaimPath claimPath() {
        return ClaimPath.parse(config.get(CLAIM_PATH));
    }

    String ldapComponent() {
        return trimmed(LDAP_COMPONENT);
    }

    String ldapUrl() {
        return trimmed(LDAP_URL);
    }

    String ldapBindDn() {
        return trimmed(LDAP_BIND_DN);
    }

    /**
     * The bind credential as a vault reference, resolved at use. The form asks only for the vault
     * entry's name ({@value #LDAP_BIND_CREDENTIAL_VAULT_KEY}), so no secret is typed into (and
     * exported with) the mapper: Keycloak shows identity-provider mapper settings in clear, writes
     * them into realm exports, and offers no save-time hook for them. A legacy
     * {@value #LDAP_BIND_CREDENTIAL} must be a vault reference; a plain value is never used.
     */
    String ldapBindCredential() {
        String key = trimmed(LDAP_BIND_CREDENTIAL_VAULT_KEY);
        if (key != null) {
            if (!key.matches("[A-Za-z0-9_.-]{1,128}")) {
                throw new AttributeMappingConfigException(
                        "partnerAttributeMapper.error.ldapBindCredentialVaultKeyInvalid");
            }
            return "${vault." + key + "}";
        }
        String value = config.get(LDAP_BIND_CREDENTIAL);
        if (value != null && !value.isEmpty() && !io.github.kcpartner.vault.VaultSecrets.isReference(value)) {
            throw new AttributeMappingConfigException("partnerAttributeMapper.error.ldapBindCredentialNeedsVault");
        }
        return value;
    }

    String ldapSearchBase() {
        return trimmed(LDAP_SEARCH_BASE);
    }

    LdapFilterTemplate ldapFilter() {
        return LdapFilterTemplate.parse(config.get(LDAP_FILTER));
    }

    String ldapAttribute() {
        return trimmed(LDAP_ATTRIBUTE);
    }

    /** Explicit timeout in ms, or null to take the LDAP component's (or the default). */
    /** StartTLS on the mapper's own {@code ldap://} connection. */
    boolean ldapStartTls() {
        return "true".equalsIgnoreCase(trimmed(LDAP_START_TLS));
    }

    /** Plain {@code ldap://} without StartTLS is refused unless this is set (the bind credential would travel in clear). */
    boolean ldapAllowPlain() {
        return "true".equalsIgnoreCase(trimmed(LDAP_ALLOW_PLAIN));
    }

    Integer ldapConnectTimeout() {
        return millis(LDAP_CONNECT_TIMEOUT);
    }

    Integer ldapReadTimeout() {
        return millis(LDAP_READ_TIMEOUT);
    }

    /** @throws AttributeMappingConfigException naming the first problem */
    void validate() {
        String name = attributeName();
        require(name != null, "partnerAttributeMapper.error.attributeNameRequired");
        require(!"username".equalsIgnoreCase(name), "partnerAttributeMapper.error.attributeNameUsername");
        SourceType type = parse(this::sourceType, "partnerAttributeMapper.error.sourceTypeUnknown");
        switch (type) {
            case FIXED -> require(!fixedValues().isEmpty(), "partnerAttributeMapper.error.fixedValueRequired");
            case CREDENTIAL -> {
                parse(this::credentialSource, "partnerAttributeMapper.error.credentialSourceUnknown");
                parse(this::claimPath, "partnerAttributeMapper.error.claimPathInvalid");
            }
            case LDAP -> validateLdap();
        }
    }

    private void validateLdap() {
        String component = ldapComponent();
        String url = ldapUrl();
        require(component != null || url != null, "partnerAttributeMapper.error.ldapConnectionRequired");
        require(component == null || url == null, "partnerAttributeMapper.error.ldapConnectionAmbiguous");
        if (url != null) {
            for (String one : url.split("\\s+")) {
                require(
                        one.startsWith("ldap://") || one.startsWith("ldaps://"),
                        "partnerAttributeMapper.error.ldapUrlInvalid");
                require(
                        !one.startsWith("ldap://") || ldapStartTls() || ldapAllowPlain(),
                        "partnerAttributeMapper.error.ldapPlainRefused");
            }
            require(ldapSearchBase() != null, "partnerAttributeMapper.error.ldapSearchBaseRequired");
        }
        require(
                config.get(LDAP_FILTER) != null && !config.get(LDAP_FILTER).isBlank(),
                "partnerAttributeMapper.error.ldapFilterRequired");
        parse(this::ldapFilter, "partnerAttributeMapper.error.ldapFilterInvalid");
        require(ldapAttribute() != null, "partnerAttributeMapper.error.ldapAttributeRequired");
        parse(this::ldapConnectTimeout, "partnerAttributeMapper.error.ldapTimeoutInvalid");
        parse(this::ldapReadTimeout, "partnerAttributeMapper.error.ldapTimeoutInvalid");
    }

    private Integer millis(String key) {
        String value = trimmed(key);
        if (value == null) {
            return null;
        }
        int millis = Integer.parseInt(value);
        if (millis < 1 || millis > MAX_TIMEOUT_MS) {
            throw new IllegalArgumentException(key + " out of range");
        }
        return millis;
    }

    private String trimmed(String key) {
        String value = config.get(key);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static void require(boolean condition, String messageKey) {
        if (!condition) {
            throw new AttributeMappingConfigException(messageKey);
        }
    }

    private static <T> T parse(java.util.function.Supplier<T> parser, String messageKey) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new AttributeMappingConfigException(messageKey);
        }
    }
}
