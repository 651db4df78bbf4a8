package io.github.kcpartner.it.mapper;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcpartner.it.harness.Browser;
import io.github.kcpartner.it.harness.KeycloakExtension;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.harness.PartnerLoginFlow;
import io.github.kcpartner.it.harness.TestRealm;
import io.github.kcpartner.it.harness.TokenClient;
import io.github.kcpartner.it.jims.JimsComponents;
import io.github.kcpartner.it.jims.JimsPair;
import io.github.kcpartner.it.keycloak.KeycloakAdminClient;
import io.github.kcpartner.it.op.OidcProviderPeer;
import io.github.kcpartner.it.partner.PartnerFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Our protocol mappers on the test client, after a real browser login through oidc-provider:
 * the partner claims pass-through, the JavaScript claim rule and the JIMS identity at the user's
 * IP appear in the ID token, access token and userinfo that Keycloak issues, exactly where
 * switched on; a failing rule leaves its claims out and the token is still issued; bad mapper
 * settings are refused at save time.
 */
@ExtendWith(KeycloakExtension.class)
@DisplayName("protocol mappers in the tokens Keycloak issues")
class ProtocolMappersIT {

    private static final String REALM = "protocol-mappers";
    private static final String ALIAS = "partner";

    private static TestRealm realm;
    private static String clientPath;
    private static JimsPair jimsPair;
    private static String loggedOnIp;

    @BeforeAll
    static void setUp(KeycloakServer server, OidcProviderPeer op, JimsPair jims) throws Exception {
        jimsPair = jims;
        realm = TestRealm.create(server, REALM);
        Map<String, String> config =
                PartnerFixture.codeFlowPartner(server, op, realm, ALIAS, "openid profile email groups org");
        realm.putIdentityProvider(ALIAS, "partner-openid-connect", config);
        new JimsComponents(server, REALM).create("jims-mappers", JimsComponents.settings(jims));

        Path rules = Path.of(System.getProperty("kc.home"), "partner-rules");
        Files.createDirectories(rules);
        Files.writeString(
                rules.resolve("it-claims.js"),
                String.join(
                        "\n",
                        "result.setClaim('computed.greeting', 'hello ' + identity.username + ' via ' + request.identityProvider);",
                        "result.setClaim('computed.partnerDept', claims.userinfo.org ? claims.userinfo.org.dept : claims.idToken.org.dept);",
                        "result.setClaim('computed.client', request.clientId);",
                        "var at = jims.userAt(request.clientIp);",
                        "result.setClaim('computed.jimsUser', at ? at.domain + '/' + at.user : 'nobody');",
                        "result.setClaim('sub', 'forged-subject');",
                        "result.setClaim('realm_access.roles', ['forged-admin']);",
                        ""));
        Files.writeString(
                rules.resolve("it-claims-throws.js"),
                "result.setClaim('thrown', 'should not appear');\nthrow new Error('mapping table missing');\n");

        KeycloakAdminClient admin = server.admin();
        String clientId = admin.get("/realms/" + REALM + "/clients?clientId=" + TestRealm.CLIENT_ID)
                .expect(200)
                .json()
                .get(0)
                .path("id")
                .asText();
        clientPath = "/realms/" + REALM + "/clients/" + clientId + "/protocol-mappers/models";
        addMapper(
                admin,
                "pass-through",
                "partner-oidc-claims-mapper",
                targets(true, true, true),
                Map.of("claimNames", "email##groups##org##not_sent", "source", "both", "claimPrefix", "partner_"));
        addMapper(
                admin,
                "pass-through-id-only",
                "partner-oidc-claims-mapper",
                targets(true, false, false),
                Map.of("claimNames", "name", "source", "both", "claimPrefix", "only_id."));
        addMapper(
                admin,
                "js-claims",
                "partner-oidc-javascript-claim-mapper",
                targets(true, true, true),
                Map.of("ruleName", "it-claims"));
        addMapper(
                admin,
                "js-throws",
                "partner-oidc-javascript-claim-mapper",
                targets(true, true, true),
                Map.of("ruleName", "it-claims-throws"));
        addMapper(
                admin,
                "jims",
                "partner-oidc-jims-identity-mapper",
                targets(true, true, false),
                Map.of("claim.name", "jims", "jimsSameUserOnly", "false"));
        addMapper(
                admin,
                "jims-same-user",
                "partner-oidc-jims-identity-mapper",
                targets(true, true, true),
                Map.of("claim.name", "jimsSameUser"));
    }

    @AfterAll
    static void tearDown() {
        if (loggedOnIp != null) {
            jimsPair.directory().logoff(loggedOnIp);
        }
        realm.close();
    }

