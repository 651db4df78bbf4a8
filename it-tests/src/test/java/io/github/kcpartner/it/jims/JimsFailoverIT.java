package io.github.kcpartner.it.jims;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcpartner.it.harness.KeycloakExtension;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.harness.TestRealm;
import io.github.kcpartner.it.keycloak.KeycloakAdminClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Failover under a stream of refreshed lookups, through Keycloak's admin REST API. */
@ExtendWith(KeycloakExtension.class)
class JimsFailoverIT {

    private static final int LOOKUPS = 200;
    private static final String IP = "10.40.0.1";

    private static TestRealm realm;
    private static JimsComponents components;

    @BeforeAll
    static void setUp(KeycloakServer server, JimsPair jims) {
        realm = TestRealm.create(server, "jims-failover-it");
        components = new JimsComponents(server, realm.name());
        jims.directory().logon(IP, "corp.example.com", "erin-it", "Ops");
    }

    @AfterEach
    void healthy(JimsPair jims) {
        jims.primary().fault(Fault.none());
        jims.secondary().fault(Fault.none());
    }

    @AfterAll
    static void tearDown() {
        if (realm != null) {
            realm.close();
        }
    }

    private static String component(JimsPair jims, String name) {
        Map<String, List<String>> c = JimsComponents.settings(jims);
        c.put("primaryReadTimeoutMs", List.of("1500"));
        c.put("secondaryReadTimeoutMs", List.of("1500"));
        c.put("queryInterval", List.of("60"));
        return components.create(name, c);
    }

    @Test
    @DisplayName(
            "given the primary stopped mid-run, then 0 lookups fail, the secondary answers, online-to-offline = 1; back, traffic returns")
    void primaryDown(JimsPair jims) throws Exception {
        String id = component(jims, "jims-down");
        runStream(id, jims, Fault.down(), 0);
    }

    @Test
    @DisplayName("given the primary hanging mid-run, then 0 lookups fail and one request (one timeout) reaches it")
    void primaryHangs(JimsPair jims) throws Exception {
        String id = component(jims, "jims-hang");
        runStream(id, jims, Fault.hang(), 1);
    }

    /**
     * A stream of lookups with the primary failing a quarter of the way: none fails, and the failed
     * primary sees {@code atFailedPrimary} IP queries after the fault (a refused connection is not
     * seen, a hung one is: that is the one timeout paid); every later lookup goes to the secondary.
     */
    private void runStream(String id, JimsPair jims, Fault fault, int atFailedPrimary) throws Exception {
        assertThat(components
                        .lookupIp(id, IP, true)
                        .expect(200)
                        .json()
                        .path("found")
                        .asBoolean())
                .isTrue();
        long secondaryBefore = jims.secondary().count(RequestKind.IP);
        long primaryAtFault = 0;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < LOOKUPS; i++) {
            if (i == LOOKUPS / 4) {
                primaryAtFault = jims.primary().count(RequestKind.IP);
                jims.primary().fault(fault);
            }
            KeycloakAdminClient.Response r = components.lookupIp(id, IP, true);
            if (r.status() != 200 || !r.json().path("found").asBoolean()) {
                failures.add(i + ": " + r.status() + " " + r.body());
            }
        }
        assertThat(failures).isEmpty();
        assertThat(jims.primary().count(RequestKind.IP) - primaryAtFault)
                .as("IP queries that reached the failed primary")
                .isEqualTo(atFailedPrimary);
        JsonNode primary = components.server(id, "Primary");
        assertThat(primary.path("status").asText()).isEqualTo("Offline");
        assertThat(components.server(id, "Secondary").path("status").asText()).isEqualTo("Online");
        assertThat(jims.secondary().count(RequestKind.IP) - secondaryBefore)
                .as("lookups the secondary answered")
                .isEqualTo(LOOKUPS - LOOKUPS / 4);
        assertThat(components
                        .counters(id)
                        .path("Primary")
                        .path("onlineToOffline")
                        .asLong())
                .isEqualTo(1);

