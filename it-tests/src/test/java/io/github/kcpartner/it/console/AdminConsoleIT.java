package io.github.kcpartner.it.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kcpartner.it.harness.KeycloakExtension;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.harness.TestRealm;
import io.github.kcpartner.it.jims.JimsComponents;
import io.github.kcpartner.it.jims.JimsPair;
import io.github.kcpartner.it.keycloak.KeycloakAdminClient;
import io.github.kcpartner.it.op.OidcProviderPeer;
import io.github.kcpartner.it.partner.PartnerFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * Every form of ours in Keycloak's admin console, as an administrator sees it in a real browser:
 * no label, help text, select option, title or alert shows a message key; a setting changed in
 * the form and saved is what the admin REST API reads back; a refused setting shows its English
 * reason. Each form's screenshot is kept ({@code target/it-logs/console/}; with
 * {@code -Ddocs.images=update} also copied to {@code docs/images/} for the README).
 */
@ExtendWith(KeycloakExtension.class)
@DisplayName("the admin console shows our forms in English and saves them")
class AdminConsoleIT {

    private static final String REALM = "console-it";
    private static final String BASE = "/realms/" + REALM;
    /** What a message key looks like when the console shows it untranslated. */
    private static final Pattern RAW_KEY = Pattern.compile("[a-z]+[A-Z.][A-Za-z.]+");

    private static final By SAVE = By.xpath("//main//button[normalize-space()='Save']");

    private static TestRealm realm;
    /** One console session for the class: each test opens its page with a full load. */
    private static ConsoleBrowser console;

    private static Set<String> bundleKeys;
    /** Our fields' labels as the console may name their help buttons: the message keys and their English texts. */
    private static Set<String> ownLabels;

    private static OidcProviderPeer peer;
    private static String jimsId;
    private static String idpMapperId;
    private static String clientUuid;
    private static String protocolMapperId;

    @BeforeAll
    static void setUp(KeycloakServer server, OidcProviderPeer op, JimsPair jims) throws IOException {
        bundleKeys = io.github.kcpartner.it.support.MessageBundle.keys();
        ownLabels = new java.util.HashSet<>(bundleKeys);
        bundleKeys.forEach(k -> ownLabels.add(io.github.kcpartner.it.support.MessageBundle.text(k)));
        realm = TestRealm.create(server, REALM);
        peer = op;
        // metadata only, no endpoint: the edit page must not ask for what the metadata gives
        Map<String, String> partner =
                PartnerFixture.codeFlowPartner(server, op, realm, "partner", "openid profile email");
        realm.putIdentityProvider("partner", "partner-openid-connect", partner);
        jimsId = new JimsComponents(server, REALM).create("jims", JimsComponents.settings(jims));
        KeycloakAdminClient admin = server.admin();
        idpMapperId = id(admin.post(
                        BASE + "/identity-provider/instances/partner/mappers",
                        Map.of(
                                "name",
                                "tier",
                                "identityProviderAlias",
                                "partner",
                                "identityProviderMapper",
                                "partner-oidc-attribute-mapper",
                                "config",
                                Map.of(
                                        "syncMode",
                                        "INHERIT",
                                        "attributeName",
                                        "partnerTier",
                                        "sourceType",
                                        "fixed",
                                        "fixedValue",
                                        "gold")))
                .expect(201)
                .location());
        clientUuid = admin.get(BASE + "/clients?clientId=" + TestRealm.CLIENT_ID)
                .expect(200)
                .json()
                .get(0)
                .path("id")
                .asText();
        protocolMapperId = id(admin.post(
                        BASE + "/clients/" + clientUuid + "/protocol-mappers/models",
                        Map.of(
                                "name",
                                "partner-claims",
                                "protocol",
                                "openid-connect",
                                "protocolMapper",
                                "partner-oidc-claims-mapper",
                                "config",
                                Map.of("claimNames", "email", "source", "both", "id.token.claim", "true")))
                .expect(201)
                .location());
        console = ConsoleBrowser.login(server);
    }

    @AfterAll
    static void tearDown() {
        if (console != null) {
            console.close();
        }
        realm.close();
    }

