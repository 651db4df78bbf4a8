package io.github.kcpartner.broker.identity;

import org.jboss.logging.Logger;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Joins the user to the groups an identity mapping rule added ({@code result.addGroup}), on the
 * first login and every later one. A group is named by path ({@code /partners/gold}) or, without
 * a slash, as a top-level group; only existing groups are joined (a rule never creates groups),
 * and memberships are never removed here.
 */
public final class MappedGroups {

    private static final Logger LOG = Logger.getLogger(MappedGroups.class);

    private MappedGroups() {}

    public static void join(
            KeycloakSession session, RealmModel realm, UserModel user, BrokeredIdentityContext context) {
        Object names = context.getContextData().get(IdentityMapping.GROUPS);
        if (!(names instanceof String lines) || lines.isBlank()) {
            return;
        }
        for (String name : lines.split("\n")) {
            String path = name.startsWith("/") ? name : "/" + name;
            GroupModel group = KeycloakModelUtils.findGroupByPath(session, realm, path);
            if (group == null) {
                LOG.debugf("identity mapping named group %s, which does not exist in realm %s", path, realm.getName());
            } else if (!user.isMemberOf(group)) {
                user.joinGroup(group);
            }
        }
    }
}
