package io.github.kcpartner.it.partner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kcpartner.it.harness.Browser;
import io.github.kcpartner.it.harness.KeycloakExtension;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.harness.StandaloneServer;
import io.github.kcpartner.it.keycloak.KeycloakAdminClient;
import io.github.kcpartner.it.support.Poll;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * The full export an operator takes with {@code kc.sh export --realm}: the realm file carries no
 * secret of ours (every secret setting holds a vault reference), and {@code kc.sh import} of
 * that file into an empty database gives a server where the partner login, its mappers and the
 * JIMS component work, their secrets read from the vault. Runs on a copy of the distribution
 * ({@link StandaloneServer}): {@code kc.sh export} needs the server stopped.
 */
@ExtendWith(KeycloakExtension.class)
@DisplayName("kc.sh export and kc.sh import of a realm with partner-oidc, its mappers, protocol mappers and jims")
class ExportRoundTripIT {

    private static final String REALM = "partner-demo";
    private static final String BASE = "/realms/" + REALM;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @DisplayName(
            "given secrets as vault references, then the exported realm holds no secret, and after kc.sh import into an empty database alice logs in through the partner with the mappers applied and JIMS is Online")
    void exportHoldsNoSecretAndImportWorks(KeycloakServer shared) throws Exception {
        try (StandaloneServer server = StandaloneServer.start("export-round-trip", shared)) {
            KeycloakAdminClient admin = server.admin();
            configure(server);

            server.stop();
            Path out = emptyDir(server.home().resolveSibling("export-round-trip-files"));
            server.kc("export", "--dir", out.toString(), "--realm", REALM);

            String exported = readAll(out);
            assertThat(exported).as("the export has the realm").contains("\"realm\" : \"" + REALM + "\"");
            for (Map.Entry<String, String> secret : vaultEntries().entrySet()) {
                assertThat(exported)
                        .as("vault entry %s written into the export", secret.getKey())
                        .doesNotContain(secret.getValue());
            }
            assertThat(exported).doesNotContain(RpKeys.PASSWORD);
            JsonNode realm = JSON.readTree(Files.readString(out.resolve(REALM + "-realm.json")));
            assertThat(idp(realm, "partner").path("config").path("clientSecret").asText())
                    .isEqualTo("${vault.partner_op_client_secret}");
            assertThat(idp(realm, "partner-encrypted")
                            .path("config")
                            .path("decryptionKeystorePassword")
                            .asText())
                    .isEqualTo("${vault.rp_keystore}");
            JsonNode jims = jimsComponent(realm);
            assertThat(jims.path("config").path("primaryClientSecret").get(0).asText())
                    .isEqualTo("${vault.jims_client_secret}");
            assertThat(jims.path("config").path("secondaryClientSecret").get(0).asText())
                    .isEqualTo("${vault.jims_client_secret}");

            server.dropDatabase();
            server.kc("import", "--dir", out.toString());
            // The partner's own realm is not ours to export: it comes from realm-export/ as at every start.
            server.restart("partner-op-realm.json");

            assertThat(admin.get(BASE + "/identity-provider/instances/partner-encrypted")
                            .expect(200)
                            .json()
                            .path("config")
                            .path("decryptionKeystorePassword")
                            .asText())
                    .isEqualTo("${vault.rp_keystore}");
            assertThat(admin.get(BASE + "/identity-provider/instances/partner/mappers")
                            .expect(200)
                            .json()
                            .findValuesAsText("name"))
                    .contains("exported-last-name");
            assertThat(admin.get(BASE + "/clients/" + accountConsole(admin) + "/protocol-mappers/models")
                            .expect(200)
                            .json()
                            .findValuesAsText("protocolMapper"))
                    .contains("partner-oidc-claims-mapper", "partner-oidc-jims-identity-mapper");
            String jimsId = admin.get(BASE + "/components?type=org.keycloak.storage.UserStorageProvider")
                    .expect(200)
                    .json()
                    .get(0)
                    .path("id")
                    .asText();
            Poll.until(
                    "the imported JIMS component Online",
                    Duration.ofSeconds(60),
                    Duration.ofMillis(200),
                    () -> true,
                    () -> primaryStatus(admin, jimsId).equals("Online"));

            try (Browser browser = Browser.start()) {
                browser.open(server.baseUrl() + BASE + "/account");
                browser.click(By.id("social-partner"));
                browser.awaitUrlContains("/realms/partner-op/");
                browser.type(By.id("username"), "alice");
                browser.type(By.id("password"), server.realmVariable("PARTNER_OP_ALICE_PASSWORD"));
                browser.click(By.id("kc-login"));
                browser.awaitUrlContains(BASE + "/account");
            }
            JsonNode alice = admin.get(BASE + "/users?username=alice&exact=true")
                    .expect(200)
                    .json();
            assertThat(alice).hasSize(1);
            assertThat(alice.get(0).path("lastName").asText())
                    .as("the imported IdP mapper ran")
                    .isEqualTo("Exported-Partner");
            assertThat(admin.get(BASE + "/users/" + alice.get(0).path("id").asText() + "/federated-identity")
                            .expect(200)
                            .json()
                            .findValuesAsText("identityProvider"))
                    .containsExactly("partner");
        }
    }

