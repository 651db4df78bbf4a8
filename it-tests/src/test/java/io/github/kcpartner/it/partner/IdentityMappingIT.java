package io.github.kcpartner.it.partner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kcpartner.it.harness.Browser;
import io.github.kcpartner.it.harness.KeycloakExtension;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.harness.PartnerLoginFlow;
import io.github.kcpartner.it.harness.TestRealm;
import io.github.kcpartner.it.harness.TestVault;
import io.github.kcpartner.it.keycloak.KeycloakAdminClient;
import io.github.kcpartner.it.op.OidcProviderPeer;
import io.github.kcpartner.it.sts.StsServer;
import io.github.kcpartner.testsupport.tls.IssuedCert;
import io.github.kcpartner.testsupport.tls.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The identity mapping modes of partner-oidc, through a real browser login at oidc-provider:
 * federation, none, a JavaScript rule, and an external web service (STSUniversalUser as XML or
 * in WS-Trust 1.3) over HTTPS with a client certificate; failures stop the login with our reason
 * and create no user; bad settings are refused at save time.
 */
@ExtendWith(KeycloakExtension.class)
@DisplayName("partner-oidc identity mapping")
class IdentityMappingIT {

    private static final String REALM = "identity-mapping";
    private static final String STORE_PASSWORD = "it-store-password";

    private static TestRealm realm;
    private static StsServer sts;
    private static StsServer basicSts;
    private static final String BASIC_PASSWORD = "it-basic-password";
    private static Path truststore;
    private static Path clientKeystore;

    @BeforeAll
    static void start(KeycloakServer server) throws Exception {
        realm = TestRealm.create(server, REALM);
        ObjectNode profile = (ObjectNode) server.admin()
                .get("/realms/" + REALM + "/users/profile")
                .expect(200)
                .json();
        profile.put("unmanagedAttributePolicy", "ENABLED");
        // Without the profile scope the partner sends no names: make them optional, so that the
        // first-broker-login flow does not stop at "review profile".
        for (JsonNode attribute : profile.path("attributes")) {
            if (Set.of("firstName", "lastName").contains(attribute.path("name").asText())) {
                ((ObjectNode) attribute).remove("required");
            }
        }
        server.admin().put("/realms/" + REALM + "/users/profile", profile).expect(200);

        Path dir = Files.createDirectories(Path.of(System.getProperty("kc.home"), "conf", "partner", "sts"));
        TestPki pki = TestPki.create("it-sts");
        IssuedCert serverCert = pki.issueServer("127.0.0.1", "localhost");
        sts = StsServer.start(serverCert.sslContextTrusting(pki));
        basicSts = StsServer.startWithBasic(serverCert.serverSslContext(), "keycloak", BASIC_PASSWORD);
        TestVault.put(REALM, "sts_basic", BASIC_PASSWORD);
        TestVault.put(REALM, "sts_wrong", "not-the-password");
        TestVault.put(REALM, "sts_store", STORE_PASSWORD);
        truststore = pki.writeTrustStore(dir.resolve("sts-trust.p12"), STORE_PASSWORD.toCharArray());
        clientKeystore = pki.issueClient("keycloak-rp")
                .writePkcs12(dir.resolve("sts-client.p12"), "client", STORE_PASSWORD.toCharArray());

        server.admin()
                .post("/realms/" + REALM + "/groups", Map.of("name", "partners"))
                .expect(201);
        String partners = server.admin()
                .get("/realms/" + REALM + "/groups?search=partners")
                .expect(200)
                .json()
                .get(0)
                .path("id")
                .asText();
        server.admin()
                .post("/realms/" + REALM + "/groups/" + partners + "/children", Map.of("name", "gold"))
                .expect(201);

        Path rules = Files.createDirectories(Path.of(System.getProperty("kc.home"), "partner-rules"));
        Files.writeString(
                rules.resolve("it-identity.js"),
                String.join(
                        "\n",
                        "result.setUsername('js-' + claims.idToken.sub);",
                        "result.setAttribute('partnerEmail', claims.userinfo.email || claims.idToken.email);",
                        "result.setAttribute('mappedFrom', identity.username);",
                        "result.addGroup('partners');",
                        "result.addGroup('/partners/gold');",
                        "result.addGroup('no-such-group');",
                        ""));
        Files.writeString(rules.resolve("it-identity-nouser.js"), "result.setAttribute('x', 'y');\n");
    }

