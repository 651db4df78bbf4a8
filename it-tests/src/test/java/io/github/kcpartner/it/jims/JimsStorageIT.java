package io.github.kcpartner.it.jims;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kcpartner.it.harness.KeycloakExtension;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.harness.TestRealm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KeycloakExtension.class)
class JimsStorageIT {

    private static TestRealm realm;
    private static JimsComponents components;
    private static String id;

    @BeforeAll
    static void setUp(KeycloakServer server, JimsPair jims) {
        realm = TestRealm.create(server, "jims-storage-it");
        components = new JimsComponents(server, realm.name());
        Map<String, List<String>> c = JimsComponents.settings(jims);
        c.put("domainFilter", List.of("corp.example.com"));
        c.put("excludeIp", List.of("10.31.0.0/16"));
        id = components.create("jims-it", c);
        // jims.* attributes are not in the user profile: let administrators see unmanaged attributes.
        var profile = (com.fasterxml.jackson.databind.node.ObjectNode) server.admin()
                .get("/realms/" + realm.name() + "/users/profile")
                .expect(200)
                .json();
        profile.put("unmanagedAttributePolicy", "ADMIN_VIEW");
        server.admin()
                .put("/realms/" + realm.name() + "/users/profile", profile)
                .expect(200);
    }

    @AfterAll
    static void tearDown() {
        if (realm != null) {
            realm.close();
        }
    }

    @Test
    @DisplayName(
            "given alice logged on in JIMS, then she is found by username with her groups, and the admin search lists her")
    void userWithGroups(KeycloakServer server, JimsPair jims) {
        jims.directory().logon("10.30.0.1", "corp.example.com", "alice-it", "Engineering", "VPN-Users");
        JsonNode found = components.lookupIp(id, "10.30.0.1", false).expect(200).json();
        assertThat(found.path("found").asBoolean()).isTrue();
        assertThat(found.path("entry").path("username").asText()).isEqualTo("corp.example.com\\alice-it");

        JsonNode users = server.admin()
                .get("/realms/" + realm.name() + "/users?search=alice-it")
                .expect(200)
                .json();
        assertThat(users.findValuesAsText("username")).contains("corp.example.com\\alice-it");
        JsonNode exact = server.admin()
                .get("/realms/" + realm.name() + "/users?exact=true&username="
                        + JimsComponents.enc("corp.example.com\\alice-it"))
                .expect(200)
                .json();
        assertThat(exact).hasSize(1);
        JsonNode alice = exact.get(0);
        assertThat(alice.path("attributes").path("jims.ips").get(0).asText()).isEqualTo("10.30.0.1");
        assertThat(alice.path("attributes").path("jims.domain").get(0).asText()).isEqualTo("corp.example.com");

        JsonNode groups = server.admin()
                .get("/realms/" + realm.name() + "/users/"
                        + JimsComponents.enc(alice.path("id").asText()) + "/groups")
                .expect(200)
                .json();
        assertThat(groups.findValuesAsText("path")).containsExactlyInAnyOrder("/JIMS/Engineering", "/JIMS/VPN-Users");

        JsonNode all = server.admin()
                .get("/realms/" + realm.name() + "/users?search=*")
                .expect(200)
                .json();
        assertThat(all.findValuesAsText("username")).contains("corp.example.com\\alice-it");
    }

    @Test
    @DisplayName(
            "given an administrator removes a JIMS group, then the next identity JIMS reports in it creates it again")
    void removedGroupComesBack(KeycloakServer server, JimsPair jims) {
        String groups = "/realms/" + realm.name();
        jims.directory().logon("10.30.0.7", "corp.example.com", "gina-it", "Removed-Later");
        components.lookupIp(id, "10.30.0.7", true).expect(200);
        String groupId = server.admin()
                .get(groups + "/group-by-path/JIMS/Removed-Later")
                .expect(200)
                .json()
                .path("id")
                .asText();
        // no 404 check here: a batch cycle that read gina's logon may already import it again (CI saw that once);
        // the new id below proves the group was removed and created again either way
        server.admin().delete(groups + "/groups/" + groupId).expect(204);

        jims.directory().logon("10.30.0.8", "corp.example.com", "hugo-it", "Removed-Later");
        components.lookupIp(id, "10.30.0.8", true).expect(200);

        assertThat(server.admin()
                        .get(groups + "/group-by-path/JIMS/Removed-Later")
                        .expect(200)
                        .json()
                        .path("id")
                        .asText())
                .as("created again, as a new group")
                .isNotEmpty()
                .isNotEqualTo(groupId);
    }

