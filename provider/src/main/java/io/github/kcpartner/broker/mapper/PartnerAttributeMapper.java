package io.github.kcpartner.broker.mapper;

import io.github.kcpartner.broker.login.PartnerLoginException;
import io.github.kcpartner.broker.partner.PartnerOidcIdentityProviderFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.broker.provider.AbstractIdentityProviderMapper;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.IdentityProviderMapperSyncModeDelegate;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderSyncMode;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * ISVA's "attribute mapping" for partner-oidc: a user attribute (or email, first name, last
 * name) from a fixed value, a claim of the partner's credential, or an LDAP lookup.
 *
 * <p>Values are computed in {@link #preprocessFederatedIdentity}, before Keycloak creates or
 * updates any user, so a failing source (LDAP down, ambiguous entry) fails the login with
 * reason {@code attribute_mapping_failed} and nothing written. They travel in the brokered
 * context (surviving first-broker-login) and are written by {@link #importNewUser} for a new user
 * and by {@link #updateBrokeredUser} for a returning one when the effective sync mode is FORCE or
 * LEGACY, as Keycloak's own attribute importers do. With IMPORT, a returning user's values are
 * not even computed.
 */
public final class PartnerAttributeMapper extends AbstractIdentityProviderMapper {

    public static final String PROVIDER_ID = "partner-oidc-attribute-mapper";
    static final String[] COMPATIBLE_PROVIDERS = {
        PartnerOidcIdentityProviderFactory.PROVIDER_ID, PartnerOidcIdentityProviderFactory.LEGACY_PROVIDER_ID
    };
    static final String FAILED = "attribute_mapping_failed";
    static final String CONFIG_INVALID = "attribute_mapping_config_invalid";
    /** Context data key prefix of the values one mapper computed for this login (a list of strings). */
    static final String VALUES_KEY = "partner-oidc.attributeMapper.";

    private static final Logger LOG = Logger.getLogger(PartnerAttributeMapper.class);
    private static final Set<IdentityProviderSyncMode> SYNC_MODES = Set.of(IdentityProviderSyncMode.values());

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String[] getCompatibleProviders() {
        return COMPATIBLE_PROVIDERS.clone();
    }

    @Override
    public String getDisplayCategory() {
        return "Attribute Importer";
    }

    @Override
    public String getDisplayType() {
        return "Partner attribute";
    }

    @Override
    public String getHelpText() {
        return "Sets a user attribute (or email, first name, last name) from a fixed value, a claim of the partner credential, or an LDAP lookup.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return AttributeMappingConfigProperties.PROPERTIES;
    }

    @Override
    public boolean supportsSyncMode(IdentityProviderSyncMode syncMode) {
        return SYNC_MODES.contains(syncMode);
    }

    @Override
    public void preprocessFederatedIdentity(
            KeycloakSession session,
            RealmModel realm,
            IdentityProviderMapperModel mapper,
            BrokeredIdentityContext context) {
        AttributeMappingConfig config = validConfig(mapper);
        if (importOnlyForKnownUser(session, realm, mapper, context)) {
            LOG.debugf("mapper %s: sync mode IMPORT and a known user, nothing to compute", mapper.getName());
            return;
        }
        List<String> values;
        try {
            values = AttributeSources.values(session, realm, config, LoginClaims.of(context));
        } catch (AttributeMappingConfigException e) {
            throw misconfigured(mapper, e);
        } catch (LdapDirectory.LdapLookupException | LdapFilterTemplate.AmbiguousValueException e) {
            LOG.warnf(
                    "partner %s, attribute mapper %s: %s",
                    context.getIdpConfig().getAlias(), mapper.getName(), e.getMessage());
            throw new PartnerLoginException(
                    FAILED, "attribute mapper " + mapper.getName() + ": " + e.getMessage(), null);
        }
        context.getContextData().put(VALUES_KEY + mapper.getId(), new ArrayList<>(values));
        String field = config.userField();
        if (field == null) {
            if (!values.isEmpty()) {
                context.setUserAttribute(config.attributeName(), new ArrayList<>(values));
            }
        } else if (!values.isEmpty()) {
            switch (field) {
                case "email" -> context.setEmail(values.get(0));
                case "firstName" -> context.setFirstName(values.get(0));
                default -> context.setLastName(values.get(0));
            }
        }
    }

    @Override
    public void importNewUser(
            KeycloakSession session,
            RealmModel realm,
            UserModel user,
            IdentityProviderMapperModel mapper,
            BrokeredIdentityContext context) {
        List<String> values = computed(mapper, context);
        if (values != null && !values.isEmpty()) {
            UserValues.write(user, new AttributeMappingConfig(mapper.getConfig()), values);
        }
    }

    @Override
    public void updateBrokeredUser(
            KeycloakSession session,
            RealmModel realm,
            UserModel user,
            IdentityProviderMapperModel mapper,
            BrokeredIdentityContext context) {
        List<String> values = computed(mapper, context);
        if (values != null) {
            UserValues.write(user, new AttributeMappingConfig(mapper.getConfig()), values);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> computed(IdentityProviderMapperModel mapper, BrokeredIdentityContext context) {
        Object values = context.getContextData().get(VALUES_KEY + mapper.getId());
        return values instanceof List<?> list ? (List<String>) list : null;
    }

    private static AttributeMappingConfig validConfig(IdentityProviderMapperModel mapper) {
        AttributeMappingConfig config = new AttributeMappingConfig(mapper.getConfig());
        try {
            config.validate();
        } catch (AttributeMappingConfigException e) {
            throw misconfigured(mapper, e);
        }
        return config;
    }

    private static PartnerLoginException misconfigured(
            IdentityProviderMapperModel mapper, AttributeMappingConfigException e) {
        LOG.warnf(
                "attribute mapper %s of %s is misconfigured: %s",
                mapper.getName(), mapper.getIdentityProviderAlias(), e.messageKey());
        return new PartnerLoginException(
                CONFIG_INVALID, "attribute mapper " + mapper.getName() + " is misconfigured: " + e.messageKey(), null);
    }

    /** IMPORT (own or inherited) never touches a user that exists already: no lookup needed. */
    private static boolean importOnlyForKnownUser(
            KeycloakSession session,
            RealmModel realm,
            IdentityProviderMapperModel mapper,
            BrokeredIdentityContext context) {
        IdentityProviderSyncMode idpMode =
                Objects.requireNonNullElse(context.getIdpConfig().getSyncMode(), IdentityProviderSyncMode.LEGACY);
        if (IdentityProviderMapperSyncModeDelegate.combineIdpAndMapperSyncMode(idpMode, mapper.getSyncMode())
                != IdentityProviderSyncMode.IMPORT) {
            return false;
        }
        FederatedIdentityModel link =
                new FederatedIdentityModel(context.getIdpConfig().getAlias(), context.getId(), context.getUsername());
        return session.users().getUserByFederatedIdentity(realm, link) != null;
    }
}
