package io.github.kcpartner.it.mapper;

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
import io.github.kcpartner.it.partner.PartnerFixture;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The partner attribute mapper through real browser logins as the oidc-provider peer's alice:
 * every source (fixed, ID token claim, userinfo claim, LDAP with its own connection, LDAP through
 * the realm's LDAP user federation), the sync modes on a second login, and a failing LDAP lookup.
 */
@ExtendWith(KeycloakExtension.class)
@DisplayName("partner-oidc attribute mapper")
class AttributeMappingIT {

    private static final String REALM = "attribute-mapping";
    private static final String MAPPER = "partner-oidc-attribute-mapper";

    private static TestRealm realm;
    private static TestDirectory directory;
    private static KeycloakAdminClient admin;

    @BeforeAll
    static void start(KeycloakServer server) throws Exception {
        realm = TestRealm.create(server, REALM);
        admin = server.admin();
        directory = TestDirectory.start();
        ObjectNode profile = (ObjectNode)
                admin.get("/realms/" + REALM + "/users/profile").expect(200).json();
        profile.put("unmanagedAttributePolicy", "ENABLED");
        admin.put("/realms/" + REALM + "/users/profile", profile).expect(200);
        admin.post("/realms/" + REALM + "/components", ldapFederation()).expect(201);
        TestVault.put(REALM, "ldap_bind", TestDirectory.BIND_PASSWORD);
        TestVault.put(REALM, "ldap_wrong", "not-the-password-31");
    }

    @AfterAll
    static void stop() {
        realm.close();
        directory.close();
    }

    @AfterEach
    void forgetUsers() {
        realm.deleteUsers();
    }

    @Test
    @DisplayName(
            "given mappers of every source, then alice's user carries each value; a second login follows each sync mode")
    void everySourceAndSyncModes(KeycloakServer server, OidcProviderPeer op) throws Exception {
        String alias = "partner-attrs";
        putPartner(server, op, alias);
        addMapper(
                alias,
                "fixed-force",
                "FORCE",
                Map.of("attributeName", "partnerTier", "sourceType", "fixed", "fixedValue", "gold##silver"));
        addMapper(
                alias,
                "fixed-import",
                "IMPORT",
                Map.of("attributeName", "partnerOnboarding", "sourceType", "fixed", "fixedValue", "v1"));
        addMapper(
                alias,
                "id-token-country",
                "INHERIT",
                Map.of(
                        "attributeName",
                        "partnerCountry",
                        "sourceType",
                        "credential",
                        "credentialSource",
                        "idToken",
                        "claimPath",
                        "address.country"));
        addMapper(
                alias,
                "userinfo-dept",
                "INHERIT",
                Map.of(
                        "attributeName",
                        "partnerDept",
                        "sourceType",
                        "credential",
                        "credentialSource",
                        "userinfo",
                        "claimPath",
                        "org.dept"));
        addMapper(
                alias,
                "identity-last-name",
                "INHERIT",
                Map.of("attributeName", "lastName", "sourceType", "fixed", "fixedValue", "Anderson-Partner"));
        addMapper(
                alias,
                "ldap-own",
                "FORCE",
                Map.of(
                        "attributeName",
                        "ldapDepartments",
                        "sourceType",
                        "ldap",
                        "ldapUrl",
                        directory.url(),
                        "ldapBindDn",
                        TestDirectory.BIND_DN,
                        "ldapBindCredentialVaultKey",
                        "ldap_bind",
                        "ldapSearchBase",
                        TestDirectory.ROOT,
                        "ldapFilter",
                        "(&(objectClass=inetOrgPerson)(employeeNumber=${identity.id}))",
                        "ldapAttribute",
                        "departmentNumber",
                        "ldapAllowPlain",
                        "true"));
        addMapper(
                alias,
                "ldap-federation",
                "IMPORT",
                Map.of(
                        "attributeName",
                        "ldapTitle",
                        "sourceType",
                        "ldap",
                        "ldapComponent",
                        "corp-ldap",
                        "ldapFilter",
                        "(employeeNumber=${claim.idToken.sub})",
                        "ldapAttribute",
                        "title",
                        "ldapAllowPlain",
                        "true"));

        assertAliceLogsIn(server, alias);
        JsonNode alice = fullUser("alice");
        assertThat(values(alice, "partnerTier")).containsExactlyInAnyOrder("gold", "silver");
        assertThat(values(alice, "partnerOnboarding")).containsExactly("v1");
        assertThat(values(alice, "partnerCountry")).containsExactly("US");
        assertThat(values(alice, "partnerDept")).containsExactly("engineering");
        assertThat(alice.path("lastName").asText()).isEqualTo("Anderson-Partner");
        assertThat(values(alice, "ldapDepartments")).containsExactlyInAnyOrder("D-42", "D-43");
        assertThat(values(alice, "ldapTitle")).containsExactly("Architect");

        // the sources change between the two logins
        updateMapperConfig(alias, "fixed-force", "fixedValue", "platinum");
        updateMapperConfig(alias, "fixed-import", "fixedValue", "v2");
        directory.replace(TestDirectory.ALICE, "departmentNumber", "D-99");
        directory.replace(TestDirectory.ALICE, "title", "Director");

        assertAliceLogsIn(server, alias);
        alice = fullUser("alice");
        assertThat(values(alice, "partnerTier")).as("FORCE updates").containsExactly("platinum");
        assertThat(values(alice, "ldapDepartments")).as("FORCE updates").containsExactly("D-99");
        assertThat(values(alice, "partnerOnboarding")).as("IMPORT keeps").containsExactly("v1");
        assertThat(values(alice, "ldapTitle")).as("IMPORT keeps").containsExactly("Architect");
    }

    @Test
    @DisplayName(
            "given an unreachable LDAP server, then the login fails with an error page, our reason in the event, and no user")
    void unreachableLdapFailsTheLogin(KeycloakServer server, OidcProviderPeer op) throws Exception {
        String alias = "partner-attrs-down";
        putPartner(server, op, alias);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        addMapper(alias, "ldap-down", "INHERIT", ownLdap("ldap://127.0.0.1:" + closedPort, "${vault.ldap_bind}"));
        assertLoginRefused(server, alias, "attribute_mapping_failed", TestDirectory.BIND_PASSWORD);
    }

    @Test
    @DisplayName(
            "given a wrong LDAP bind credential, then the login fails with our reason, no user, and the credential nowhere")
    void badBindFailsTheLogin(KeycloakServer server, OidcProviderPeer op) throws Exception {
        String alias = "partner-attrs-bad-bind";
        putPartner(server, op, alias);
        addMapper(alias, "ldap-bad-bind", "INHERIT", ownLdap(directory.url(), "${vault.ldap_wrong}"));
        assertLoginRefused(server, alias, "attribute_mapping_failed", "not-the-password-31");
    }

    @Test
    @DisplayName(
            "given a plain bind credential instead of a vault reference, then it is never used: the login fails with attribute_mapping_config_invalid")
    void plainBindCredentialRefused(KeycloakServer server, OidcProviderPeer op) throws Exception {
        String alias = "partner-attrs-plain";
        putPartner(server, op, alias);
        addMapper(alias, "ldap-plain", "INHERIT", ownLdap(directory.url(), TestDirectory.BIND_PASSWORD));
        assertLoginRefused(server, alias, "attribute_mapping_config_invalid", TestDirectory.BIND_PASSWORD);
    }

    @Test
    @DisplayName(
            "given a mapper saved without attribute name, then the login fails with reason attribute_mapping_config_invalid")
    void brokenConfigFailsTheLogin(KeycloakServer server, OidcProviderPeer op) throws Exception {
        String alias = "partner-attrs-broken";
        putPartner(server, op, alias);
        addMapper(alias, "no-name", "INHERIT", Map.of("sourceType", "fixed", "fixedValue", "x"));
        assertLoginRefused(server, alias, "attribute_mapping_config_invalid", "no secret here");
    }

    @Test
    @DisplayName(
            "given the realm's LDAP federation on plain ldap:// without StartTLS, then a mapper that borrows it is refused unless plain LDAP is allowed")
    void borrowedPlainLdapRefused(KeycloakServer server, OidcProviderPeer op) throws Exception {
        String alias = "partner-attrs-borrowed-plain";
        putPartner(server, op, alias);
        addMapper(
                alias,
                "ldap-borrowed-plain",
                "INHERIT",
                Map.of(
                        "attributeName",
                        "ldapTitle",
                        "sourceType",
                        "ldap",
                        "ldapComponent",
                        "corp-ldap",
                        "ldapFilter",
                        "(employeeNumber=${claim.idToken.sub})",
                        "ldapAttribute",
                        "title"));
        assertLoginRefused(server, alias, "attribute_mapping_failed", TestDirectory.BIND_PASSWORD);
    }

    @Test
    @DisplayName(
            "given a mapper that borrows the LDAP federation with a search base outside its users DN, then the login is refused")
    void borrowedBaseConfinedToUsersDn(KeycloakServer server, OidcProviderPeer op) throws Exception {
        String alias = "partner-attrs-borrowed-base";
        putPartner(server, op, alias);
        addMapper(
                alias,
                "ldap-borrowed-base",
                "INHERIT",
                Map.of(
                        "attributeName",
                        "ldapTitle",
                        "sourceType",
                        "ldap",
                        "ldapComponent",
                        "corp-ldap",
                        "ldapSearchBase",
                        TestDirectory.ROOT,
                        "ldapAllowPlain",
                        "true",
                        "ldapFilter",
                        "(employeeNumber=${claim.idToken.sub})",
                        "ldapAttribute",
                        "title"));
        assertLoginRefused(server, alias, "attribute_mapping_config_invalid", TestDirectory.BIND_PASSWORD);
    }

    private static Map<String, String> ownLdap(String url, String password) {
        return Map.of(
                "attributeName",
                "ldapDepartments",
                "sourceType",
                "ldap",
                "ldapUrl",
                url,
                "ldapAllowPlain",
                "true",
                "ldapBindDn",
                TestDirectory.BIND_DN,
                "ldapBindCredential",
                password,
                "ldapSearchBase",
                TestDirectory.ROOT,
                "ldapFilter",
                "(employeeNumber=${identity.id})",
                "ldapAttribute",
                "departmentNumber",
                "ldapConnectTimeout",
                "2000");
    }

    private static void assertLoginRefused(KeycloakServer server, String alias, String reason, String secret) {
        realm.clearEvents();
        PartnerLoginFlow.Outcome outcome;
        try (Browser browser = Browser.start()) {
            outcome = PartnerLoginFlow.login(browser, server, realm, alias, "alice", "alice-password");
        }
        assertThat(outcome.success()).isFalse();
        assertThat(outcome.errorText())
                .contains("account attributes could not be determined")
                .doesNotContain(secret);
        JsonNode event = realm.loginErrors().get(0);
        assertThat(event.path("details").path("reason").asText()).isEqualTo(reason);
        assertThat(event.path("details").path("identity_provider").asText()).isEqualTo(alias);
        assertThat(event.toString()).doesNotContain(secret);
        assertThat(realm.user("alice")).as("no user created").isNull();
    }

    @Test
    @DisplayName("given the mapper types of a partner-oidc provider, then the partner attribute mapper is offered")
    void offered(KeycloakServer server, OidcProviderPeer op) {
        String alias = "partner-attrs-types";
        putPartner(server, op, alias);
        JsonNode types = admin.get("/realms/" + REALM + "/identity-provider/instances/" + alias + "/mapper-types")
                .expect(200)
                .json();
        assertThat(types.path(MAPPER).path("name").asText()).isEqualTo("Partner attribute");
        assertThat(types.path(MAPPER).path("category").asText()).isEqualTo("Attribute Importer");
    }

    private static void putPartner(KeycloakServer server, OidcProviderPeer op, String alias) {
        realm.putIdentityProvider(
                alias,
                "partner-openid-connect",
                PartnerFixture.codeFlowPartner(server, op, realm, alias, "openid profile email address org"));
    }

    private static void addMapper(String alias, String name, String syncMode, Map<String, String> config) {
        Map<String, String> all = new LinkedHashMap<>(config);
        all.put("syncMode", syncMode);
        admin.post(
                        "/realms/" + REALM + "/identity-provider/instances/" + alias + "/mappers",
                        Map.of(
                                "name",
                                name,
                                "identityProviderAlias",
                                alias,
                                "identityProviderMapper",
                                MAPPER,
                                "config",
                                all))
                .expect(201);
    }

    private static void updateMapperConfig(String alias, String name, String key, String value) {
        String base = "/realms/" + REALM + "/identity-provider/instances/" + alias + "/mappers";
        for (JsonNode mapper : admin.get(base).expect(200).json()) {
            if (name.equals(mapper.path("name").asText())) {
                ((ObjectNode) mapper.path("config")).put(key, value);
                admin.put(base + "/" + mapper.path("id").asText(), mapper).expect(204);
                return;
            }
        }
        throw new AssertionError("no mapper " + name);
    }

    private static void assertAliceLogsIn(KeycloakServer server, String alias) {
        PartnerLoginFlow.Outcome outcome;
        try (Browser browser = Browser.start()) {
            outcome = PartnerLoginFlow.login(browser, server, realm, alias, "alice", "alice-password");
        }
        assertThat(outcome.errorText()).as("Keycloak error page").isNull();
        assertThat(outcome.success()).isTrue();
    }

    private static JsonNode fullUser(String username) {
        JsonNode brief = realm.user(username);
        assertThat(brief).as("user " + username).isNotNull();
        return admin.get("/realms/" + REALM + "/users/" + brief.path("id").asText())
                .expect(200)
                .json();
    }

    private static List<String> values(JsonNode user, String attribute) {
        List<String> values = new java.util.ArrayList<>();
        user.path("attributes").path(attribute).forEach(v -> values.add(v.asText()));
        return values;
    }

    private static Map<String, Object> ldapFederation() {
        String realmId =
                admin.get("/realms/" + REALM).expect(200).json().path("id").asText();
        Map<String, List<String>> config = new LinkedHashMap<>();
        config.put("enabled", List.of("true"));
        config.put("vendor", List.of("other"));
        config.put("connectionUrl", List.of(directory.url()));
        config.put("bindDn", List.of(TestDirectory.BIND_DN));
        config.put("bindCredential", List.of(TestDirectory.BIND_PASSWORD));
        config.put("authType", List.of("simple"));
        config.put("usersDn", List.of(TestDirectory.PEOPLE));
        config.put("usernameLDAPAttribute", List.of("uid"));
        config.put("rdnLDAPAttribute", List.of("uid"));
        config.put("uuidLDAPAttribute", List.of("entryUUID"));
        config.put("userObjectClasses", List.of("inetOrgPerson"));
        config.put("editMode", List.of("READ_ONLY"));
        config.put("searchScope", List.of("2"));
        config.put("importEnabled", List.of("true"));
        config.put("syncRegistrations", List.of("false"));
        config.put("fullSyncPeriod", List.of("-1"));
        config.put("changedSyncPeriod", List.of("-1"));
        config.put("pagination", List.of("false"));
        config.put("connectionTimeout", List.of("3000"));
        Map<String, Object> component = new LinkedHashMap<>();
        component.put("name", "corp-ldap");
        component.put("providerId", "ldap");
        component.put("providerType", "org.keycloak.storage.UserStorageProvider");
        component.put("parentId", realmId);
        component.put("config", config);
        return component;
    }
}
