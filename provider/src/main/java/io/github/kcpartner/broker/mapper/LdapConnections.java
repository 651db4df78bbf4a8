package io.github.kcpartner.broker.mapper;

import io.github.kcpartner.vault.VaultSecrets;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.net.ssl.SSLSocketFactory;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.storage.UserStorageProvider;
import org.keycloak.truststore.TruststoreProvider;

/**
 * The LDAP connection of a mapper: either borrowed from one of the realm's LDAP user-federation
 * components (by id or by name: its connection URL, bind DN and credential, StartTLS and
 * truststore settings, users DN as the default base and the limit of any base, its timeouts), or
 * the mapper's own settings. Bind credentials go through Keycloak's vault ({@code ${vault.key}}).
 */
final class LdapConnections {

    static final String LDAP_PROVIDER_ID = "ldap";

    private LdapConnections() {}

    /** @throws AttributeMappingConfigException when the named component is not an LDAP component of the realm */
    static LdapConnection resolve(KeycloakSession session, RealmModel realm, AttributeMappingConfig config) {
        String componentRef = config.ldapComponent();
        if (componentRef == null) {
            return new LdapConnection(
                    config.ldapUrl(),
                    config.ldapBindDn(),
                    secret(session, config.ldapBindCredential()),
                    config.ldapSearchBase(),
                    timeout(config.ldapConnectTimeout(), null),
                    timeout(config.ldapReadTimeout(), null),
                    config.ldapStartTls(),
                    config.ldapAllowPlain(),
                    keycloakTrust(session));
        }
        ComponentModel component = component(realm, componentRef);
        boolean anonymous = "none".equalsIgnoreCase(component.get("authType"));
        String usersDn = component.get("usersDn");
        String base = config.ldapSearchBase() != null ? config.ldapSearchBase() : usersDn;
        if (!within(base, usersDn)) {
            throw new AttributeMappingConfigException("partnerAttributeMapper.error.ldapBaseOutsideUsersDn");
        }
        boolean truststoreSpi = !"never".equalsIgnoreCase(component.get("useTruststoreSpi"));
        return new LdapConnection(
                component.get("connectionUrl"),
                anonymous ? null : component.get("bindDn"),
                anonymous ? null : secret(session, component.get("bindCredential")),
                base,
                timeout(config.ldapConnectTimeout(), component.get("connectionTimeout")),
                timeout(config.ldapReadTimeout(), component.get("readTimeout")),
                "true".equalsIgnoreCase(component.get("startTls")),
                config.ldapAllowPlain(),
                truststoreSpi ? keycloakTrust(session) : null);
    }

    /** Whether {@code base} is {@code usersDn} or below it (compared as DNs, not as text). */
    static boolean within(String base, String usersDn) {
        if (usersDn == null || usersDn.isBlank()) {
            return false;
        }
        try {
            return new LdapName(base).startsWith(new LdapName(usersDn));
        } catch (InvalidNameException | RuntimeException e) {
            return false;
        }
    }

    /** Keycloak's truststore (its {@code truststore} SPI), or {@code null} for the JVM default. */
    private static SSLSocketFactory keycloakTrust(KeycloakSession session) {
        TruststoreProvider truststore = session.getProvider(TruststoreProvider.class);
        return truststore == null ? null : truststore.getSSLSocketFactory();
    }

    static ComponentModel component(RealmModel realm, String ref) {
        return realm.getComponentsStream(realm.getId(), UserStorageProvider.class.getName())
                .filter(c -> LDAP_PROVIDER_ID.equals(c.getProviderId()))
                .filter(c -> ref.equals(c.getId()) || ref.equals(c.getName()))
                .findFirst()
                .orElseThrow(
                        () -> new AttributeMappingConfigException("partnerAttributeMapper.error.ldapComponentUnknown"));
    }

    private static int timeout(Integer own, String component) {
        if (own != null) {
            return own;
        }
        try {
            if (component != null && !component.isBlank() && Integer.parseInt(component.trim()) > 0) {
                return Integer.parseInt(component.trim());
            }
        } catch (NumberFormatException e) {
            // the component's own validation owns this value; fall back to the default
        }
        return AttributeMappingConfig.DEFAULT_TIMEOUT_MS;
    }

    private static String secret(KeycloakSession session, String value) {
        String resolved = VaultSecrets.resolve(session, value);
        return resolved.isEmpty() ? null : resolved;
    }
}
