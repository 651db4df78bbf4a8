package io.github.kcpartner.broker.mapper;

import java.util.Locale;

/** Where a credential value is read: the validated ID token, the userinfo answer, or Keycloak's brokered identity. */
enum CredentialSource {
    ID_TOKEN("idToken"),
    USERINFO("userinfo"),
    IDENTITY("identity");

    private final String configValue;

    CredentialSource(String configValue) {
        this.configValue = configValue;
    }

    String configValue() {
        return configValue;
    }

    static CredentialSource fromConfig(String value) {
        for (CredentialSource source : values()) {
            if (source.configValue.equalsIgnoreCase(value == null ? "" : value.trim())) {
                return source;
            }
        }
        throw new IllegalArgumentException("unknown credential source " + value);
    }

    @Override
    public String toString() {
        return configValue.toLowerCase(Locale.ROOT);
    }
}