    @Test
    @DisplayName(
            "given realm-export/ (CA PEM, client secret and ports as placeholders), then the demo realm's jims component answers over HTTPS")
    void demoRealmComponentWorks(KeycloakServer server, JimsPair jims) {
        JsonNode list = server.admin()
                .get("/realms/partner-demo/components?type=org.keycloak.storage.UserStorageProvider")
                .expect(200)
                .json();
        String demoId = null;
        for (JsonNode c : list) {
            if (c.path("providerId").asText().equals("jims")) {
                demoId = c.path("id").asText();
            }
        }
        assertThat(demoId).isNotNull();
        jims.directory().logon("10.30.0.9", "corp.example.com", "demo-it", "Demo");
        JimsComponents demo = new JimsComponents(server, "partner-demo");
        JsonNode found = demo.lookupIp(demoId, "10.30.0.9", true).expect(200).json();
        assertThat(found.path("entry").path("username").asText()).isEqualTo("corp.example.com\\demo-it");
        // JimsFailoverIT, run just before on the same shared pair, takes the primary down; the demo federation's
        // prober (every 5 s) brings it back Online: wait for that instead of racing it
        String component = demoId;
        io.github.kcpartner.it.support.Poll.until(
                "the demo federation's primary to be Online",
                java.time.Duration.ofSeconds(30),
                java.time.Duration.ofMillis(200),
                () -> true,
                () -> demo.server(component, "Primary").path("status").asText().equals("Online"));
        assertThat(demo.server(demoId, "Primary").path("accessToken").asText()).isEqualTo("********");
    }

    @Test
    @DisplayName("given a logoff in JIMS, then a refreshed lookup no longer finds the user at that IP")
    void logoffRemovesIp(JimsPair jims) {
        jims.directory().logon("10.30.0.2", "corp.example.com", "bob-it", "Sales");
        assertThat(components
                        .lookupIp(id, "10.30.0.2", true)
                        .expect(200)
                        .json()
                        .path("found")
                        .asBoolean())
                .isTrue();
        assertThat(components
                        .lookupUser(id, "corp.example.com\\bob-it")
                        .expect(200)
                        .json()
                        .path("entries"))
                .hasSize(1);
        jims.directory().logoff("10.30.0.2");
        assertThat(components
                        .lookupIp(id, "10.30.0.2", true)
                        .expect(200)
                        .json()
                        .path("found")
                        .asBoolean())
                .isFalse();
        assertThat(components
                        .lookupUser(id, "corp.example.com\\bob-it")
                        .expect(200)
                        .json()
                        .path("entries"))
                .isEmpty();
    }

    @Test
    @DisplayName("given a domain filter and an excluded IP range, then other domains and excluded IPs are not found")
    void filtersApply(JimsPair jims) {
        jims.directory().logon("10.30.0.3", "other.example.com", "carol-it", "X");
        jims.directory().logon("10.31.0.3", "corp.example.com", "dave-it", "X");
        long ipQueries = jims.primary().count(RequestKind.IP);
        assertThat(components
                        .lookupIp(id, "10.30.0.3", true)
                        .expect(200)
                        .json()
                        .path("found")
                        .asBoolean())
                .isFalse();
        assertThat(components
                        .lookupIp(id, "10.31.0.3", true)
                        .expect(200)
                        .json()
                        .path("found")
                        .asBoolean())
                .isFalse();
        assertThat(jims.primary().count(RequestKind.IP))
                .as("excluded IPs are never queried")
                .isEqualTo(ipQueries + 1);
    }

