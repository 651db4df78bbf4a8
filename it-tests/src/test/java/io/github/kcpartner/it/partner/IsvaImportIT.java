package io.github.kcpartner.it.partner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kcpartner.it.harness.KeycloakExtension;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.harness.TestRealm;
import io.github.kcpartner.it.harness.TestVault;
import io.github.kcpartner.it.keycloak.KeycloakAdminClient;
import io.github.kcpartner.it.op.OidcProviderPeer;
import io.github.kcpartner.it.op.RegisteredClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * #24, migration from ISVA: {@code POST /admin/realms/{realm}/partner-import/isva} against a real
 * Keycloak. The dry run of each fixture reports exactly the expected mapping and creates nothing;
 * an applied import logs a user in through the imported provider at the OP peer (Chromium) with
 * the imported rule's and mappers' effect on the user; every bad input and every refused apply
 * leaves nothing behind.
 */
@ExtendWith(KeycloakExtension.class)
@DisplayName("ISVA partner import")
class IsvaImportIT {

    private static final String REALM = "isva-import";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/realms/" + REALM + "/partner-import/isva";

    private static TestRealm realm;
    private static Path rules;

    @BeforeAll
    static void start(KeycloakServer server) throws IOException {
        realm = TestRealm.create(server, REALM);
        ObjectNode profile = (ObjectNode) server.admin()
                .get("/realms/" + REALM + "/users/profile")
                .expect(200)
                .json();
        profile.put("unmanagedAttributePolicy", "ENABLED");
        for (JsonNode attribute : profile.path("attributes")) {
            if (Set.of("firstName", "lastName").contains(attribute.path("name").asText())) {
                ((ObjectNode) attribute).remove("required");
            }
        }
        server.admin().put("/realms/" + REALM + "/users/profile", profile).expect(200);
        rules = Files.createDirectories(Path.of(System.getProperty("kc.home"), "partner-rules"));
        server.admin().delete("/realms/" + REALM + "/admin-events"); // the test client's creation
    }

    @AfterAll
    static void stop() {
        realm.close();
    }

