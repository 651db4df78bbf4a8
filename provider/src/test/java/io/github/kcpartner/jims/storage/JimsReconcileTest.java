package io.github.kcpartner.jims.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.infinispan.Cache;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RealmProvider;
import org.keycloak.storage.UserStorageProvider;

/**
 * A node that did not serve the admin request learns of created, changed, disabled and deleted
 * {@code jims} components from the stored components alone (Keycloak calls onUpdate and preRemove
 * on one node only).
 */
class JimsReconcileTest {

    private final DefaultCacheManager manager = new DefaultCacheManager();
    private final JimsUserStorageProviderFactory factory = new JimsUserStorageProviderFactory();
    private final KeycloakSession session = mock(KeycloakSession.class);
    private final RealmModel realm = mock(RealmModel.class);
    private final List<ComponentModel> stored = new ArrayList<>();

    JimsReconcileTest() {
        manager.defineConfiguration("jims-reconcile", new ConfigurationBuilder().build());
        manager.defineConfiguration("jims-reconcile-coordination", new ConfigurationBuilder().build());
        Cache<String, String> cache = manager.getCache("jims-reconcile");
        Cache<String, String> coordination = manager.getCache("jims-reconcile-coordination");
        factory.caches(s -> new JimsCache.Caches(cache, coordination));
        RealmProvider realms = mock(RealmProvider.class);
        when(session.realms()).thenReturn(realms);
        when(realms.getRealmsStream()).thenAnswer(a -> java.util.stream.Stream.of(realm));
        when(realm.getId()).thenReturn("r1");
        when(realm.getName()).thenReturn("corp");
        when(realms.getRealm("r1")).thenReturn(realm);
        when(realm.getComponentsStream("r1", UserStorageProvider.class.getName()))
                .thenAnswer(a -> List.copyOf(stored).stream());
    }

    /** Stores {@code c}, lets the factory reconcile, and returns the runtime it started. */
    private JimsRuntime started(ComponentModel c) {
        stored.add(c);
        factory.reconcile(session);
        return factory.runtime(session, c);
    }

    @AfterEach
    void stop() {
        factory.close();
        manager.stop();
    }

    private static ComponentModel component(String id, String providerId, String port, boolean enabled) {
        ComponentModel c = new ComponentModel();
        c.setId(id);
        c.setParentId("r1");
        c.setProviderId(providerId);
        c.setProviderType(UserStorageProvider.class.getName());
        MultivaluedHashMap<String, String> m = new MultivaluedHashMap<>();
        m.putSingle("primaryAddress", "127.0.0.1");
        m.putSingle("primaryPort", port);
        m.putSingle("primaryConnectMethod", "http");
        m.putSingle("allowPlainHttp", "true");
        m.putSingle("primaryClientId", "kc");
        m.putSingle("primaryClientSecret", "very-secret-value-42");
        m.putSingle("queryInterval", "60");
        m.putSingle("enabled", Boolean.toString(enabled));
        c.setConfig(m);
        c.setName("jims-" + id);
        return c;
    }

    /** Runs {@code body} as inside an admin request whose session context is in {@code callerRealm}. */
    private Map<String, String> infoAsCallerIn(RealmModel callerRealm) {
        org.keycloak.models.KeycloakContext context = mock(org.keycloak.models.KeycloakContext.class);
        when(session.getContext()).thenReturn(context);
        when(context.getRealm()).thenReturn(callerRealm);
        try {
            org.keycloak.utils.KeycloakSessionUtil.setKeycloakSession(session);
            return factory.getOperationalInfo();
        } finally {
            org.keycloak.utils.KeycloakSessionUtil.setKeycloakSession(null);
        }
    }

    private static RealmModel master() {
        RealmModel master = mock(RealmModel.class);
        when(master.getId()).thenReturn("m");
        when(master.getName()).thenReturn(org.keycloak.Config.getAdminRealm());
        return master;
    }

    @Test
    @DisplayName(
            "given a master-realm caller whose admin permissions cannot be established (no admin token), then the provider info shows no realm's JIMS servers, only server-wide lines")
    void operationalInfoFailsClosed() {
        stored.add(component("c1", "jims", "8443", true));
        factory.reconcile(session);

        Map<String, String> info = infoAsCallerIn(master());

        assertThat(info.keySet()).noneMatch(k -> k.contains(" / "));
        assertThat(info.toString()).doesNotContain("8443").doesNotContain("127.0.0.1");
        assertThat(info)
                .containsEntry("poller threads", "2")
                .containsEntry("components running on this node", "1")
                .containsEntry("identity table max entries per node", "1000000")
                .containsKey("status of a component");
        assertThat(info.get("status of a component")).contains("/admin/realms/{realm}/jims/{component-id}/status");
    }

    @Test
    @DisplayName(
            "given a running component, then the provider info shows each server's state and counters (no secret) only to callers who may view its realm")
    void operationalInfo() {
        stored.add(component("c1", "jims", "8443", true));
        factory.reconcile(session);
        java.util.Set<String> viewable = new java.util.HashSet<>();
        factory.realmViewCheck((s, realmId) -> viewable.contains(realmId));

        assertThat(factory.getOperationalInfo())
                .as("outside a request")
                .containsOnlyKeys(
                        "poller threads",
                        "components running on this node",
                        "identity table max entries per node",
                        "status of a component");

        assertThat(infoAsCallerIn(master()))
                .as("a master-realm administrator of another realm only")
                .doesNotContainKey("corp / jims-c1 / Primary");

        viewable.add("r1");
        Map<String, String> info = infoAsCallerIn(master());
        assertThat(info).containsKey("corp / jims-c1 / Primary");
        assertThat(info.get("corp / jims-c1 / Primary"))
                .startsWith(
                        "Online; 127.0.0.1:8443; last check: none yet (no request sent; a server counts as Online until a request fails)")
                .contains("token none")
                .contains("Online to Offline 0")
                .contains("refused 0 rate limited, 0 busy");
        assertThat(info.toString()).doesNotContain("very-secret-value-42");
    }