    @Test
    @DisplayName("given items-per-batch 5, then the save is refused with its message key")
    void badSettingRefused(JimsPair jims) {
        Map<String, List<String>> c = JimsComponents.settings(jims);
        c.put("itemsPerBatch", List.of("5"));
        var r = components.tryCreate("jims-bad", c);
        assertThat(r.status()).isEqualTo(400);
        // Keycloak answers the message key resolved through our messages_en (jims.error.itemsPerBatchRange),
        // which names the field and the refused value
        assertThat(r.body()).contains("Batch: Items per batch must be 100-1000, was 5.");
    }

    @Test
    @DisplayName(
            "given a plain client secret, then the save is refused: a realm export would carry it in clear; GET and partial export show only the vault reference, and a GET/PUT round trip keeps JIMS working")
    void plainSecretRefused(JimsPair jims, KeycloakServer server) {
        Map<String, List<String>> c = JimsComponents.settings(jims);
        c.put("primaryClientSecret", List.of(jims.primary().clientSecret()));
        var r = components.tryCreate("jims-plain-secret", c);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body())
                .contains("The client secrets must be vault references")
                .doesNotContain(jims.primary().clientSecret());

        String path = "/realms/" + realm.name() + "/components/" + id;
        String component = server.admin().get(path).expect(200).body();
        assertThat(component)
                .contains("${vault.jims_primary_secret}")
                .doesNotContain(jims.primary().clientSecret());
        String export = server.admin()
                .post(
                        "/realms/" + realm.name() + "/partial-export?exportClients=false"
                                + "&exportGroupsAndRoles=false",
                        Map.of())
                .expect(200)
                .body();
        assertThat(export)
                .doesNotContain(jims.primary().clientSecret())
                .doesNotContain(jims.secondary().clientSecret());