    @AfterEach
    void clean(KeycloakServer server) throws IOException {
        for (JsonNode idp : server.admin()
                .get("/realms/" + REALM + "/identity-provider/instances")
                .expect(200)
                .json()) {
            server.admin()
                    .delete("/realms/" + REALM + "/identity-provider/instances/"
                            + idp.path("alias").asText());
        }
        for (String rule : List.of("acme-identity", "initech-advanced", "initech-unused", "hooli-identity")) {
            Files.deleteIfExists(rules.resolve(rule + ".js"));
        }
        realm.deleteUsers();
        server.admin().delete("/realms/" + REALM + "/admin-events");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "metadata-javascript.json",
                "nometadata-jwe-webservice.json",
                "advanced-configuration.json",
                "unknown-fields.json"
            })
    @DisplayName("given an ISVA fixture, then the dry run reports exactly the expected mapping and creates nothing")
    void dryRun(String fixture, KeycloakServer server) {
        KeycloakAdminClient.Response answer = server.admin().post(PATH, fixture(fixture));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode plan = answer.json();
        assertThat(plan.path("applied").asBoolean()).isFalse();
        assertThat(lines(plan, "config ", "report ")).isEqualTo(expected(fixture, "config ", "report "));
        assertThat(plan.path("summary").path("not understood").asLong())
                .isEqualTo(expected(fixture, "report ").stream()
                        .filter(l -> l.contains("| not understood |"))
                        .count());
        assertNothingCreated(server);
    }

    @Test
    @DisplayName(
            "given the metadata + JavaScript partner applied, then alice logs in through it with the rule's username and the mappers' attributes")
    void applyThenLogin(KeycloakServer server, OidcProviderPeer op) throws IOException {
        String alias = "acme-partner";
        RegisteredClient client = op.registerClient(PartnerFixture.clientMetadata(server, realm, alias, "code"));
        ObjectNode body = (ObjectNode) JSON.readTree(fixture("metadata-javascript.json"));
        ObjectNode configuration = (ObjectNode) body.path("partner").path("configuration");
        configuration.put("clientId", client.clientId());
        configuration.put("clientSecret", client.clientSecret());
        ((ObjectNode) configuration.path("basicConfiguration").path("properties"))
                .put("metadataEndpointUrl", op.discoveryUri().toString());

        KeycloakAdminClient.Response answer = server.admin().post(PATH + "?apply=true", body);

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(answer.body()).doesNotContain(client.clientSecret());
        JsonNode plan = answer.json();
        assertThat(plan.path("applied").asBoolean()).isTrue();
        JsonNode vault = plan.path("vault").get(0);
        assertThat(vault.path("reference").asText()).isEqualTo("${vault.acme-partner-client-secret}");
        assertThat(vault.path("file").asText()).endsWith("/" + REALM + "_acme-partner-client-secret");
        TestVault.put(REALM, vault.path("key").asText(), client.clientSecret());

        JsonNode idp = server.admin()
                .get("/realms/" + REALM + "/identity-provider/instances/" + alias)
                .expect(200)
                .json();
        assertThat(idp.path("providerId").asText()).isEqualTo("partner-openid-connect");
        assertThat(idp.path("displayName").asText()).isEqualTo("ACME Partner");
        assertThat(idp.path("config").path("identityMappingRule").asText()).isEqualTo("acme-identity");
        assertThat(Files.readString(rules.resolve("acme-identity.js")))
                .contains("result.setUsername('acme-' + claims.idToken.sub);");
        JsonNode mappers = server.admin()
                .get("/realms/" + REALM + "/identity-provider/instances/" + alias + "/mappers")
                .expect(200)
                .json();
        assertThat(mappers.findValuesAsText("name")).containsExactlyInAnyOrder("email", "partnerTier");

        JsonNode events = server.admin()
                .get("/realms/" + REALM + "/admin-events?operationTypes=CREATE&resourceTypes=IDENTITY_PROVIDER")
                .expect(200)
                .json();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).path("resourcePath").asText()).endsWith(alias);
        assertThat(events.get(0).toString())
                .doesNotContain(client.clientSecret())
                .contains("acme-identity");

        PartnerFixture.assertAliceLogsIn(server, realm, alias);

        JsonNode users = server.admin()
                .get("/realms/" + REALM + "/users?exact=true&briefRepresentation=false&username=acme-alice")
                .expect(200)
                .json();
        assertThat(users).as("the imported rule named the user").hasSize(1);
        JsonNode user = users.get(0);
        assertThat(user.path("attributes").path("isvaPartner").get(0).asText()).isEqualTo("ACME Partner");
        assertThat(user.path("attributes").path("partnerTier").get(0).asText()).isEqualTo("gold");
        assertThat(user.path("email").asText()).isEqualTo("alice@partner.example");

        if (server.logFile() != null) {
            assertThat(Files.readString(server.logFile())).as("the server log").doesNotContain(client.clientSecret());
        }

        KeycloakAdminClient.Response again = server.admin().post(PATH + "?apply=true", body);
        assertThat(again.status()).as("the alias is taken").isEqualTo(409);
        assertThat(again.json().path("reason").asText()).contains("acme-partner exists");
    }

    @Test
    @DisplayName(
            "given the advanced configuration partner applied, then the imported rule's parameter reaches the OP and identity mapping none names alice by sub")
    void applyAdvancedThenLogin(KeycloakServer server, OidcProviderPeer op) throws IOException {
        String alias = "initech";
        RegisteredClient client = op.registerClient(PartnerFixture.clientMetadata(server, realm, alias, "code"));
        ObjectNode body = (ObjectNode) JSON.readTree(withMetadata(fixture("advanced-configuration.json"), op));
        ObjectNode configuration = (ObjectNode) body.path("partner").path("configuration");
        configuration.put("clientId", client.clientId());
        configuration.put("clientSecret", client.clientSecret());

        KeycloakAdminClient.Response answer = server.admin().post(PATH + "?apply=true", body);

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(answer.json().path("rules").findValuesAsText("name")).containsExactly("initech-advanced");
        assertThat(rules.resolve("initech-unused.js"))
                .as("a rule the partner does not reference")
                .doesNotExist();
        TestVault.put(REALM, answer.json().path("vault").get(0).path("key").asText(), client.clientSecret());
        op.reset();

        PartnerFixture.assertAliceLogsIn(server, realm, alias);

        assertThat(op.authorizationRequests().get(0).toString()).contains("initech-migrated");
        assertThat(realm.user("alice"))
                .as("identity mapping none: the partner's sub")
                .isNotNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not JSON | {\"partner\": { | invalid_json",
                "not an OIDC RP partner | {\"partner\": {\"name\": \"sp\", \"role\": \"sp\", \"configuration\": {}}} | not_oidc_rp_partner",
                "a bad rule name | {\"partner\": {\"name\": \"x\", \"configuration\": {\"clientId\": \"a\", \"basicConfiguration\": {}}}, \"mappingRules\": [{\"id\": \"1\", \"name\": \"../../conf/evil\", \"content\": \"x\"}]} | invalid_rule_name"
            })
    @DisplayName("given bad input, then apply is refused with 400 and the reason, and nothing is created")
    void badInput(String what, String body, String error, KeycloakServer server) {
        KeycloakAdminClient.Response answer = server.admin().post(PATH + "?apply=true", body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("error").asText()).isEqualTo(error);
        assertThat(answer.json().path("reason").asText()).isNotBlank();
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("at io.");
        assertNothingCreated(server);
    }

    @Test
    @DisplayName(
            "given an admin who may view the realm but not manage identity providers, then the import is refused (403)")
    void needsManageIdentityProviders(KeycloakServer server) {
        KeycloakAdminClient admin = server.admin();
        Map<String, Object> user = new java.util.LinkedHashMap<>();
        user.put("username", "isva-viewer");
        user.put("enabled", true);
        user.put("email", "isva-viewer@example.com");
        user.put("firstName", "Isva");
        user.put("lastName", "Viewer");
        user.put("credentials", List.of(Map.of("type", "password", "value", "viewer-password", "temporary", false)));
        String location = admin.post("/realms/master/users", user).expect(201).location();
        String userId = location.substring(location.lastIndexOf('/') + 1);
        try {
            String client = admin.get("/realms/master/clients?clientId=" + REALM + "-realm")
                    .expect(200)
                    .json()
                    .get(0)
                    .path("id")
                    .asText();
            JsonNode viewRealm = admin.get("/realms/master/clients/" + client + "/roles/view-realm")
                    .expect(200)
                    .json();
            admin.post("/realms/master/users/" + userId + "/role-mappings/clients/" + client, List.of(viewRealm))
                    .expect(204);
            KeycloakAdminClient viewer = new KeycloakAdminClient(server.baseUrl(), "isva-viewer", "viewer-password");

            KeycloakAdminClient.Response answer = viewer.post(PATH, fixture("metadata-javascript.json"));

            assertThat(answer.status()).isEqualTo(403);
            assertThat(answer.body()).doesNotContain("acme-partner");
            assertNothingCreated(server);
        } finally {
            admin.delete("/realms/master/users/" + userId);
        }
    }

    @Test
    @DisplayName("given more than 1 MiB, then the import is refused with 400 too_large and nothing is created")
    void tooLarge(KeycloakServer server) {
        char[] pad = new char[1024 * 1024];
        Arrays.fill(pad, ' ');
        String body = "{\"partner\": {\"name\": \"big\"}, \"pad\": \"" + new String(pad) + "\"}";

        KeycloakAdminClient.Response answer = server.admin().post(PATH + "?apply=true", body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("error").asText()).isEqualTo("too_large");
        assertNothingCreated(server);
    }

    @Test
    @DisplayName("given fields not understood, then apply is refused unless forced; forced, the rest is created")
    void notUnderstoodNeedsForce(KeycloakServer server, OidcProviderPeer op) throws IOException {
        String body = withMetadata(fixture("unknown-fields.json"), op);
        KeycloakAdminClient.Response answer = server.admin().post(PATH + "?apply=true", body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("error").asText()).isEqualTo("import_refused");
        assertThat(answer.json().path("reason").asText()).contains("not understood");
        assertThat(answer.body()).doesNotContain("hooli-secret-from-isva");
        assertNothingCreated(server);

        KeycloakAdminClient.Response forced = server.admin().post(PATH + "?apply=true&force=true", body);

        assertThat(forced.status()).as(forced.body()).isEqualTo(201);
        JsonNode config = server.admin()
                .get("/realms/" + REALM + "/identity-provider/instances/hooli")
                .expect(200)
                .json()
                .path("config");
        assertThat(config.has("clientAuthMethod"))
                .as("tls_client_auth, not understood, is left out")
                .isFalse();
        assertThat(config.path("identityMappingRule").asText()).isEqualTo("hooli-identity");
        assertThat(server.admin()
                        .get("/realms/" + REALM + "/identity-provider/instances/hooli/mappers")
                        .expect(200)
                        .json())
                .as("the LDAP source's mapper is not made")
                .isEmpty();
        assertThat(rules.resolve("hooli-identity.js")).exists();
    }

    @Test
    @DisplayName(
            "given keystores the server does not have, then apply is refused with the console's save-time message and nothing is created")
    void saveTimeRulesApply(KeycloakServer server) {
        KeycloakAdminClient.Response answer =
                server.admin().post(PATH + "?apply=true", fixture("nometadata-jwe-webservice.json"));

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().path("reason").asText()).contains("console would refuse");
        assertNothingCreated(server);
    }

    @Test
    @DisplayName(
            "given a rule file of another text, then apply is refused (409) and the file kept; overwrite=true replaces it")
    void ruleConflict(KeycloakServer server, OidcProviderPeer op) throws IOException {
        Files.writeString(rules.resolve("initech-advanced.js"), "result.setParameter('prompt', 'login');\n");
        String body = withMetadata(fixture("advanced-configuration.json"), op);

        KeycloakAdminClient.Response refused = server.admin().post(PATH + "?apply=true", body);

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().path("rules").get(0).path("action").asText()).isEqualTo("conflict");
        assertThat(Files.readString(rules.resolve("initech-advanced.js"))).contains("prompt");
        assertThat(server.admin()
                        .get("/realms/" + REALM + "/identity-provider/instances")
                        .expect(200)
                        .json())
                .isEmpty();

        KeycloakAdminClient.Response applied = server.admin().post(PATH + "?apply=true&overwrite=true", body);

        assertThat(applied.status()).as(applied.body()).isEqualTo(201);
        assertThat(Files.readString(rules.resolve("initech-advanced.js"))).contains("login_hint");
    }

    private static String withMetadata(String fixture, OidcProviderPeer op) {
        try {
            ObjectNode body = (ObjectNode) JSON.readTree(fixture);
            ((ObjectNode) body.path("partner")
                            .path("configuration")
                            .path("basicConfiguration")
                            .path("properties"))
                    .put("metadataEndpointUrl", op.discoveryUri().toString());
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertNothingCreated(KeycloakServer server) {
        assertThat(server.admin()
                        .get("/realms/" + REALM + "/identity-provider/instances")
                        .expect(200)
                        .json())
                .as("no identity provider")
                .isEmpty();
        for (String rule : List.of("acme-identity", "initech-advanced", "hooli-identity")) {
            assertThat(rules.resolve(rule + ".js")).as("no rule file " + rule).doesNotExist();
        }
        assertThat(server.admin()
                        .get("/realms/" + REALM + "/admin-events?operationTypes=CREATE&resourceTypes=IDENTITY_PROVIDER")
                        .expect(200)
                        .json())
                .as("no admin event of a creation")
                .isEmpty();
    }

    /** The lines of the plan as IsvaFixtures (provider unit tests) renders them, for the given prefixes. */
    private static List<String> lines(JsonNode plan, String... prefixes) {
        List<String> lines = new ArrayList<>();
        new TreeMap<String, String>(JSON.convertValue(plan.path("provider").path("config"), Map.class))
                .forEach((k, v) -> lines.add("config " + k + " = " + v));
        Map<String, String> report = new TreeMap<>();
        for (JsonNode e : plan.path("report")) {
            report.merge(
                    e.path("field").asText(),
                    e.path("status").asText() + " | " + e.path("setting").asText(),
                    (a, b) -> a + " ; " + b);
        }
        report.forEach((k, v) -> lines.add("report " + k + " | " + v));
        return lines.stream()
                .filter(l -> Arrays.stream(prefixes).anyMatch(l::startsWith))
                .toList();
    }

    private static List<String> expected(String fixture, String... prefixes) {
        return Arrays.stream(resource(fixture.replace(".json", ".expected.txt")).split("\n"))
                .filter(l -> Arrays.stream(prefixes).anyMatch(l::startsWith))
                .toList();
    }

    private static String fixture(String name) {
        return resource(name);
    }

    private static String resource(String name) {
        try (InputStream in = IsvaImportIT.class.getResourceAsStream("/isva/" + name)) {
            assertThat(in).as("fixture " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