    @Test
    @DisplayName(
            "given a new admin on the add page, when they type only a metadata URL, a client id and a vault reference, then the partner is saved complete and a user signs in through it")
    void newAdminAddsPartnerFromConsole(KeycloakServer server) throws IOException {
        String alias = "added-in-console";
        Map<String, Object> metadata = PartnerFixture.clientMetadata(server, realm, alias, "code");
        metadata.put("token_endpoint_auth_method", "client_secret_post"); // the form's default
        io.github.kcpartner.it.op.RegisteredClient client = peer.registerClient(metadata);
        String secret =
                io.github.kcpartner.it.harness.TestVault.shared("client_" + client.clientId(), client.clientSecret());

        console.open("#/" + REALM + "/identity-providers/partner-openid-connect/add", "Partner: Metadata URL");
        assertThat(console.mainLines())
                .as("the add page's fields")
                .contains("Partner: Metadata URL", "Client ID *", "Client Secret *")
                .doesNotContain("Partner: Client ID", "Partner: Client ID *");
        keepScreenshot(console, "partner-add");
        console.setText("Alias", alias);
        console.setText("Partner: Metadata URL", peer.discoveryUri().toString());
        console.setText("Client ID", client.clientId());
        console.setText("Client Secret", secret);
        String alert = console.save(By.cssSelector("[data-testid='createProvider']"));
        assertEnglish("alert after adding a partner", alert);
        assertThat(alert).doesNotContain("Could not");

        com.fasterxml.jackson.databind.JsonNode saved = server.admin()
                .get(BASE + "/identity-provider/instances/" + alias)
                .expect(200)
                .json();
        assertThat(saved.path("providerId").asText()).isEqualTo("partner-openid-connect");
        assertThat(saved.path("displayName").asText()).isEqualTo("Partner OpenID Connect");
        assertThat(saved.path("config").path("issuer").asText())
                .as("issuer filled from the metadata")
                .isEqualTo(peer.issuer());
        assertThat(saved.path("config").has("authorizationUrl")).isFalse();

        // after Add the console shows the provider's page: Keycloak's Advanced section has the scopes
        // (without profile and email the first login stops at Keycloak's review-profile page)
        console.open("#/" + REALM + "/identity-providers/partner-openid-connect/" + alias + "/settings", "Scopes");
        console.setText("Scopes", "openid profile email");
        assertThat(console.save(By.cssSelector("[data-testid='idp-details-save']")))
                .doesNotContain("Could not");
        PartnerFixture.assertAliceLogsIn(server, realm, alias);
    }

    @Test
    @DisplayName(
            "given a partner's page, then it is titled Partner OpenID Connect, shows the metadata URL, and has none of Keycloak's OpenID Connect fields that contradict ours")
    void partnerFormHasNoContradictingField(KeycloakServer server) {
        console.open(
                "#/" + REALM + "/identity-providers/partner-openid-connect/partner/settings", "Partner: Response type");
        assertThat(console.title()).isEqualTo("Partner OpenID Connect");
        List<String> lines = console.mainLines();
        assertThat(lines).contains("Partner: Metadata URL", "Endpoints: Authorization URL", "Signature: Algorithm");
        assertThat(String.join("\n", lines))
                .as("Keycloak's OpenID Connect section and its contradicting fields")
                .doesNotContain("OpenID Connect settings")
                .doesNotContain("Validate Signatures")
                .doesNotContain("Disable nonce")
                .doesNotContain("Client assertion signature algorithm")
                .doesNotContain("Use discovery endpoint");
        List<String> labels = new ArrayList<>();
        for (String l : lines) {
            // an empty select shows its label again as placeholder, right below it: one field, not two
            boolean ours = l.matches(
                    "(Partner|Endpoints|Signature|Encryption|Identity mapping|Web service mapping|Advanced): .*");
            if (ours && (labels.isEmpty() || !labels.get(labels.size() - 1).equals(l))) {
                labels.add(l);
            }
        }
        assertThat(labels).as("our labels, each once").doesNotHaveDuplicates().hasSizeGreaterThan(40);
        assertThat(lines).filteredOn(l -> l.startsWith("Client ID")).hasSize(1);
        assertThat(lines).filteredOn(l -> l.startsWith("Client Secret")).hasSize(1);
        assertThat(lines).filteredOn(l -> l.contains("Keystore type")).allMatch(l -> l.contains(": "));
    }

    @Test
    @DisplayName(
            "given the partner settings, then every text is English, a change saves, and refused values show their reasons")
    void partnerOidcForm(KeycloakServer server) throws IOException {
        String path = BASE + "/identity-provider/instances/partner";
        console.open(
                "#/" + REALM + "/identity-providers/partner-openid-connect/partner/settings", "Partner: Response type");
        assertReadable(
                console,
                "partner-oidc",
                List.of(
                        "Partner: Response type",
                        "Signature: Algorithm",
                        "Encryption: Key management algorithm",
                        "Identity mapping: Method",
                        "Advanced: Configuration rule"));

        By save = By.cssSelector("[data-testid='idp-details-save']");
        assertSaved(
                console,
                server,
                save,
                path,
                "Advanced: Metadata refresh interval (s)",
                "metadataRefreshSeconds",
                "1234");
        assertRefused(
                console,
                server,
                save,
                path,
                "Signature: JWK set refetch interval (s)",
                "jwksMinRefetchSeconds",
                "0",
                "at least 1 second");
        console.open(
                "#/" + REALM + "/identity-providers/partner-openid-connect/partner/settings", "Partner: Response type");
        assertRefused(
                console,
                server,
                save,
                path,
                "Partner: Metadata URL",
                "metadataDescriptorUrl",
                "htp://x",
                "\"Partner: Metadata URL\" must be an absolute http or https URL");
    }