    @Test
    @DisplayName(
            "given alice logs in through the partner, then each mapper's claims are in the tokens where switched on")
    void claimsInIssuedTokens(KeycloakServer server) {
        PartnerLoginFlow.Outcome outcome;
        try (Browser browser = Browser.start()) {
            outcome = PartnerLoginFlow.login(browser, server, realm, ALIAS, "alice", "alice-password");
        }
        assertThat(outcome.errorText()).as("Keycloak error page").isNull();
        assertThat(outcome.success()).isTrue();
        JsonNode user = realm.user("alice");
        JsonNode sessions = server.admin()
                .get("/realms/" + REALM + "/users/" + user.path("id").asText() + "/sessions")
                .expect(200)
                .json();
        loggedOnIp = sessions.get(0).path("ipAddress").asText();
        jimsPair.directory().logon(loggedOnIp, "corp.example.com", "alice-jims", "Engineering", "VPN-Users");

        TokenClient.Issued issued = TokenClient.redeem(server, realm, outcome.finalUrl());

        for (JsonNode token : new JsonNode[] {issued.idToken(), issued.accessToken(), issued.userinfo()}) {
            assertThat(token.path("partner_email").asText()).isEqualTo("alice@partner.example");
            assertThat(token.path("partner_groups").toString()).contains("partner-admins", "partner-users");
            assertThat(token.path("partner_org").path("dept").asText()).isEqualTo("engineering");
            assertThat(token.has("partner_not_sent")).isFalse();
            JsonNode computed = token.path("computed");
            assertThat(computed.path("greeting").asText()).isEqualTo("hello alice via " + ALIAS);
            assertThat(computed.path("partnerDept").asText()).isEqualTo("engineering");
            assertThat(computed.path("client").asText()).isEqualTo(TestRealm.CLIENT_ID);
            assertThat(computed.path("jimsUser").asText()).isEqualTo("corp.example.com/alice-jims");
            assertThat(token.has("thrown")).as("claims of the failing rule").isFalse();
            assertThat(token.path("sub").asText())
                    .as("a rule cannot set a reserved claim")
                    .isNotEqualTo("forged-subject");
            assertThat(token.toString()).doesNotContain("forged-admin");
        }
        assertThat(issued.idToken().path("only_id").path("name").asText()).isEqualTo("Alice Anderson");
        assertThat(issued.accessToken().has("only_id")).isFalse();
        assertThat(issued.userinfo().has("only_id")).isFalse();

        for (JsonNode token : new JsonNode[] {issued.idToken(), issued.accessToken()}) {
            JsonNode jims = token.path("jims");
            assertThat(jims.path("ip").asText()).isEqualTo(loggedOnIp);
            assertThat(jims.path("user").asText()).isEqualTo("alice-jims");
            assertThat(jims.path("domain").asText()).isEqualTo("corp.example.com");
            assertThat(jims.path("groups").toString()).contains("Engineering", "VPN-Users");
        }
        assertThat(issued.userinfo().has("jims"))
                .as("switched off for userinfo")
                .isFalse();
        for (JsonNode token : new JsonNode[] {issued.idToken(), issued.accessToken(), issued.userinfo()}) {
            assertThat(token.has("jimsSameUser"))
                    .as("by default only when JIMS names the token's user (here alice-jims, not alice)")
                    .isFalse();
        }
    }

    @Test
    @DisplayName("given bad mapper settings, then saving the mapper is refused with a message")
    void refusedAtSaveTime(KeycloakServer server) {
        KeycloakAdminClient admin = server.admin();
        KeycloakAdminClient.Response unknownRule = admin.post(
                clientPath,
                mapper("bad-rule", "partner-oidc-javascript-claim-mapper", Map.of("ruleName", "no-such-rule")));
        assertThat(unknownRule.status()).isEqualTo(400);
        assertThat(unknownRule.body()).contains("scriptClaimMapper.error.unknownRule");
        KeycloakAdminClient.Response noClaims =
                admin.post(clientPath, mapper("no-claims", "partner-oidc-claims-mapper", Map.of("claimNames", "")));
        assertThat(noClaims.status()).isEqualTo(400);
        assertThat(noClaims.body()).contains("partnerClaimsMapper.error.noClaims");
        KeycloakAdminClient.Response badJims = admin.post(
                clientPath,
                mapper("bad-jims", "partner-oidc-jims-identity-mapper", Map.of("jimsComponent", "no-such-component")));
        assertThat(badJims.status()).isEqualTo(400);
        assertThat(badJims.body()).contains("jimsIdentityMapper.error.unknownComponent");
        KeycloakAdminClient.Response reserved = admin.post(
                clientPath, mapper("reserved", "partner-oidc-claims-mapper", Map.of("claimNames", "email##sub")));
        assertThat(reserved.status()).isEqualTo(400);
        assertThat(reserved.body()).contains("partnerTokenMapper.error.reservedClaim");
        KeycloakAdminClient.Response reservedJims = admin.post(
                clientPath, mapper("reserved-jims", "partner-oidc-jims-identity-mapper", Map.of("claim.name", "acr")));
        assertThat(reservedJims.status()).isEqualTo(400);
        assertThat(reservedJims.body()).contains("partnerTokenMapper.error.reservedClaim");
    }

    private static Map<String, String> targets(boolean idToken, boolean accessToken, boolean userinfo) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("id.token.claim", Boolean.toString(idToken));
        config.put("access.token.claim", Boolean.toString(accessToken));
        config.put("userinfo.token.claim", Boolean.toString(userinfo));
        config.put("introspection.token.claim", "true");
        return config;
    }

    private static void addMapper(
            KeycloakAdminClient admin,
            String name,
            String type,
            Map<String, String> targets,
            Map<String, String> settings) {
        Map<String, String> config = new LinkedHashMap<>(targets);
        config.putAll(settings);
        admin.post(clientPath, mapper(name, type, config)).expect(201);
    }

    private static Map<String, Object> mapper(String name, String type, Map<String, String> config) {
        Map<String, Object> mapper = new LinkedHashMap<>();
        mapper.put("name", name);
        mapper.put("protocol", "openid-connect");
        mapper.put("protocolMapper", type);
        mapper.put("config", config);
        return mapper;
    }
}
