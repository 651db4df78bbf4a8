package io.github.kcpartner.jims.storage;

import io.github.kcpartner.jims.client.IdentityRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.credential.UserCredentialManager;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelValidationException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SubjectCredentialManager;
import org.keycloak.models.UserModel;
import org.keycloak.storage.StorageId;
import org.keycloak.storage.adapter.AbstractUserAdapter;
import org.keycloak.storage.federated.UserFederatedStorageProvider;

/**
 * A read-only Keycloak user for one JIMS identity, built from its table records (newest first):
 * attributes {@code jims.domain}, {@code jims.ips}, {@code jims.device}, {@code jims.deviceGroups},
 * {@code jims.lastSeen}; JIMS groups as memberships of subgroups of the parent group (read only).
 *
 * <p>Groups: besides the JIMS ones, an administrator may put the user into any group (for example
 * the network sign-in opt-out group {@code no-network-sign-in}). Those memberships are kept in
 * Keycloak's federated user storage under the user's id ({@code f:<component>:<username>}), so they
 * outlive the table entry and come back with the user. Leaving a group JIMS reports is refused
 * ({@link ModelValidationException}: 400 in the admin API): JIMS would report it again.
 */
final class JimsUserAdapter extends AbstractUserAdapter.Streams {

    static final String DOMAIN = "jims.domain";
    static final String IPS = "jims.ips";
    static final String DEVICE = "jims.device";
    static final String DEVICE_GROUPS = "jims.deviceGroups";
    static final String LAST_SEEN = "jims.lastSeen";

    private final String username;
    private final IdentityRecord newest;
    private final List<String> ips;
    private final String parentGroup;

    JimsUserAdapter(
            KeycloakSession session,
            RealmModel realm,
            ComponentModel model,
            String username,
            List<IdentityRecord> records,
            String parentGroup) {
        super(session, realm, model);
        this.username = username;
        this.newest = records.get(0);
        this.ips = records.stream().map(IdentityRecord::ip).distinct().toList();
        this.parentGroup = parentGroup;
        this.storageId = new StorageId(model.getId(), username);
        this.created = newest.timestamp().toEpochMilli();
    }

    @Override
    public SubjectCredentialManager credentialManager() {
        return new UserCredentialManager(session, realm, this);
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public Map<String, List<String>> getAttributes() {
        MultivaluedHashMap<String, String> a = new MultivaluedHashMap<>();
        a.add(UserModel.USERNAME, username);
        a.add(DOMAIN, newest.domain());
        a.put(IPS, new ArrayList<>(ips));
        if (!newest.deviceName().isEmpty()) {
            a.add(DEVICE, newest.deviceName());
        }
        if (!newest.deviceGroups().isEmpty()) {
            a.put(DEVICE_GROUPS, new ArrayList<>(newest.deviceGroups()));
        }
        a.add(LAST_SEEN, newest.timestamp().toString());
        return a;
    }

    @Override
    public String getFirstAttribute(String name) {
        List<String> v = getAttributes().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    @Override
    public Stream<String> getAttributeStream(String name) {
        List<String> v = getAttributes().get(name);
        return v == null ? Stream.empty() : v.stream();
    }

    /** The JIMS groups and the groups an administrator added (federated storage). */
    @Override
    protected Set<GroupModel> getGroupsInternal() {
        Set<GroupModel> out = new HashSet<>(jimsGroups());
        federated().getGroupsStream(realm, getId()).forEach(out::add);
        return out;
    }

    /** An administrator adds the user to {@code group}: stored in Keycloak's federated storage. */
    @Override
    public void joinGroup(GroupModel group) {
        federated().joinGroup(realm, getId(), group);
    }

    /**
     * Removes a membership an administrator added; a membership that JIMS reports is refused (JIMS
     * would report it again), nothing changes then.
     */
    @Override
    public void leaveGroup(GroupModel group) {
        if (jimsGroups().stream().anyMatch(g -> g.getId().equals(group.getId()))) {
            throw new ModelValidationException(
                    "The membership in " + group.getName() + " comes from JIMS and cannot be removed here");
        }
        federated().leaveGroup(realm, getId(), group);
    }

    private UserFederatedStorageProvider federated() {
        return org.keycloak.storage.UserStorageUtil.userFederatedStorage(session);
    }

    /**
     * The subgroups of the parent group named like the identity's JIMS groups. Only reads: the
     * groups are created when identities are imported ({@link JimsGroupSync}); one not created
     * yet is left out.
     */
    private Set<GroupModel> jimsGroups() {
        if (newest.groups().isEmpty()) {
            return Collections.emptySet();
        }
        GroupModel parent = JimsGroups.parent(session, realm, parentGroup).orElse(null);
        if (parent == null) {
            return Collections.emptySet();
        }
        Set<GroupModel> out = new HashSet<>();
        for (String g : new LinkedHashSet<>(newest.groups())) {
            JimsGroups.child(parent, g).ifPresent(out::add);
        }
        return out;
    }

    @Override
    protected boolean appendDefaultGroups() {
        return false;
    }
}
