package io.github.kcpartner.jims.flow;

import io.github.kcpartner.jims.client.IdentityRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.storage.StorageId;
import org.keycloak.userprofile.UserProfileProvider;

/**
 * The one Keycloak user a JIMS identity stands for, or why there is none. Never by bare name:
 * <ul>
 *   <li>without a user attribute: the user that this {@code jims} federation itself serves for
 *       the identity (its federation link), and only while no other user of the realm (local,
 *       LDAP, another federation) has the same username;</li>
 *   <li>with a user attribute: the user whose attribute holds the domain-qualified name
 *       ({@code alice@corp.example.com} or <code>corp.example.com&#92;alice</code>, lower case),
 *       only when users cannot edit that attribute themselves (the realm's user profile).</li>
 * </ul>
 * More than one candidate is no user ({@code ambiguous_user}).
 */
final class IdentityBinding {

    private static final Logger LOG = Logger.getLogger(IdentityBinding.class);

    static final String NO_USER = "no_keycloak_user";
    static final String AMBIGUOUS = "ambiguous_user";
    static final String USER_EDITABLE = "attribute_user_editable";

    /**
     * @param user    the bound user, or {@code null}
     * @param refusal why there is none ({@link #NO_USER}, {@link #AMBIGUOUS}, {@link #USER_EDITABLE}), else {@code null}
     */
    record Binding(UserModel user, String refusal) {
        boolean bound() {
            return user != null;
        }

        /** Whether {@code candidate} is the bound user. */
        boolean is(UserModel candidate) {
            return user != null && candidate != null && user.getId().equals(candidate.getId());
        }
    }

    private IdentityBinding() {}

    static Binding of(
            KeycloakSession session, RealmModel realm, NetworkIdentitySettings settings, NetworkLookup.Result found) {
        IdentityRecord record = found.record();
        if (settings.userAttribute().isEmpty()) {
            return federationUser(session, realm, found);
        }
        String attribute = settings.userAttribute();
        if (userEditable(session, attribute)) {
            LOG.debugf("user attribute %s is editable by users: no binding by it", attribute);
            return new Binding(null, USER_EDITABLE);
        }
        if (record.domain().isEmpty()) {
            return new Binding(null, NO_USER); // no domain: no domain-qualified name to compare
        }
        String wanted = settings.attributeValue(record.domain(), record.user());
        Map<String, UserModel> candidates = new LinkedHashMap<>();
        session.users()
                .searchForUserByUserAttributeStream(realm, attribute, wanted)
                .filter(u ->
                        u.getAttributeStream(attribute).anyMatch(v -> v.trim().equalsIgnoreCase(wanted)))
                .forEach(u -> candidates.putIfAbsent(u.getId(), u));
        return single(candidates);
    }

    /** The federation's own user for the identity, unless another user of the realm has its username. */
    private static Binding federationUser(KeycloakSession session, RealmModel realm, NetworkLookup.Result found) {
        String componentId = found.componentId();
        UserModel own = session.users().getUserById(realm, new StorageId(componentId, found.username()).getId());
        if (own == null || !(componentId.equals(own.getFederationLink()) || fromFederation(own, componentId))) {
            return new Binding(null, NO_USER);
        }
        UserModel byName = session.users().getUserByUsername(realm, found.username());
        if (byName != null && !byName.getId().equals(own.getId())) {
            LOG.debugf("username %s is also another user's: no binding", found.username());
            return new Binding(null, AMBIGUOUS);
        }
        return new Binding(own, null);
    }

    /** A user a storage provider serves directly has no federation link; its id names the component. */
    private static boolean fromFederation(UserModel user, String componentId) {
        return componentId.equals(StorageId.providerId(user.getId()));
    }

    private static Binding single(Map<String, UserModel> candidates) {
        if (candidates.isEmpty()) {
            return new Binding(null, NO_USER);
        }
        if (candidates.size() > 1) {
            return new Binding(null, AMBIGUOUS);
        }
        return new Binding(candidates.values().iterator().next(), null);
    }

    /**
     * Whether users may set {@code attribute} on themselves (account console, registration): then
     * anyone could claim any identity. Declared attributes: edit permission for {@code user};
     * undeclared ones: the realm's unmanaged-attribute policy {@code ENABLED}. A user profile that
     * cannot be read counts as editable (the check fails closed).
     */
    static boolean userEditable(KeycloakSession session, String attribute) {
        try {
            UserProfileProvider profiles = session.getProvider(UserProfileProvider.class);
            UPConfig config = profiles == null ? null : profiles.getConfiguration();
            if (config == null) {
                return true;
            }
            UPAttribute declared = config.getAttribute(attribute);
            if (declared != null) {
                // no permissions: only administrators edit it
                return declared.getPermissions() != null
                        && declared.getPermissions().getEdit() != null
                        && declared.getPermissions().getEdit().contains("user");
            }
            return config.getUnmanagedAttributePolicy() == UPConfig.UnmanagedAttributePolicy.ENABLED;
        } catch (RuntimeException e) {
            LOG.debugf("cannot read the user profile: %s", e.toString());
            return true;
        }
    }
}
