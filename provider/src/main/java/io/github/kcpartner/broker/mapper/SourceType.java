package io.github.kcpartner.broker.mapper;

/** ISVA's attribute sources: a fixed value, a value from the partner's credential, or an LDAP lookup. */
enum SourceType {
    FIXED,
    CREDENTIAL,
    LDAP;

    String configValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static SourceType fromConfig(String value) {
        for (SourceType type : values()) {
            if (type.configValue().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown source type " + value);
    }
}
