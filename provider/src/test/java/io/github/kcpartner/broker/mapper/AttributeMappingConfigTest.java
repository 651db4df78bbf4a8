package io.github.kcpartner.broker.mapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AttributeMappingConfigTest {

    private static Map<String, String> ldap() {
        Map<String, String> config = new HashMap<>();
        config.put("attributeName", "department");
        config.put("sourceType", "ldap");
        config.put("ldapUrl", "ldap://127.0.0.1:389");
        config.put("ldapStartTls", "true");
        config.put("ldapSearchBase", "ou=people,dc=example,dc=org");
        config.put("ldapFilter", "(mail=${claim.idToken.email})");
        config.put("ldapAttribute", "departmentNumber");
        return config;
    }

    private static void assertRefused(Map<String, String> config, String key) {
        assertThatThrownBy(() -> new AttributeMappingConfig(config).validate())
                .isInstanceOf(AttributeMappingConfigException.class)
                .hasMessage("partnerAttributeMapper.error." + key);
    }

    @Test
    @DisplayName("given complete configurations of each source, then they are accepted")
    void valid() {
        assertThatCode(() -> new AttributeMappingConfig(
                                Map.of("attributeName", "tier", "sourceType", "fixed", "fixedValue", "gold##silver"))
                        .validate())
                .doesNotThrowAnyException();
        assertThatCode(() -> new AttributeMappingConfig(Map.of(
                                "attributeName",
                                "country",
                                "sourceType",
                                "credential",
                                "credentialSource",
                                "userinfo",
                                "claimPath",
                                "address.country"))
                        .validate())
                .doesNotThrowAnyException();
        assertThatCode(() -> new AttributeMappingConfig(ldap()).validate()).doesNotThrowAnyException();
        Map<String, String> viaComponent = ldap();
        viaComponent.remove("ldapUrl");
        viaComponent.remove("ldapSearchBase");
        viaComponent.put("ldapComponent", "corporate-ldap");
        assertThatCode(() -> new AttributeMappingConfig(viaComponent).validate())
                .doesNotThrowAnyException();
    }

    @Test
    @DisplayName("given a multi-valued fixed value, then each value; email maps to the user field")
    void typedGetters() {
        AttributeMappingConfig config = new AttributeMappingConfig(
                Map.of("attributeName", "EMAIL", "sourceType", "FIXED", "fixedValue", "a##b"));
        assertThat(config.fixedValues()).containsExactly("a", "b");
        assertThat(config.userField()).isEqualTo("email");
        assertThat(config.sourceType()).isEqualTo(SourceType.FIXED);
        assertThat(new AttributeMappingConfig(Map.of("claimPath", "x")).credentialSource())
                .isEqualTo(CredentialSource.ID_TOKEN);
    }

    @Test
    @DisplayName("given a missing or reserved attribute name or an unknown source, then refused")
    void basics() {
        assertRefused(Map.of("sourceType", "fixed", "fixedValue", "x"), "attributeNameRequired");
        assertRefused(
                Map.of("attributeName", "username", "sourceType", "fixed", "fixedValue", "x"), "attributeNameUsername");
        assertRefused(Map.of("attributeName", "a", "sourceType", "script"), "sourceTypeUnknown");
        assertRefused(Map.of("attributeName", "a"), "sourceTypeUnknown");
        assertRefused(Map.of("attributeName", "a", "sourceType", "fixed"), "fixedValueRequired");
    }

    @Test
    @DisplayName("given a bad credential source or claim path, then refused")
    void credential() {
        assertRefused(
                Map.of(
                        "attributeName",
                        "a",
                        "sourceType",
                        "credential",
                        "credentialSource",
                        "accessToken",
                        "claimPath",
                        "x"),
                "credentialSourceUnknown");
        assertRefused(
                Map.of("attributeName", "a", "sourceType", "credential", "claimPath", "a..b"), "claimPathInvalid");
        assertRefused(Map.of("attributeName", "a", "sourceType", "credential"), "claimPathInvalid");
    }

    @Test
    @DisplayName(
            "given LDAP without connection, with two, a bad URL, a filter without base, a bad filter, no attribute or bad timeouts, then refused")
    void ldapRules() {
        Map<String, String> config = ldap();
        config.remove("ldapUrl");
        assertRefused(config, "ldapConnectionRequired");
        config = ldap();
        config.put("ldapComponent", "x");
        assertRefused(config, "ldapConnectionAmbiguous");
        config = ldap();
        config.put("ldapUrl", "http://x");
        assertRefused(config, "ldapUrlInvalid");
        config = ldap();
        config.remove("ldapSearchBase");
        assertRefused(config, "ldapSearchBaseRequired");
        config = ldap();
        config.remove("ldapStartTls");
        assertRefused(config, "ldapPlainRefused");
        config.put("ldapAllowPlain", "true");
        new AttributeMappingConfig(config).validate();
        config = ldap();
        config.remove("ldapStartTls");
        config.put("ldapUrl", "ldaps://127.0.0.1:636");
        new AttributeMappingConfig(config).validate();
        config = ldap();
        config.remove("ldapFilter");
        assertRefused(config, "ldapFilterRequired");
        config = ldap();
        config.put("ldapFilter", "(mail=${claim.accessToken.email})");
        assertRefused(config, "ldapFilterInvalid");
        config = ldap();
        config.remove("ldapAttribute");
        assertRefused(config, "ldapAttributeRequired");
        config = ldap();
        config.put("ldapConnectTimeout", "soon");
        assertRefused(config, "ldapTimeoutInvalid");
        config = ldap();
        config.put("ldapReadTimeout", "0");
        assertRefused(config, "ldapTimeoutInvalid");
    }

    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.DisplayName(
            "given the bind credential as a vault entry name, then it is read as that vault reference; a name with other characters is refused")
    void bindCredentialVaultKey() {
        Map<String, String> config = ldap();
        config.remove("ldapBindCredential");
        config.put("ldapBindCredentialVaultKey", "ldap_bind");
        assertThat(new AttributeMappingConfig(config).ldapBindCredential()).isEqualTo("${vault.ldap_bind}");
        config.put("ldapBindCredentialVaultKey", "x}${env.HOME");
        assertThatThrownBy(() -> new AttributeMappingConfig(config).ldapBindCredential())
                .hasMessage("partnerAttributeMapper.error.ldapBindCredentialVaultKeyInvalid");
    }
}
