package io.github.kcpartner.jims.storage;

import io.github.kcpartner.jims.client.RefusedQueries;
import io.github.kcpartner.jims.client.ServerCounters;
import io.github.kcpartner.jims.client.ServerRole;
import io.github.kcpartner.jims.client.ServerStatus;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import org.keycloak.models.KeycloakSession;

/**
 * The {@code jims} lines of the server info (the console's Provider info): server-wide lines (poller
 * threads, components running on this node, the table's bound, where a component's status is),
 * then one line per server of each component whose realm the caller may view, key
 * {@code <realm> / <component> / Primary|Secondary}: state, address, last check (its outcome and
 * time, worded by {@link ServerStatus#lastCheck()} so that it never contradicts the state), token
 * expiry, counters and refusals. No secret: the token is never shown, only whether one is cached and until
 * when.
 *
 * <p>Keycloak hands the server info to the administrators of every realm, and the console shows it
 * to those of the master realm, including ones who administer a single other realm. So a server
 * line is shown only to a caller who may view its realm ({@link RealmViewAccess} in Keycloak); when
 * that cannot be established (outside a request, no admin token) no realm's line is shown. The
 * per-realm admin REST {@code GET /admin/realms/{realm}/jims/{id}/status} (view-realm) always answers.
 */
final class JimsProviderInfo {

    private JimsProviderInfo() {}

    static Map<String, String> of(
            JimsServerOptions options,
            Collection<JimsRuntime> runtimes,
            KeycloakSession session,
            BiPredicate<KeycloakSession, String> mayViewRealm) {
        Map<String, String> info = new TreeMap<>();
        info.put("poller threads", Integer.toString(options.pollerThreads()));
        info.put("components running on this node", Integer.toString(runtimes.size()));
        info.put("identity table max entries per node", Long.toString(options.maxEntries()));
        info.put(
                "status of a component",
                "GET /admin/realms/{realm}/jims/{component-id}/status (view-realm); below, the components of the"
                        + " realms you may view");
        if (session == null) {
            return info;
        }
        Map<String, Boolean> viewable = new HashMap<>();
        for (JimsRuntime rt : runtimes) {
            if (rt.realmId() != null && viewable.computeIfAbsent(rt.realmId(), id -> mayViewRealm.test(session, id))) {
                servers(rt, info);
            }
        }
        return info;
    }

    private static void servers(JimsRuntime rt, Map<String, String> info) {
        Map<ServerRole, ServerCounters> counters = rt.client().counters();
        RefusedQueries refused = rt.client().refusedQueries();
        for (ServerStatus s : rt.client().status()) {
            ServerCounters c = counters.get(s.role());
            info.put(
                    rt.label() + " / " + s.role().label(),
                    s.state() + "; " + s.address() + ":" + s.port()
                            + "; " + s.lastCheck()
                            + "; token " + (s.tokenPresent() ? "valid until " + s.tokenExpiresAt() : "none")
                            + "; IP/user queries " + c.ipQueriesSent() + " sent, " + c.ipQueriesReturned()
                            + " answered, " + c.ipQueryErrors() + " failed; batch queries " + c.batchQueriesSent()
                            + " sent, " + c.batchQueriesReturned() + " answered, " + c.batchQueryErrors()
                            + " failed; Online to Offline " + c.onlineToOffline()
                            + "; IP queries of the component refused " + refused.rateLimited() + " rate limited, "
                            + refused.busy() + " busy"
                            + (rt.failing() ? "; batch polling fails" : ""));
        }
    }
}
