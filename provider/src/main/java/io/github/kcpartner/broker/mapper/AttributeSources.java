package io.github.kcpartner.broker.mapper;

import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** Computes a mapper's values for one login from its source: fixed, credential or LDAP. */
final class AttributeSources {

    private static final Logger LOG = Logger.getLogger(AttributeSources.class);

    private AttributeSources() {}

    /**
     * @throws AttributeMappingConfigException for a configuration that cannot work
     * @throws LdapDirectory.LdapLookupException when the LDAP lookup fails or is not unique
     * @throws LdapFilterTemplate.AmbiguousValueException when a filter placeholder has several values
     */
    static List<String> values(
            KeycloakSession session, RealmModel realm, AttributeMappingConfig config, LoginClaims claims) {
        return switch (config.sourceType()) {
            case FIXED -> config.fixedValues();
            case CREDENTIAL -> claims.values(config.credentialSource(), config.claimPath());
            case LDAP -> ldap(session, realm, config, claims);
        };
    }

    private static List<String> ldap(
            KeycloakSession session, RealmModel realm, AttributeMappingConfig config, LoginClaims claims) {
        Optional<String> filter = config.ldapFilter().render(claims);
        if (filter.isEmpty()) {
            LOG.debugf("attribute %s: a filter placeholder has no value, no LDAP lookup", config.attributeName());
            return List.of();
        }
        LdapConnection connection = LdapConnections.resolve(session, realm, config);
        if (connection.url() == null || connection.defaultBase() == null) {
            throw new AttributeMappingConfigException("partnerAttributeMapper.error.ldapSearchBaseRequired");
        }
        LOG.debugf(
                "attribute %s: LDAP search at %s under %s",
                config.attributeName(), connection.url(), connection.defaultBase());
        return LdapDirectory.lookup(connection, connection.defaultBase(), filter.get(), config.ldapAttribute());
    }
}