    @Test
    @DisplayName(
            "given a jims component whose primary failed over, then the console's provider info shows the primary Offline and the secondary Online, with counters")
    void jimsStatusInConsole(KeycloakServer server, JimsPair jims) throws IOException {
        Map<String, List<String>> settings = new java.util.LinkedHashMap<>(JimsComponents.settings(jims));
        settings.put(
                "primaryPort",
                List.of(Integer.toString(io.github.kcpartner.it.support.FreePorts.next()))); // nobody listens
        settings.put("queryInterval", List.of("60")); // no batch poll during the test: the lookups below alone count
        JimsComponents components = new JimsComponents(server, REALM);
        String id = components.create("jims-failover", settings);
        String primary = REALM + " / jims-failover / Primary\\s+";
        try {
            // one save through the form first: it stores the settings as the form writes them, so the
            // save with the switch below changes nothing else (no new client, whose counters start at 0)
            console.open("#/" + REALM + "/user-federation/jims/" + id, "Action: Clear counters now");
            console.setText("Batch: Items per batch", "150");
            assertThat(console.save(SAVE)).contains("success");

            jims.directory().logon("10.60.0.1", "corp.example.com", "frank");
            assertThat(components
                            .lookupIp(id, "10.60.0.1", true)
                            .expect(200)
                            .json()
                            .path("found")
                            .asBoolean())
                    .as("the secondary answered")
                    .isTrue();
            console.open("#/master/providers", "SPI");
            String info = console.providerInfo("storage", "jims");
            String secondary = REALM + " / jims-failover / Secondary\\s+";
            assertThat(info)
                    .containsPattern(
                            primary + "Offline; 127\\.0\\.0\\.1:\\d+; last check: failed at \\S+Z: Connection refused"
                                    + "[^\\n]*; Online to Offline 1")
                    .containsPattern(
                            secondary + "Online; [^;\\n]+; last check: OK \\(200\\) at [^\\n]*IP/user queries 1 sent, 1"
                                    + " answered, 0 failed");
            assertThat(info).doesNotContain(jims.primary().clientSecret());
            keepScreenshot(console, "jims-status");

            // the form's one-shot switch clears the counters on save and is not stored
            console.open("#/" + REALM + "/user-federation/jims/" + id, "Action: Clear counters now");
            console.switchOn("clearCountersNow");
            assertThat(console.save(SAVE)).contains("success");
            assertThat(server.admin()
                            .get(BASE + "/components/" + id)
                            .expect(200)
                            .json()
                            .path("config")
                            .has("clearCountersNow"))
                    .as("the switch is not stored")
                    .isFalse();
            console.open("#/master/providers", "SPI");
            // the primary still Offline (the same client, not a new one), the counters of both at 0
            String cleared = console.providerInfo("storage", "jims");
            assertThat(cleared)
                    .containsPattern(primary + "Offline;[^\\n]*; Online to Offline 0")
                    .containsPattern(secondary + "Online;[^\\n]*IP/user queries 0 sent, 0 answered, 0 failed");
        } finally {
            server.admin().delete(BASE + "/components/" + id).expect(204);
        }
    }

    @Test
    @DisplayName(
            "given the jims user federation, then every text is English, a change saves, and a refused value shows its reason")
    void jimsForm(KeycloakServer server) throws IOException {
        String path = BASE + "/components/" + jimsId;
        console.open("#/" + REALM + "/user-federation/jims/" + jimsId, "Primary server: Address");
        assertReadable(
                console,
                "jims",
                List.of(
                        "Primary server: Address",
                        "Secondary server: Address",
                        "Batch: Items per batch",
                        "Users: Username form"));

        assertSaved(console, server, SAVE, path, "Batch: Items per batch", "itemsPerBatch", "150");
        assertRefused(
                console,
                server,
                SAVE,
                path,
                "Primary server: Port",
                "primaryPort",
                "0",
                "Primary server port must be 1-65535, was 0.");
    }