    /** What the realm-export realm lacks: an IdP mapper, a keystore password, protocol mappers. */
    private static void configure(StandaloneServer server) throws Exception {
        KeycloakAdminClient admin = server.admin();
        admin.post(
                        BASE + "/identity-provider/instances/partner/mappers",
                        Map.of(
                                "name",
                                "exported-last-name",
                                "identityProviderAlias",
                                "partner",
                                "identityProviderMapper",
                                "partner-oidc-attribute-mapper",
                                "config",
                                Map.of(
                                        "syncMode",
                                        "FORCE",
                                        "attributeName",
                                        "lastName",
                                        "sourceType",
                                        "fixed",
                                        "fixedValue",
                                        "Exported-Partner")))
                .expect(201);

        JsonNode partner = admin.get(BASE + "/identity-provider/instances/partner")
                .expect(200)
                .json();
        Map<String, String> config = new LinkedHashMap<>();
        partner.path("config")
                .fields()
                .forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        config.put("clientSecret", "${vault.partner_op_client_secret}");
        config.put("keyManagementAlgorithm", "RSA-OAEP-256");
        config.put("contentEncryptionAlgorithm", "A256GCM");
        RpKeys keys = RpKeys.create(server.home().resolve("conf/partner/rp-keys-export"));
        config.putAll(keys.decryptionConfig("RSA-OAEP-256", REALM));
        admin.post(
                        BASE + "/identity-provider/instances",
                        Map.of(
                                "alias",
                                "partner-encrypted",
                                "providerId",
                                "partner-openid-connect",
                                "enabled",
                                true,
                                "config",
                                config))
                .expect(201);

        String models = "/clients/" + accountConsole(admin) + "/protocol-mappers/models";
        admin.post(
                        BASE + models,
                        protocolMapper(
                                "partner-claims",
                                "partner-oidc-claims-mapper",
                                Map.of("claimNames", "email", "source", "both", "claimPrefix", "partner_")))
                .expect(201);
        admin.post(
                        BASE + models,
                        protocolMapper(
                                "jims-identity", "partner-oidc-jims-identity-mapper", Map.of("claim.name", "jims")))
                .expect(201);
    }

    private static Map<String, Object> protocolMapper(String name, String type, Map<String, String> settings) {
        Map<String, String> config = new LinkedHashMap<>(settings);
        config.put("id.token.claim", "true");
        config.put("access.token.claim", "true");
        return Map.of("name", name, "protocol", "openid-connect", "protocolMapper", type, "config", config);
    }

    private static String accountConsole(KeycloakAdminClient admin) {
        return admin.get(BASE + "/clients?clientId=account-console")
                .expect(200)
                .json()
                .get(0)
                .path("id")
                .asText();
    }

    private static String primaryStatus(KeycloakAdminClient admin, String id) {
        for (JsonNode server :
                admin.get(BASE + "/jims/" + id + "/status").expect(200).json()) {
            if (server.path("type").asText().equals("Primary")) {
                return server.path("status").asText();
            }
        }
        return "";
    }

    private static JsonNode idp(JsonNode realm, String alias) {
        for (JsonNode idp : realm.path("identityProviders")) {
            if (idp.path("alias").asText().equals(alias)) {
                assertThat(idp.path("providerId").asText()).isEqualTo("partner-openid-connect");
                return idp;
            }
        }
        throw new AssertionError("no identity provider " + alias + " in the export");
    }

    private static JsonNode jimsComponent(JsonNode realm) {
        for (JsonNode component : realm.path("components").path("org.keycloak.storage.UserStorageProvider")) {
            if (component.path("providerId").asText().equals("jims")) {
                return component;
            }
        }
        throw new AssertionError("no jims component in the export");
    }

    /** Every value of the run's vault directory (file name -> value), the secrets the export must not carry. */
    private static Map<String, String> vaultEntries() throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("kc.vault.dir", "target/it-vault")))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String value = Files.readString(file).strip();
                if (value.length() >= 6) {
                    entries.put(file.getFileName().toString(), value);
                }
            }
        }
        assertThat(entries)
                .as("vault entries to look for")
                .containsKeys("partner__op__client__secret", "jims__client__secret");
        return entries;
    }

    private static String readAll(Path dir) throws IOException {
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                texts.add(Files.readString(file));
            }
        }
        assertThat(texts).as("files written by kc.sh export").isNotEmpty();
        return String.join("\n", texts);
    }

    private static Path emptyDir(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}
