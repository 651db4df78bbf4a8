package io.github.kcpartner.jims.storage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Creates the JIMS groups of imported identities (batch cycles, IP-query answers) in a
 * transaction of its own, so that reading a user's groups never writes. Remembers what it created
 * or found for {@link #RECHECK}, so a group costs one transaction per runtime and interval; a group
 * removed in the realm is forgotten at once on the node that removed it ({@link #forget}, from
 * Keycloak's group-removed event) and within the interval on the others. Two nodes that race to
 * create the same group: the loser's transaction fails on Keycloak's unique group name, is logged
 * at debug and finds the group the next time.
 */
final class JimsGroupSync {

    private static final Logger LOG = Logger.getLogger(JimsGroupSync.class);

    /** How long a group found or created is taken as present without asking the realm again. */
    static final Duration RECHECK = Duration.ofMinutes(10);

    private final KeycloakSessionFactory sessions;
    private final String realmId;
    private final String parentGroup;
    private final Clock clock;
    private final Map<String, Instant> present = new ConcurrentHashMap<>();

    JimsGroupSync(KeycloakSessionFactory sessions, String realmId, String parentGroup, Clock clock) {
        this.sessions = sessions;
        this.realmId = realmId;
        this.parentGroup = parentGroup;
        this.clock = clock;
    }

    /** A group of the realm was removed: every group is checked again when next seen. */
    void forget() {
        present.clear();
    }

    /** Makes sure the groups {@code names} exist under the parent group. Never throws. */
    void ensure(Collection<String> names) {
        Instant now = clock.instant();
        List<String> missing = names.stream()
                .filter(n -> {
                    Instant checked = present.get(n);
                    return checked == null || !checked.plus(RECHECK).isAfter(now);
                })
                .distinct()
                .toList();
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
            missing.forEach(n -> present.put(n, now));
        } catch (RuntimeException e) {
            LOG.debugf(
                    "JIMS groups %s under %s not created now (%s); retried when seen again",
                    missing, parentGroup, e.getClass().getSimpleName());
        }
    }
}