    @AfterAll
    static void stop() {
        sts.close();
        basicSts.close();
        realm.close();
    }

    @AfterEach
    void reset() {
        realm.deleteUsers();
        sts.fault(StsServer.Fault.NONE);
        sts.clear();
    }

    @Test
    @DisplayName(
            "given federation (the default), then Keycloak's rules name the user: the email without a preferred_username")
    void federation(KeycloakServer server, OidcProviderPeer op) {
        putProvider(server, op, "fed", Map.of());
        assertLogsIn(server, "fed");
        assertThat(realm.user("alice@partner.example")).isNotNull();
    }

    @Test
    @DisplayName("given none, then the partner's sub is the username as is")
    void none(KeycloakServer server, OidcProviderPeer op) {
        putProvider(server, op, "none", Map.of("identityMapping", "none"));
        assertLogsIn(server, "none");
        assertThat(realm.user("alice")).isNotNull();
        assertThat(realm.user("alice@partner.example")).isNull();
    }

    @Test
    @DisplayName("given a JavaScript rule, then the rule's username and attributes make the user")
    void javascript(KeycloakServer server, OidcProviderPeer op) {
        putProvider(server, op, "js", Map.of("identityMapping", "javascript", "identityMappingRule", "it-identity"));
        assertLogsIn(server, "js");
        JsonNode user = fullUser(server, "js-alice");
        assertThat(user.path("attributes").path("partnerEmail").get(0).asText()).isEqualTo("alice@partner.example");
        assertThat(user.path("attributes").path("mappedFrom").get(0).asText()).isEqualTo("alice@partner.example");
        JsonNode groups = server.admin()
                .get("/realms/" + REALM + "/users/" + user.path("id").asText() + "/groups")
                .expect(200)
                .json();
        assertThat(groups.findValuesAsText("path")).containsExactlyInAnyOrder("/partners", "/partners/gold");
    }

