package io.github.kcpartner.jims.storage;

import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** Finds, or creates on first use, the top-level parent group and one subgroup per JIMS group. */
final class JimsGroups {

    private JimsGroups() {
    }

    static GroupModel parent(KeycloakSession session, RealmModel realm, String name) {
        GroupModel g = session.groups().getTopLevelGroupsStream(realm, name, true, null, null)
                .filter(x -> x.getName().equals(name)).findFirst().orElse(null);
        return g != null ? g : session.groups().createGroup(realm, name);
    }

    static GroupModel child(KeycloakSession session, RealmModel realm, GroupModel parent, String name) {
        return parent.getSubGroupsStream().filter(x -> x.getName().equals(name)).findFirst()
                .orElseGet(() -> session.groups().createGroup(realm, name, parent));
    }
}