    @Test
    @DisplayName(
            "given a flow with jims-network-identity, then its settings dialog is English, shows our help, and a change saves")
    void networkIdentityStepForm(KeycloakServer server) throws IOException {
        io.github.kcpartner.it.flow.LoginFlows flows =
                new io.github.kcpartner.it.flow.LoginFlows(server.admin(), REALM);
        flows.createTopLevel("console-network");
        String step = flows.addStep("console-network", "jims-network-identity", "REQUIRED");
        String configId = flows.configure(step, "console-network", Map.of("jimsMode", "offer"));
        String flowId = flowId(server, "console-network");
        console.open("#/" + REALM + "/authentication/" + flowId + "/notInUse", "JIMS network identity");
        console.openStepSettings("JIMS network identity", "Login hint form");
        List<String> lines = console.dialogLines();
        assertThat(lines)
                .contains(
                        "Mode",
                        "JIMS user federation",
                        "Login hint form",
                        "JIMS domain to identity provider",
                        "Trusted networks (auto)",
                        "JIMS groups (auto)",
                        "When JIMS is unavailable");
        List<String> all = new ArrayList<>(lines);
        List<String> help = console.helpTexts("[role=dialog]", ownLabels);
        assertThat(help).as("our help texts in the dialog").hasSizeGreaterThanOrEqualTo(7);
        all.addAll(help);
        assertEnglish("jims-network-identity settings", all);
        keepScreenshot(console, "jims-network-identity");

        console.setDialogText("JIMS user federation", "jims");
        assertEnglish("alert after saving the step's settings", console.saveDialog());
        assertThat(server.admin()
                        .get(BASE + "/authentication/config/" + configId)
                        .expect(200)
                        .json()
                        .path("config")
                        .path("jimsComponent")
                        .asText())
                .isEqualTo("jims");
    }

    @Test
    @DisplayName(
            "given the username-password form with JIMS details in a flow, then its settings dialog is English and a change saves")
    void passwordFormStepForm(KeycloakServer server) throws IOException {
        io.github.kcpartner.it.flow.LoginFlows flows =
                new io.github.kcpartner.it.flow.LoginFlows(server.admin(), REALM);
        flows.createTopLevel("console-form");
        String step = flows.addStep("console-form", "jims-username-password-form", "REQUIRED");
        String configId = flows.configure(step, "console-form", Map.of("jimsIpQuery", "true"));
        String flowId = flowId(server, "console-form");
        String name = "Username Password Form with JIMS details";
        console.open("#/" + REALM + "/authentication/" + flowId + "/notInUse", name);
        console.openStepSettings(name, "User attribute with the network identity");
        List<String> lines = console.dialogLines();
        assertThat(lines)
                .contains(
                        "JIMS user federation",
                        "Ask JIMS when the table does not know the address",
                        "User attribute with the network identity");
        List<String> all = new ArrayList<>(lines);
        List<String> help = console.helpTexts("[role=dialog]", ownLabels);
        // the console gives help buttons our ids only for some field types (the switch here)
        assertThat(help)
                .as("our help texts in the dialog")
                .contains(io.github.kcpartner.it.support.MessageBundle.text("jimsNetwork.ipQuery.help"));
        all.addAll(help);
        assertEnglish("jims-username-password-form settings", all);
        keepScreenshot(console, "jims-username-password-form");

        console.setDialogText("User attribute with the network identity", "upn");
        assertEnglish("alert after saving the step's settings", console.saveDialog());
        assertThat(server.admin()
                        .get(BASE + "/authentication/config/" + configId)
                        .expect(200)
                        .json()
                        .path("config")
                        .path("jimsUserAttribute")
                        .asText())
                .isEqualTo("upn");
    }

    @Test
    @DisplayName("given the partner attribute mapper, then every text is English and a change saves")
    void attributeMapperForm(KeycloakServer server) throws IOException {
        String path = BASE + "/identity-provider/instances/partner/mappers/" + idpMapperId;
        console.open(
                "#/" + REALM + "/identity-providers/partner-openid-connect/partner/mappers/" + idpMapperId,
                "Mapper type");
        assertReadable(
                console,
                "partner-attribute-mapper",
                List.of("Attribute name", "Attribute source", "Bind credential (vault entry)", "Search filter"));

        assertSaved(console, server, SAVE, path, "Attribute name", "attributeName", "partnerLevel");
    }

