package io.github.kcpartner.it.partner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import io.github.kcpartner.it.faultyop.ClientSettings;
import io.github.kcpartner.it.faultyop.FaultyOp;
import io.github.kcpartner.it.faultyop.RegisteredClient;
import io.github.kcpartner.it.harness.KeycloakExtension;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.harness.PartnerLoginFlow;
import io.github.kcpartner.it.harness.TestRealm;
import io.github.kcpartner.it.keycloak.KeycloakAdminClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No secret of a {@code partner-oidc} provider in clear in the admin API or a partial export:
 * Keycloak masks {@code clientSecret}; every other secret setting accepts only a vault
 * reference, refused at save time otherwise. A console round trip (GET, then PUT of what it read)
 * keeps the stored secrets, and logins still work afterwards.
 */
@ExtendWith(KeycloakExtension.class)
@DisplayName("partner-oidc keeps its secrets out of admin answers and exports")
class SecretsIT {

    private static TestRealm realm;
    private static FaultyOp op;
    private static RpKeys rpKeys;

    @BeforeAll
    static void start(KeycloakServer server) throws Exception {
        realm = TestRealm.create(server, "partner-secrets");
        op = new FaultyOp().start();
        rpKeys = RpKeys.create(Path.of(System.getProperty("kc.home"), "conf", "partner", "rp-keys-secrets"));
    }

    @AfterAll
    static void stop() {
        op.close();
        realm.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "clientSecret",
                "certificateKeystorePassword",
                "decryptionKeystorePassword",
                "identityMappingPassword",
                "identityMappingKeystorePassword",
                "identityMappingTruststorePassword"
            })
    @DisplayName(
            "given a plain secret in any secret field (Keycloak shows the passwords, and kc.sh export writes every one), then the save is refused with the reason")
    void plainSecretRefused(String field, KeycloakServer server) {
        RegisteredClient client = op.registerClient(ClientSettings.builder()
                .redirectUri(PartnerFixture.brokerEndpoint(server, realm, "plain"))
                .build());
        Map<String, String> config = PartnerFixture.faultyOpConfig(op, client, "plain");
        config.put(field, "plain-secret-value");
        KeycloakAdminClient.Response answer =
                realm.tryIdentityProvider("plain-" + field.toLowerCase(), "partner-openid-connect", config);
        assertThat(answer.status()).isEqualTo(400);
        String alias = "plain-" + field.toLowerCase();
        assertThat(answer.body())
                .contains("must be a vault reference")
                // the reference to type and the files-vault file to create, realm and key filled in
                .contains("${vault." + alias + "-")
                .contains("/" + realm.name().replace("_", "__") + "_" + alias + "-")
                .doesNotContain("partnerOidc.error")
                .doesNotContain("plain-secret-value");
    }

    @Test
    @DisplayName(
            "given secrets as vault references, then GET and partial export show no secret, a round trip keeps them and the login works")
    void roundTrip(KeycloakServer server) {
        String alias = "vaulted";
        RegisteredClient client = op.registerClient(ClientSettings.builder()
                .redirectUri(PartnerFixture.brokerEndpoint(server, realm, alias))
                .encryptIdToken(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM)
                .rpEncryptionKey(rpKeys.publicKey("enc-rsa"))
                .build());
        Map<String, String> config = PartnerFixture.faultyOpConfig(op, client, alias);
        config.put("keyManagementAlgorithm", "RSA-OAEP-256");
        config.put("contentEncryptionAlgorithm", "A256GCM");
        config.putAll(rpKeys.decryptionConfig("RSA-OAEP-256", realm.name()));
        realm.putIdentityProvider(alias, "partner-openid-connect", config);

        String path = "/realms/" + realm.name() + "/identity-provider/instances/" + alias;
        JsonNode read = server.admin().get(path).expect(200).json();
        assertNoSecret(read.toString(), client);
        assertThat(read.path("config").path("decryptionKeystorePassword").asText())
                .startsWith("${vault.");
        String export = server.admin()
                .post(
                        "/realms/" + realm.name() + "/partial-export?exportClients=false"
                                + "&exportGroupsAndRoles=false",
                        Map.of())
                .expect(200)
                .body();
        assertThat(export).contains(alias);
        assertNoSecret(export, client);

        String adminEvents = server.admin()
                .get("/realms/" + realm.name() + "/admin-events?resourceTypes=IDENTITY_PROVIDER")
                .expect(200)
                .body();
        assertThat(adminEvents).as("admin events record the provider").contains(alias);
        assertNoSecret(adminEvents, client);

        server.admin().put(path, read).expect(204);
        realm.deleteUsers();
        PartnerLoginFlow.Outcome outcome = PartnerFixture.login(server, realm, alias, "", "");
        assertThat(outcome.errorText()).as("login after the round trip").isNull();
        assertThat(outcome.success()).isTrue();
        assertThat(op.lastTokenRequest().orElseThrow().status())
                .as("the stored client secret still authenticates")
                .isEqualTo(200);
    }

    private static void assertNoSecret(String text, RegisteredClient client) {
        assertThat(text).doesNotContain(client.clientSecret()).doesNotContain(RpKeys.PASSWORD);
    }
}
