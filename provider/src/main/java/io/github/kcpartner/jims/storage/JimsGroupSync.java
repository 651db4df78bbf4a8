package io.github.kcpartner.jims.storage;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Creates the JIMS groups of imported identities (batch cycles, IP-query answers) in a
 * transaction of its own, so that reading a user's groups never writes. Remembers what it created
 * or found, so a group costs one transaction per runtime. Two nodes that race to create the same
 * group: the loser's transaction fails on Keycloak's unique group name, is logged at debug and
 * finds the group the next time.
 */
final class JimsGroupSync {

    private static final Logger LOG = Logger.getLogger(JimsGroupSync.class);

    private final KeycloakSessionFactory sessions;
    private final String realmId;
    private final String parentGroup;
    private final Set<String> present = ConcurrentHashMap.newKeySet();

    JimsGroupSync(KeycloakSessionFactory sessions, String realmId, String parentGroup) {
        this.sessions = sessions;
        this.realmId = realmId;
        this.parentGroup = parentGroup;
    }

    /** Makes sure the groups {@code names} exist under the parent group. Never throws. */
    void ensure(Collection<String> names) {
        List<String> missing =
                names.stream().filter(n -> !present.contains(n)).distinct().toList();
        if (missing.isEmpty() || sessions == null || realmId == null) {
            return;
        }
        try {
            KeycloakModelUtils.runJobInTransaction(sessions, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                if (realm != null) {
                    JimsGroups.ensure(session, realm, parentGroup, missing);
                }
            });
            present.addAll(missing);
        } catch (RuntimeException e) {
            LOG.debugf(
                    "JIMS groups %s under %s not created now (%s); retried when seen again",
                    missing, parentGroup, e.getClass().getSimpleName());
        }
    }
}