    @Test
    @DisplayName(
            "given the partner claims protocol mapper, then every text is English, a change saves, and a reserved claim is refused with its reason")
    void protocolMapperForm(KeycloakServer server) throws IOException {
        String path = BASE + "/clients/" + clientUuid + "/protocol-mappers/models/" + protocolMapperId;
        console.open(
                "#/" + REALM + "/clients/" + clientUuid + "/clientScopes/dedicated/mappers/" + protocolMapperId
                        + "/edit",
                "Partner claims");
        assertReadable(console, "partner-claims-mapper", List.of("Partner claims", "Source", "Claim name prefix"));

        assertSaved(console, server, SAVE, path, "Claim name prefix", "claimPrefix", "corp_");
    }

    /** The id of the realm's flow {@code alias}. */
    private static String flowId(KeycloakServer server, String alias) {
        for (com.fasterxml.jackson.databind.JsonNode f :
                server.admin().get(BASE + "/authentication/flows").expect(200).json()) {
            if (alias.equals(f.path("alias").asText())) {
                return f.path("id").asText();
            }
        }
        throw new AssertionError("no flow " + alias);
    }

    /** Types {@code value} into the field, saves: an English alert, and the admin REST API reads the value back. */
    private static void assertSaved(
            ConsoleBrowser console,
            KeycloakServer server,
            By save,
            String path,
            String label,
            String key,
            String value) {
        console.setText(label, value);
        assertEnglish("alert after saving " + label, console.save(save));
        assertThat(stored(server, path, key))
                .as("%s after saving in the console", key)
                .isEqualTo(value);
    }

    /** Types a refused {@code value}, saves: the alert gives the English {@code reason}, and the stored value stays as it was. */
    private static void assertRefused(
            ConsoleBrowser console,
            KeycloakServer server,
            By save,
            String path,
            String label,
            String key,
            String value,
            String reason) {
        String before = stored(server, path, key);
        console.setText(label, value);
        String refused = console.save(save);
        assertEnglish("alert of the refused save of " + label, refused);
        assertThat(refused).contains(reason);
        assertThat(stored(server, path, key))
                .as("%s after a refused save", key)
                .isEqualTo(before)
                .isNotEqualTo(value);
    }

    /** A config value as the admin REST API reads it (components hold lists, identity providers and mappers strings). */
    private static String stored(KeycloakServer server, String path, String key) {
        com.fasterxml.jackson.databind.JsonNode value =
                server.admin().get(path).expect(200).json().path("config").path(key);
        return value.isArray() ? value.path(0).asText() : value.asText();
    }

    /** Every line, help text and option of the open form is English; the expected labels are there; keeps a screenshot. */
    private static void assertReadable(ConsoleBrowser console, String form, List<String> labels) throws IOException {
        console.awaitTexts(labels);
        List<String> lines = console.mainLines();
        for (String label : labels) {
            assertThat(lines).as("labels of %s", form).anyMatch(l -> l.equals(label) || l.startsWith(label + " "));
        }
        List<String> help = console.helpTexts(ownLabels);
        assertThat(help).as("help texts of %s", form).isNotEmpty();
        List<String> options = new ArrayList<>(console.optionTexts());
        assertThat(options).as("select options of %s", form).isNotEmpty();
        List<String> values = console.selectValues();
        options.addAll(values);
        List<String> all = new ArrayList<>(lines);
        all.removeAll(values);
        all.addAll(help);
        assertEnglish(form, all);
        // Keycloak's select shows the stored values themselves (it has no option labels): no message key among them.
        for (String option : options) {
            assertThat(bundleKeys.stream().filter(option::contains).toList())
                    .as("%s option \"%s\"", form, option)
                    .isEmpty();
        }
        keepScreenshot(console, form);
    }

    /** A full-page PNG under it-logs/console; with {@code -Ddocs.images=update} also in docs/images for the README. */
    private static void keepScreenshot(ConsoleBrowser console, String name) throws IOException {
        Path shot = Path.of(System.getProperty("it.log.dir", "target/it-logs"), "console", "console-" + name + ".png");
        console.screenshot(shot);
        if ("update".equals(System.getProperty("docs.images"))) {
            Path docs = Files.createDirectories(Path.of("..", "docs", "images"));
            Files.copy(shot, docs.resolve(shot.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void assertEnglish(String what, String text) {
        assertEnglish(what, List.of(text.split("\n")));
    }

    private static void assertEnglish(String what, Collection<String> texts) {
        for (String text : texts) {
            String t = text.strip();
            assertThat(RAW_KEY.matcher(t).matches())
                    .as("%s shows the raw key \"%s\"", what, t)
                    .isFalse();
            List<String> keys = bundleKeys.stream().filter(t::contains).toList();
            assertThat(keys).as("%s shows message keys in \"%s\"", what, t).isEmpty();
        }
    }

    private static String id(String location) {
        return location.substring(location.lastIndexOf('/') + 1);
    }
}