        jims.primary().fault(Fault.none());
        jims.primary().releaseHung();
        components.awaitStatus(id, "Primary", s -> s.path("status").asText().equals("Online"), Duration.ofSeconds(30));
        long primaryBefore = jims.primary().count(RequestKind.IP);
        long secondaryAfter = jims.secondary().count(RequestKind.IP);
        for (int i = 0; i < 20; i++) {
            components.lookupIp(id, IP, true).expect(200);
        }
        assertThat(jims.primary().count(RequestKind.IP) - primaryBefore).isEqualTo(20);
        assertThat(jims.secondary().count(RequestKind.IP)).isEqualTo(secondaryAfter);
    }

    @Test
    @DisplayName("given lookups and a failover, then Keycloak's metrics endpoint shows the JIMS queries and failovers")
    void metricsOnKeycloaksEndpoint(KeycloakServer server, JimsPair jims) throws Exception {
        runStream(component(jims, "jims-metrics"), jims, Fault.down(), 0);
        String metrics =
                server.admin().getPublic(server.managementUrl() + "/metrics").body();
        assertThat(metrics)
                .contains("jims_queries_total{")
                .contains("jims_failovers_total")
                .contains("jims_lookup_seconds");
        assertThat(metrics).doesNotContain(jims.primary().clientSecret());
        for (String name : io.github.kcpartner.it.support.MonitoringDocs.metricNames("jims_")) {
            assertThat(metrics)
                    .as("metric %s of docs/grafana or docs/prometheus", name)
                    .contains("\n" + name);
        }
    }

    @Test
    @DisplayName("given both servers down, then a lookup answers 503 with a message, and a cached IP still answers")
    void bothDown(JimsPair jims) {
        String id = component(jims, "jims-both");
        assertThat(components
                        .lookupIp(id, IP, false)
                        .expect(200)
                        .json()
                        .path("found")
                        .asBoolean())
                .isTrue();
        jims.primary().fault(Fault.down());
        jims.secondary().fault(Fault.down());
        KeycloakAdminClient.Response r = components.lookupIp(id, "10.40.0.99", true);
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.json().path("error").asText()).isEqualTo("jims_unavailable");
        assertThat(r.json().path("message").asText()).isNotBlank();
        assertThat(components
                        .lookupIp(id, IP, false)
                        .expect(200)
                        .json()
                        .path("found")
                        .asBoolean())
                .isTrue();
    }

    @Test
    @DisplayName(
            "given garbage from both servers (bad JSON, huge body, missing fields, wrong types), then each is a server failure: 503, never a user, and Keycloak keeps serving")
    void badServerInput(KeycloakServer server, JimsPair jims) {
        String id = component(jims, "jims-garbage");
        Map<String, Integer> statuses = new java.util.LinkedHashMap<>();
        Map<String, Boolean> found = new java.util.LinkedHashMap<>();
        for (Fault f : List.of(Fault.badJson(), Fault.hugeBody(), Fault.missingFields(), Fault.wrongTypes())) {
            jims.primary().fault(f.queriesOnly());
            jims.secondary().fault(f.queriesOnly());
            KeycloakAdminClient.Response r = components.lookupIp(id, "10.40.1.1", true);
            statuses.put(f.kind().name(), r.status());
            found.put(
                    f.kind().name(), r.status() == 200 && r.json().path("found").asBoolean());
            server.admin().get("/realms/" + realm.name()).expect(200);
        }
        assertThat(statuses)
                .containsExactly(
                        Map.entry("BAD_JSON", 503),
                        Map.entry("HUGE_BODY", 503),
                        Map.entry("MISSING_FIELDS", 503),
                        Map.entry("WRONG_TYPES", 503));
        assertThat(found).as("a malformed entry never counts as a user").doesNotContainValue(true);
    }
}