    @Test
    @DisplayName("given enabled, disabled and foreign components, then only the enabled jims one runs on this node")
    void startsEnabledJimsComponents() {
        stored.add(component("on", "jims", "8443", true));
        stored.add(component("off", "jims", "8443", false));
        stored.add(component("ldap", "ldap", "389", true));
        factory.reconcile(session);
        assertThat(factory.running()).containsExactly("on");
    }

    @Test
    @DisplayName(
            "given a component changed, disabled or deleted on another node, then this node follows at its next round")
    void followsChangesMadeElsewhere() {
        JimsRuntime first = started(component("c1", "jims", "8443", true));
        assertThat(first.client().config().primary().port()).isEqualTo(8443);

        stored.set(0, component("c1", "jims", "9443", true)); // e.g. the port changed on node A
        factory.reconcile(session);
        JimsRuntime second = factory.runtime(session, stored.get(0));
        assertThat(second).isNotSameAs(first);
        assertThat(second.client().config().primary().port()).isEqualTo(9443);
        assertThat(first.closed())
                .as("the old client and its ticks are stopped")
                .isTrue();

        stored.set(0, component("c1", "jims", "9443", false)); // disabled
        factory.reconcile(session);
        assertThat(factory.running()).isEmpty();
        assertThat(second.closed()).isTrue();

        stored.set(0, component("c1", "jims", "9443", true));
        factory.reconcile(session);
        assertThat(factory.running()).containsExactly("c1");
        stored.clear(); // deleted
        factory.reconcile(session);
        assertThat(factory.running()).isEmpty();
    }

    @Test
    @DisplayName(
            "given the console's Clear counters now switch on a save, then this node's counters are cleared and the switch is not stored")
    void clearCountersNow() {
        JimsRuntime rt = started(component("c1", "jims", "1", true));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> rt.client().ipQuery("10.0.0.1"))
                .isInstanceOf(io.github.kcpartner.jims.client.JimsUnavailableException.class); // port 1: refused
        assertThat(rt.client()
                        .counters()
                        .get(io.github.kcpartner.jims.client.ServerRole.PRIMARY)
                        .onlineToOffline())
                .isEqualTo(1);

        ComponentModel off = new ComponentModel(stored.get(0));
        off.getConfig().putSingle("clearCountersNow", "false");
        factory.clearCountersIfAsked(off);
        assertThat(off.getConfig()).doesNotContainKey("clearCountersNow");
        assertThat(rt.client()
                        .counters()
                        .get(io.github.kcpartner.jims.client.ServerRole.PRIMARY)
                        .onlineToOffline())
                .isEqualTo(1);

        ComponentModel on = new ComponentModel(stored.get(0));
        on.getConfig().putSingle("clearCountersNow", "true");
        factory.clearCountersIfAsked(on);
        assertThat(on.getConfig()).doesNotContainKey("clearCountersNow");
        assertThat(rt.client()
                        .counters()
                        .get(io.github.kcpartner.jims.client.ServerRole.PRIMARY)
                        .onlineToOffline())
                .isZero();
        assertThat(on.getConfig()).isEqualTo(stored.get(0).getConfig());
    }

    @Test
    @DisplayName(
            "given identities in two domains, then the admin search matches the user part, then the whole name, pages lazily and counts users")
    void adminSearch() {
        JimsRuntime rt = started(component("c1", "jims", "8443", true));
        java.time.Instant t = java.time.Instant.parse("2026-12-03T10:00:00Z");
        int n = 0;
        for (String[] du : new String[][] {{"corp", "carol"}, {"lab", "carol"}, {"corp", "oscar"}, {"corp", "bob"}}) {
            rt.table()
                    .putValid(
                            new io.github.kcpartner.jims.client.IdentityRecord(
                                    "10.0.0." + (++n),
                                    true,
                                    du[0],
                                    du[1],
                                    List.of(),
                                    "",
                                    List.of(),
                                    "",
                                    "AD",
                                    t.plusSeconds(n)),
                            java.time.Duration.ZERO);
        }
        JimsUserStorageProvider users = factory.create(session, stored.get(0));
        assertThat(search(users, "car", null, null)).containsExactly("corp\\carol", "lab\\carol", "corp\\oscar");
        assertThat(search(users, "LAB\\car", null, null)).containsExactly("lab\\carol");
        assertThat(search(users, "corp", null, null))
                .as("a domain alone is not a search term")
                .isEmpty();
        assertThat(search(users, "*", null, null)).hasSize(4);
        assertThat(search(users, "car", 1, 1)).containsExactly("lab\\carol");
        assertThat(users.getUsersCount(realm, false)).isEqualTo(4);
    }

    private List<String> search(JimsUserStorageProvider users, String text, Integer first, Integer max) {
        return users.searchForUserStream(realm, Map.of(org.keycloak.models.UserModel.SEARCH, text), first, max)
                .map(org.keycloak.models.UserModel::getUsername)
                .toList();
    }
}
