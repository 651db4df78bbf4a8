package io.github.kcpartner.jims.storage;

import java.util.Collection;
import java.util.Optional;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The JIMS group tree of a realm: a top-level parent group with one subgroup per JIMS group.
 * Reading ({@link #parent}, {@link #child}) never writes; {@link #ensure} creates what is missing
 * and is called only where identities are imported (batch cycles and IP-query answers), in a
 * transaction of its own.
 */
final class JimsGroups {

    private JimsGroups() {}

    /** The parent group, if it exists. */
    static Optional<GroupModel> parent(KeycloakSession session, RealmModel realm, String name) {
        return session.groups()
                .getTopLevelGroupsStream(realm, name, true, null, null)
                .filter(x -> x.getName().equals(name))
                .findFirst();
    }

    /** The subgroup {@code name} of {@code parent}, if it exists. */
    static Optional<GroupModel> child(GroupModel parent, String name) {
        return parent.getSubGroupsStream().filter(x -> x.getName().equals(name)).findFirst();
    }

    /** Creates the parent group and the subgroups of {@code names} that do not exist yet. */
    static void ensure(KeycloakSession session, RealmModel realm, String parentName, Collection<String> names) {
        GroupModel parent = parent(session, realm, parentName)
                .orElseGet(() -> session.groups().createGroup(realm, parentName));
        for (String name : names) {
            if (child(parent, name).isEmpty()) {
                session.groups().createGroup(realm, name, parent);
            }
        }
    }
}