    @Test
    @DisplayName("given a rule that sets no username, then the login fails with identity_mapping_failed and no user")
    void javascriptWithoutUsername(KeycloakServer server, OidcProviderPeer op) {
        putProvider(
                server,
                op,
                "js-nouser",
                Map.of("identityMapping", "javascript", "identityMappingRule", "it-identity-nouser"));
        assertFails(server, "js-nouser", "identity_mapping_failed");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"xml", "wstrust"})
    @DisplayName(
            "given the web service over HTTPS with a client certificate, then its principal and attributes make the user")
    void webService(String format, KeycloakServer server, OidcProviderPeer op) {
        String alias = "ws-" + format;
        putProvider(server, op, alias, webService(format));

        assertLogsIn(server, alias);

        JsonNode user = fullUser(server, "sts-alice");
        assertThat(user.path("attributes").path("department").get(0).asText()).isEqualTo("Engineering");
        assertThat(user.path("attributes").path("mappedBy").get(0).asText()).isEqualTo("it-sts");
        assertThat(sts.seen()).hasSize(1);
        StsServer.Seen seen = sts.seen().get(0);
        assertThat(seen.format()).isEqualTo(format);
        assertThat(seen.clientSubject()).contains("CN=keycloak-rp");
        assertThat(seen.principal()).isEqualTo("alice");
        assertThat(seen.body()).contains("urn:ibm:names:ITFIM:1.0:stsuuser", "alice@partner.example", alias);
        if (format.equals("wstrust")) {
            assertThat(seen.body())
                    .contains("RequestSecurityToken", "http://docs.oasis-open.org/ws-sx/ws-trust/200512/Validate");
        } else {
            assertThat(seen.body()).doesNotContain("Envelope");
        }
    }

    @Test
    @DisplayName(
            "given basic authentication with the password in the vault, then the service accepts the call; a wrong one fails")
    void webServiceWithBasic(KeycloakServer server, OidcProviderPeer op) {
        Map<String, String> config = new LinkedHashMap<>(webService("xml"));
        config.put("identityMappingServiceUrl", basicSts.url());
        config.put("identityMappingClientAuth", "basic");
        config.put("identityMappingUsername", "keycloak");
        config.put("identityMappingPassword", "${vault.sts_basic}");
        config.remove("identityMappingKeystore");
        config.remove("identityMappingKeystorePassword");
        putProvider(server, op, "ws-basic", config);

        assertLogsIn(server, "ws-basic");
        assertThat(fullUser(server, "sts-alice")
                        .path("attributes")
                        .path("mappedBy")
                        .get(0)
                        .asText())
                .isEqualTo("it-sts");
        realm.deleteUsers();

        config.put("identityMappingPassword", "${vault.sts_wrong}");
        putProvider(server, op, "ws-basic-wrong", config);
        assertFails(server, "ws-basic-wrong", "identity_mapping_failed");
        assertThat(basicSts.seen()).hasSize(2);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "HTTP_500, identity_mapping_unavailable",
        "SOAP_FAULT, identity_mapping_failed",
        "NO_ANSWER, identity_mapping_unavailable"
    })
    @DisplayName("given a failing web service, then the login fails with our reason, a clean page and no user")
    void webServiceFailures(StsServer.Fault fault, String reason, KeycloakServer server, OidcProviderPeer op) {
        Map<String, String> config = new LinkedHashMap<>(webService("wstrust"));
        config.put("identityMappingTimeoutMillis", "1500");
        putProvider(server, op, "ws-fail", config);
        sts.fault(fault);

        assertFails(server, "ws-fail", reason);
        assertThat(sts.seen()).as("the service was called").isNotEmpty();
    }

    @Test
    @DisplayName("given no client certificate, then the service refuses the TLS connection and the login fails")
    void withoutClientCertificate(KeycloakServer server, OidcProviderPeer op) {
        Map<String, String> config = new LinkedHashMap<>(webService("xml"));
        config.put("identityMappingClientAuth", "none");
        config.remove("identityMappingKeystore");
        config.remove("identityMappingKeystorePassword");
        putProvider(server, op, "ws-nocert", config);

        assertFails(server, "ws-nocert", "identity_mapping_unavailable");
        assertThat(sts.seen()).as("no request got through").isEmpty();
    }

    @Test
    @DisplayName("given bad identity mapping settings, then saving the provider is refused with the rule's message key")
    void refusedAtSaveTime(KeycloakServer server, OidcProviderPeer op) {
        assertRefused(
                server,
                op,
                Map.of("identityMapping", "javascript", "identityMappingRule", "no-such-rule"),
                "partnerOidc.error.identityMapping.ruleUnknown");
        assertRefused(
                server,
                op,
                Map.of(
                        "identityMapping",
                        "webservice",
                        "identityMappingServiceUrl",
                        sts.url(),
                        "identityMappingUriFormat",
                        "http"),
                "partnerOidc.error.identityMapping.uriFormatMismatch");
        assertRefused(
                server,
                op,
                Map.of(
                        "identityMapping",
                        "webservice",
                        "identityMappingServiceUrl",
                        sts.url(),
                        "identityMappingClientAuth",
                        "basic"),
                "partnerOidc.error.identityMapping.basicNeedsCredentials");
        assertRefused(
                server,
                op,
                Map.of(
                        "identityMapping",
                        "webservice",
                        "identityMappingServiceUrl",
                        sts.url(),
                        "identityMappingClientAuth",
                        "certificate",
                        "identityMappingKeystore",
                        "/nonexistent/client.p12"),
                "partnerOidc.error.identityMapping.storeUnreadable");
        // a readable file outside the partner files directory: the same refusal as a missing one
        assertRefused(
                server,
                op,
                Map.of(
                        "identityMapping",
                        "webservice",
                        "identityMappingServiceUrl",
                        sts.url(),
                        "identityMappingTruststore",
                        "/etc/passwd"),
                "partnerOidc.error.identityMapping.storeUnreadable");
    }

    private static Map<String, String> webService(String format) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("identityMapping", "webservice");
        config.put("identityMappingUriFormat", "https");
        config.put("identityMappingServiceUrl", sts.url());
        config.put("identityMappingTruststore", truststore.toString());
        config.put("identityMappingTruststorePassword", "${vault.sts_store}");
        config.put("identityMappingClientAuth", "certificate");
        config.put("identityMappingKeystore", clientKeystore.toString());
        config.put("identityMappingKeystorePassword", "${vault.sts_store}");
        config.put("identityMappingMessageFormat", format);
        return config;
    }

    private static Map<String, String> idpConfig(KeycloakServer server, OidcProviderPeer op, String alias) {
        return PartnerFixture.codeFlowPartner(server, op, realm, alias, "openid email");
    }

    private static void putProvider(
            KeycloakServer server, OidcProviderPeer op, String alias, Map<String, String> mapping) {
        Map<String, String> config = idpConfig(server, op, alias);
        config.putAll(mapping);
        realm.putIdentityProvider(alias, "partner-openid-connect", config);
        realm.clearEvents();
    }

    private static void assertRefused(
            KeycloakServer server, OidcProviderPeer op, Map<String, String> mapping, String key) {
        Map<String, String> config = idpConfig(server, op, "refused");
        config.putAll(mapping);
        KeycloakAdminClient.Response answer = realm.tryIdentityProvider("refused", "partner-openid-connect", config);
        assertThat(answer.status()).as(key).isEqualTo(400);
        assertThat(answer.json().path("errorMessage").asText())
                .contains(io.github.kcpartner.it.support.MessageBundle.text(key))
                .doesNotContain(key);
    }

    private static void assertLogsIn(KeycloakServer server, String alias) {
        PartnerLoginFlow.Outcome outcome = login(server, alias);
        assertThat(outcome.errorText()).as("Keycloak error page").isNull();
        assertThat(outcome.success()).isTrue();
    }

    private static void assertFails(KeycloakServer server, String alias, String reason) {
        PartnerLoginFlow.Outcome outcome = login(server, alias);
        assertThat(outcome.success()).isFalse();
        assertThat(outcome.errorText()).contains("could not be matched").doesNotContain("Exception");
        JsonNode error = realm.loginErrors().get(0);
        assertThat(error.path("details").path("identity_provider").asText()).isEqualTo(alias);
        assertThat(error.path("details").path("reason").asText()).isEqualTo(reason);
        assertThat(error.toString()).doesNotContain(STORE_PASSWORD);
        assertThat(server.admin()
                        .get("/realms/" + REALM + "/users/count")
                        .expect(200)
                        .body()
                        .trim())
                .isEqualTo("0");
    }

    private static PartnerLoginFlow.Outcome login(KeycloakServer server, String alias) {
        try (Browser browser = Browser.start()) {
            return PartnerLoginFlow.login(browser, server, realm, alias, "alice", "alice-password");
        }
    }

    private static JsonNode fullUser(KeycloakServer server, String username) {
        JsonNode users = server.admin()
                .get("/realms/" + REALM + "/users?exact=true&briefRepresentation=false&username=" + username)
                .expect(200)
                .json();
        assertThat(users).as("user " + username).hasSize(1);
        return users.get(0);
    }
}
