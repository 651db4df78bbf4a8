package io.github.kcpartner.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcpartner.it.harness.Browser;
import io.github.kcpartner.it.harness.KeycloakExtension;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.harness.PartnerLoginFlow;
import io.github.kcpartner.it.harness.TestRealm;
import io.github.kcpartner.it.jims.JimsComponents;
import io.github.kcpartner.it.jims.JimsPair;
import io.github.kcpartner.it.jims.JimsSimulator;
import io.github.kcpartner.it.jims.RequestKind;
import io.github.kcpartner.it.op.OidcProviderPeer;
import io.github.kcpartner.it.partner.PartnerFixture;
import io.github.kcpartner.it.support.Poll;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Production shape: two Keycloak nodes ({@code kc.sh build} with the jar, {@code start
 * --optimized}) on one PostgreSQL, one Infinispan cluster, and a JIMS pair of their own. A partner
 * login crosses the nodes; the JIMS batch is polled once per cycle by the cluster; what one node
 * imports the other answers; a component changed, disabled or deleted on one node is followed by
 * the other; after a crash of the first node the second polls on. The last test kills node A.
 */
@ExtendWith(KeycloakExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("two Keycloak nodes in production mode on PostgreSQL")
class ClusterIT {

    private static final String REALM = "cluster";
    private static PostgresServer db;
    private static KeycloakCluster cluster;
    private static JimsPair jims;
    private static TestRealm realm;
    private static String componentId;
    /** When carol logged on (test 3): every node's batch is past it afterwards. */
    private static java.time.Instant carolLogon;

    @BeforeAll
    static void start(KeycloakServer shared) {
        Path logs = Path.of(System.getProperty("it.log.dir", "target/it-logs"), "cluster");
        db = PostgresServer.start(logs);
        cluster = KeycloakCluster.start(db, shared);
        // a JIMS pair of the cluster's own, so that its counts are the cluster's alone
        jims = JimsPair.start(shared.realmVariable("JIMS_CLIENT_SECRET"), logs.resolve("jims-ca.pem"));
        realm = TestRealm.create(cluster.a(), REALM);
        componentId = components(cluster.a()).create("cluster-jims", JimsComponents.settings(jims));
    }

    @AfterAll
    static void stop() {
        if (realm != null) {
            realm.receiver().close();
            if (cluster.b().alive()) {
                cluster.b().admin().delete("/realms/" + REALM);
            }
        }
        if (jims != null) {
            jims.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName("given a partner login started on node A, then node B completes it at the callback")
    void loginCrossesNodes(OidcProviderPeer op) {
        KeycloakCluster.Node b = cluster.b();
        cluster.a()
                .admin()
                .put("/realms/" + REALM, Map.of("attributes", Map.of("frontendUrl", b.baseUrl())))
                .expect(204);
        // the partner knows only node B's redirect URI: an answer can only complete there
        Map<String, String> config = PartnerFixture.codeFlowPartner(b, op, realm, "partner", "openid profile email");
        realm.putIdentityProvider("partner", "partner-openid-connect", config);
        try (Browser browser = Browser.start()) {
            PartnerLoginFlow.Outcome outcome =
                    PartnerLoginFlow.login(browser, cluster.a(), realm, "partner", "alice", "alice-password");
            assertThat(outcome.errorText()).as("error page").isNull();
            assertThat(outcome.success()).isTrue();
        }
        List<JsonNode> requests = op.authorizationRequests();
        assertThat(requests.get(requests.size() - 1).toString())
                .as("the redirect URI node A sent the partner")
                .contains(PartnerFixture.brokerEndpoint(b, realm, "partner"));
        JsonNode users = b.admin()
                .get("/realms/" + REALM + "/users?briefRepresentation=true&max=10")
                .expect(200)
                .json();
        assertThat(users).as("the brokered user, as node B sees it").hasSize(1);
    }

    @Test
    @Order(2)
    @DisplayName("given two nodes ticking every second, then the JIMS server sees one batch poll per cycle, not two")
    void onePollPerCycle() throws InterruptedException {
        JimsSimulator primary = jims.primary();
        primary.resetStats();
        long start = System.nanoTime();
        assertThat(primary.awaitCount(RequestKind.BATCH, 8, Duration.ofSeconds(30)))
                .as("batch polls")
                .isTrue();
        double seconds = (System.nanoTime() - start) / 1e9;
        long polls = primary.count(RequestKind.BATCH);
        // with both nodes polling every cycle, 8 polls would come in about 4 s
        assertThat((double) polls).as("%d polls in %.1f s", polls, seconds).isLessThanOrEqualTo(seconds + 1.5);
        assertThat(primary.count(RequestKind.BATCH)).isGreaterThanOrEqualTo(8);
    }

    @Test
    @Order(3)
    @DisplayName(
            "given an identity imported by node A, then node B answers it from the shared table, as a user, with one JIMS group tree")
    void importedOnALookedUpOnB() {
        carolLogon = jims.directory()
                .logon("10.50.0.1", "corp.example.com", "carol", "Eng", "VPN")
                .timestamp();
        jims.primary().resetStats();
        JsonNode onA = components(cluster.a())
                .lookupIp(componentId, "10.50.0.1", true)
                .expect(200)
                .json();
        assertThat(onA.path("found").asBoolean()).isTrue();
        assertThat(jims.primary().count(RequestKind.IP)).isEqualTo(1);

        JsonNode onB = components(cluster.b())
                .lookupIp(componentId, "10.50.0.1", false)
                .expect(200)
                .json();
        assertThat(onB.path("found").asBoolean())
                .as("node B, from the replicated table")
                .isTrue();
        assertThat(onB.path("entry").path("username").asText()).isEqualTo("corp.example.com\\carol");
        assertThat(jims.primary().count(RequestKind.IP))
                .as("node B asked JIMS nothing")
                .isEqualTo(1);

        JsonNode users = cluster.b()
                .admin()
                .get("/realms/" + REALM + "/users?exact=true&username=" + JimsComponents.enc("corp.example.com\\carol"))
                .expect(200)
                .json();
        assertThat(users).hasSize(1);
        String userId = users.get(0).path("id").asText();
        JsonNode groups = cluster.b()
                .admin()
                .get("/realms/" + REALM + "/users/" + JimsComponents.enc(userId) + "/groups")
                .expect(200)
                .json();
        assertThat(groups.findValuesAsText("path")).containsExactlyInAnyOrder("/JIMS/Eng", "/JIMS/VPN");
        assertGroupTreeOnce("Eng", "VPN");
    }

    @Test
    @Order(4)
    @DisplayName(
            "given the component changed, disabled, enabled and deleted on node A, then node B follows each without a request")
    void componentChangesReachB() throws InterruptedException {
        KeycloakCluster.Node b = cluster.b();
        String started = "JIMS component cluster-jims (" + componentId + ") started";
        long before = b.logLines(started);
        Map<String, List<String>> settings = new LinkedHashMap<>(JimsComponents.settings(jims));
        settings.put("secondaryReadTimeoutMs", List.of("2500"));
        update(settings);
        waitUntil("node B rebuilt its client", Duration.ofSeconds(10), () -> b.logLines(started) > before);

        settings.put("enabled", List.of("false"));
        update(settings);
        String stopped = "JIMS component " + componentId + " stopped on this node";
        waitUntil(
                "both nodes stopped it",
                Duration.ofSeconds(10),
                () -> cluster.a().logLines(stopped) > 0 && b.logLines(stopped) > 0);
        assertNoPollFor(Duration.ofSeconds(4));

        long startedBefore = b.logLines(started);
        settings.put("enabled", List.of("true"));
        update(settings);
        waitUntil("node B started it again", Duration.ofSeconds(10), () -> b.logLines(started) > startedBefore);
        assertThat(jims.primary().awaitCount(RequestKind.BATCH, 1, Duration.ofSeconds(10)))
                .as("polling again")
                .isTrue();

        long stoppedBefore = b.logLines(stopped);
        cluster.a()
                .admin()
                .delete("/realms/" + REALM + "/components/" + componentId)
                .expect(204);
        waitUntil(
                "node B stopped the deleted component",
                Duration.ofSeconds(10),
                () -> b.logLines(stopped) > stoppedBefore);
        assertNoPollFor(Duration.ofSeconds(4));
        componentId = components(cluster.a()).create("cluster-jims", JimsComponents.settings(jims));
    }

    @Test
    @Order(5)
    @DisplayName(
            "given node A killed, then node B polls within two intervals, from where the cluster was, and has every logon from before and after")
    void survivorPolls() throws InterruptedException {
        assertThat(jims.primary().awaitCount(RequestKind.BATCH, 2, Duration.ofSeconds(10)))
                .isTrue();
        jims.directory().logon("10.50.0.2", "corp.example.com", "dave", "Eng");
        cluster.a().kill();
        jims.directory().logon("10.50.0.3", "corp.example.com", "erin", "Ops");
        jims.primary().resetStats();
        long killed = System.nanoTime();
        assertThat(jims.primary().awaitCount(RequestKind.BATCH, 1, Duration.ofSeconds(30)))
                .as("node B polls")
                .isTrue();
        double seconds = (System.nanoTime() - killed) / 1e9;
        System.out.printf("ClusterIT: node B's first batch poll %.2f s after node A was killed%n", seconds);
        assertThat(seconds)
                .as("first poll after the crash, in s (interval 1 s, plus 1 s of scheduling)")
                .isLessThan(3.0);
        Map<String, String> first = jims.primary().requests().stream()
                .filter(r -> r.kind() == RequestKind.BATCH)
                .findFirst()
                .orElseThrow()
                .params();
        if (first.containsKey("timestamp")) { // a new batch: from the cluster's last entry, not a backfill
            assertThat(Long.parseLong(first.get("timestamp")))
                    .as("restart point of node B's batch")
                    .isGreaterThanOrEqualTo(carolLogon.getEpochSecond());
        }
        for (String user : List.of("dave", "erin")) { // by user name: the table only, never an IP query
            waitUntil(
                    user + " on node B",
                    Duration.ofSeconds(10),
                    () -> !cluster.b()
                            .admin()
                            .get("/realms/" + REALM + "/users?exact=true&username="
                                    + JimsComponents.enc("corp.example.com\\" + user))
                            .expect(200)
                            .json()
                            .isEmpty());
        }
        assertThat(jims.primary().count(RequestKind.IP))
                .as("both came by batch, no IP query")
                .isZero();
        assertGroupTreeOnce("Eng", "VPN", "Ops");
    }

    private static void update(Map<String, List<String>> settings) {
        JsonNode current = cluster.a()
                .admin()
                .get("/realms/" + REALM + "/components/" + componentId)
                .expect(200)
                .json();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", componentId);
        body.put("name", current.path("name").asText());
        body.put("providerId", "jims");
        body.put("providerType", "org.keycloak.storage.UserStorageProvider");
        body.put("parentId", current.path("parentId").asText());
        body.put("config", settings);
        cluster.a()
                .admin()
                .put("/realms/" + REALM + "/components/" + componentId, body)
                .expect(204);
    }

    /** No batch poll reaches the JIMS pair during {@code window}: an absence can only be observed over time. */
    private static void assertNoPollFor(Duration window) throws InterruptedException {
        jims.primary().resetStats();
        jims.secondary().resetStats();
        assertThat(jims.primary().awaitCount(RequestKind.BATCH, 1, window))
                .as("a poll during %s", window)
                .isFalse();
        assertThat(jims.secondary().count(RequestKind.BATCH)).isZero();
    }

    /** The JIMS parent group exists once, with each of {@code names} once below it. */
    private static void assertGroupTreeOnce(String... names) {
        JsonNode top = cluster.b()
                .admin()
                .get("/realms/" + REALM + "/groups?search=JIMS&exact=true&populateHierarchy=true")
                .expect(200)
                .json();
        List<String> parents = new ArrayList<>();
        top.forEach(g -> parents.add(g.path("name").asText()));
        assertThat(parents).containsExactly("JIMS");
        String parentId = top.get(0).path("id").asText();
        JsonNode children = cluster.b()
                .admin()
                .get("/realms/" + REALM + "/groups/" + parentId + "/children?max=100")
                .expect(200)
                .json();
        List<String> childNames = new ArrayList<>();
        children.forEach(g -> childNames.add(g.path("name").asText()));
        assertThat(childNames).containsOnlyOnce(names).doesNotHaveDuplicates();
    }

    private static JimsComponents components(KeycloakServer node) {
        return new JimsComponents(node, REALM);
    }

    private static void waitUntil(String what, Duration timeout, BooleanSupplier condition) {
        Poll.until(what, timeout, Duration.ofMillis(200), () -> true, condition);
    }
}