        // a console round trip (GET, PUT back unchanged) keeps the references, and JIMS still answers
        server.admin().put(path, server.admin().get(path).expect(200).json()).expect(204);
        assertThat(server.admin().get(path).expect(200).body()).contains("${vault.jims_primary_secret}");
        jims.directory().logon("10.30.0.77", "corp.example.com", "round-trip-it", "Engineering");
        assertThat(components
                        .lookupIp(id, "10.30.0.77", true)
                        .expect(200)
                        .json()
                        .path("entry")
                        .path("username")
                        .asText())
                .isEqualTo("corp.example.com\\round-trip-it");
    }

    @Test
    @DisplayName("given no token, then 401; a user without admin roles gets 403; view-realm reads but cannot clear")
    void restAuth(KeycloakServer server) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = server.baseUrl() + "/admin/realms/" + realm.name() + "/jims/" + id;
        assertThat(http.send(
                                HttpRequest.newBuilder(URI.create(base + "/status"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(401);

        String nobody = userToken(server, "nobody-it");
        assertThat(call(http, base + "/status", nobody, false)).isEqualTo(403);
        assertThat(call(http, base + "/counters", nobody, false)).isEqualTo(403);

        String viewer = userToken(server, "viewer-it", "view-realm");
        assertThat(call(http, base + "/status", viewer, false)).isEqualTo(200);
        assertThat(call(http, base + "/counters/clear", viewer, true)).isEqualTo(403);
        assertThat(call(http, base + "/lookup?ip=10.30.0.1", viewer, false))
                .as("a lookup needs view-users too")
                .isEqualTo(403);
        // the live status in the console's provider info is for the master realm's administrators only
        HttpResponse<String> serverInfo = http.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/admin/serverinfo"))
                        .header("Authorization", "Bearer " + viewer)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        java.util.regex.Matcher keys = java.util.regex.Pattern.compile("\"([^\"/]+) / [^\"]+ / (?:Primary|Secondary)\"")
                .matcher(serverInfo.body());
        java.util.Set<String> realmsShown = new java.util.TreeSet<>();
        while (keys.find()) {
            realmsShown.add(keys.group(1));
        }
        assertThat(realmsShown)
                .as("realms whose JIMS status an administrator of %s sees in the server info", realm.name())
                .containsExactly(realm.name());
        String userViewer = userToken(server, "user-viewer-it", "view-realm", "view-users");
        assertThat(call(http, base + "/lookup?ip=10.30.0.1", userViewer, false)).isEqualTo(200);
        assertThat(call(http, base + "/lookup?user=alice", userViewer, false)).isEqualTo(200);
        assertThat(call(http, base + "/lookup/refresh?ip=10.30.0.1", userViewer, true))
                .as("refresh needs manage-realm")
                .isEqualTo(403);
        assertThat(call(http, base + "/lookup?ip=10.30.0.1&refresh=true", userViewer, false))
                .as("no state change through GET")
                .isEqualTo(400);

        server.admin().delete("/realms/" + realm.name() + "/admin-events");
        assertThat(server.admin()
                        .post("/realms/" + realm.name() + "/jims/" + id + "/counters/clear", Map.of())
                        .status())
                .isEqualTo(204);
        components.lookupIp(id, "10.30.0.1", true).expect(200);
        JsonNode events = server.admin()
                .get("/realms/" + realm.name() + "/admin-events?operationTypes=ACTION")
                .expect(200)
                .json();
        assertThat(events.toString()).contains("counters/clear").contains("lookup/refresh");
        JsonNode status = components.status(id);
        assertThat(status.toString()).doesNotContain(JimsPair.CLIENT_ID + ":").doesNotContainIgnoringCase("secret");
    }

    @Test
    @DisplayName(
            "given a master-realm user who may only view another realm, then the server info shows none of this realm's JIMS servers; the master admin sees them, and gets the status through the realm's REST")
    void providerInfoOnlyForRealmViewers(KeycloakServer server, JimsPair jims) throws Exception {
        String other = realm.name() + "-other";
        String primary = "127.0.0.1:" + jims.primary().port();
        String secondary = "127.0.0.1:" + jims.secondary().port();
        HttpClient http = HttpClient.newHttpClient();
        deleteUser(server, "master", "jims-other-realm-viewer-it");
        try (TestRealm otherRealm = TestRealm.create(server, other)) {
            String token = token(server, "master", "jims-other-realm-viewer-it", other + "-realm", "view-realm");

            HttpResponse<String> info = http.send(
                    HttpRequest.newBuilder(URI.create(server.baseUrl() + "/admin/serverinfo"))
                            .header("Authorization", "Bearer " + token)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(info.statusCode()).isEqualTo(200);
            assertThat(info.body())
                    .as("provider info of a master-realm administrator of %s only", other)
                    .contains("identity table max entries per node")
                    .doesNotContain(primary)
                    .doesNotContain(secondary)
                    .doesNotContain(realm.name() + " / ");
            assertThat(call(
                            http,
                            server.baseUrl() + "/admin/realms/" + realm.name() + "/jims/" + id + "/status",
                            token,
                            false))
                    .isEqualTo(403);

            assertThat(server.admin().get("/serverinfo").expect(200).body())
                    .as("the master realm's admin may view every realm")
                    .contains(realm.name() + " / jims-it / Primary")
                    .contains(primary);
            JsonNode status = components.server(id, "Primary");
            assertThat(status.path("port").asInt()).isEqualTo(jims.primary().port());
            assertThat(status.path("address").asText()).isEqualTo("127.0.0.1");
        } finally {
            deleteUser(server, "master", "jims-other-realm-viewer-it");
        }
    }

    @Test
    @DisplayName(
            "given a JIMS user, then an administrator puts them into a group (204), it shows beside the JIMS groups and in the group's members; the JIMS membership cannot be left (400), the added one can")
    void adminAddsGroupToJimsUser(KeycloakServer server, JimsPair jims) {
        String r = "/realms/" + realm.name();
        jims.directory().logon("10.30.0.12", "corp.example.com", "grace-it", "Engineering");
        components.lookupIp(id, "10.30.0.12", true).expect(200);
        String userId = server.admin()
                .get(r + "/users?exact=true&username=" + JimsComponents.enc("corp.example.com\\grace-it"))
                .expect(200)
                .json()
                .get(0)
                .path("id")
                .asText();
        String user = r + "/users/" + JimsComponents.enc(userId);
        String location = server.admin()
                .post(r + "/groups", Map.of("name", "no-network-sign-in"))
                .expect(201)
                .location();
        String optOut = location.substring(location.lastIndexOf('/') + 1);

        server.admin().put(user + "/groups/" + optOut, Map.of()).expect(204);

        assertThat(server.admin().get(user + "/groups").expect(200).json().findValuesAsText("path"))
                .containsExactlyInAnyOrder("/JIMS/Engineering", "/no-network-sign-in");
        assertThat(server.admin()
                        .get(r + "/groups/" + optOut + "/members")
                        .expect(200)
                        .json()
                        .findValuesAsText("username"))
                .containsExactly("corp.example.com\\grace-it");

        String engineering = server.admin()
                .get(r + "/group-by-path/JIMS/Engineering")
                .expect(200)
                .json()
                .path("id")
                .asText();
        assertThat(server.admin().delete(user + "/groups/" + engineering).status())
                .as("a membership JIMS reports")
                .isEqualTo(400);
        server.admin().delete(user + "/groups/" + optOut).expect(204);
        assertThat(server.admin().get(user + "/groups").expect(200).json().findValuesAsText("path"))
                .containsExactly("/JIMS/Engineering");
    }

    private static int call(HttpClient http, String url, String token, boolean post) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token);
        b = post ? b.POST(HttpRequest.BodyPublishers.noBody()) : b.GET();
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static String userToken(KeycloakServer server, String username, String... realmManagementRoles)
            throws Exception {
        return token(server, realm.name(), username, "realm-management", realmManagementRoles);
    }

    private static void deleteUser(KeycloakServer server, String realmName, String username) {
        for (JsonNode u : server.admin()
                .get("/realms/" + realmName + "/users?exact=true&username=" + username)
                .expect(200)
                .json()) {
            server.admin()
                    .delete("/realms/" + realmName + "/users/" + u.path("id").asText());
        }
    }

    /**
     * A new user of {@code realmName} with the {@code roles} of the client {@code roleClient}, logged
     * in with the admin-cli client (password grant): its access token.
     */
    private static String token(
            KeycloakServer server, String realmName, String username, String roleClient, String... roles)
            throws Exception {
        String r = "/realms/" + realmName;
        server.admin()
                .post(
                        r + "/users",
                        Map.of(
                                "username",
                                username,
                                "enabled",
                                true,
                                "firstName",
                                "It",
                                "lastName",
                                "User",
                                "email",
                                username + "@example.com",
                                "emailVerified",
                                true,
                                "credentials",
                                List.of(Map.of("type", "password", "value", "pw-" + username, "temporary", false))))
                .expect(201);
        String uid = server.admin()
                .get(r + "/users?exact=true&username=" + username)
                .expect(200)
                .json()
                .get(0)
                .path("id")
                .asText();
        for (String role : roles) {
            if (role == null) {
                continue;
            }
            String cid = server.admin()
                    .get(r + "/clients?clientId=" + roleClient)
                    .expect(200)
                    .json()
                    .get(0)
                    .path("id")
                    .asText();
            JsonNode representation = server.admin()
                    .get(r + "/clients/" + cid + "/roles/" + role)
                    .expect(200)
                    .json();
            server.admin()
                    .post(
                            r + "/users/" + uid + "/role-mappings/clients/" + cid,
                            List.of(new ObjectMapper().convertValue(representation, Map.class)))
                    .expect(204);
        }
        String form = "grant_type=password&client_id=admin-cli&username=" + username + "&password=pw-" + username;
        HttpResponse<String> resp = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.baseUrl() + r + "/protocol/openid-connect/token"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(form))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
        return new ObjectMapper().readTree(resp.body()).path("access_token").asText();
    }
}
