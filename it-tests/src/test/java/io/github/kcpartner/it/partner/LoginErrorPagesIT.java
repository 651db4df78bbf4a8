package io.github.kcpartner.it.partner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcpartner.it.faultyop.ClientSettings;
import io.github.kcpartner.it.faultyop.Fault;
import io.github.kcpartner.it.faultyop.FaultyOp;
import io.github.kcpartner.it.faultyop.RegisteredClient;
import io.github.kcpartner.it.harness.Browser;
import io.github.kcpartner.it.harness.KeycloakExtension;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.harness.PartnerLoginFlow;
import io.github.kcpartner.it.harness.TestRealm;
import io.github.kcpartner.it.support.MessageBundle;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;

/**
 * The {@code partner} login theme's error pages, in Chromium, for each way a partner login
 * fails as a user sees it (partner unreachable, its answer refused, account not matched,
 * attributes not determined, an error reported by the partner), in English, German and French
 * as Keycloak's locale selection picks them ({@code ui_locales}): the title and the explanation
 * are the bundle's texts of that language, no raw message key shows, the page names a reference
 * and the realm's login error event carries the same reference with the technical reason.
 * Screenshots go to {@code target/it-logs/} (with {@code -Ddocs.images=update} the ones the README
 * shows also to {@code docs/images/}).
 */
@ExtendWith(KeycloakExtension.class)
@DisplayName("partner login error pages: plain words in the user's language, with a reference that is in the event")
class LoginErrorPagesIT {

    /** One failing partner per page: alias, event reason, message key of the page. */
    private record Failure(String alias, String reason, String messageKey) {}

    private static final Pattern REFERENCE = Pattern.compile("\\b[A-Z2-9]{4}-[A-Z2-9]{4}\\b");
    /** A word that looks like a message key (camelCase, or dotted) instead of a text. */
    private static final Pattern RAW_KEY = Pattern.compile("\\b[a-z]+[A-Z][A-Za-z]+\\b|\\b[a-z]+\\.[a-z][A-Za-z.]+\\b");

    private static TestRealm realm;
    private static FaultyOp op;
    private static final List<Failure> FAILURES = new ArrayList<>();

    @BeforeAll
    static void start(KeycloakServer server) throws IOException {
        realm = TestRealm.create(server, "partner-pages");
        server.admin()
                .put(
                        "/realms/partner-pages",
                        Map.of(
                                "loginTheme",
                                "partner",
                                "internationalizationEnabled",
                                true,
                                "supportedLocales",
                                List.of("en", "de", "fr"),
                                "defaultLocale",
                                "en"))
                .expect(204);
        op = new FaultyOp().start();
        Path rules = Files.createDirectories(Path.of(System.getProperty("kc.home"), "partner-rules"));
        Files.writeString(rules.resolve("it-pages-nouser.js"), "result.setAttribute('x', 'y');\n");
        Files.writeString(rules.resolve("it-pages-throws.js"), "throw new Error('pages test');\n");

        Map<String, String> unreachable = partner(server, "pages-unreachable", null);
        unreachable.put(
                "metadataDescriptorUrl", "http://127.0.0.1:" + closedPort() + "/.well-known/openid-configuration");
        add("pages-unreachable", unreachable, "metadata_unavailable", "partnerLoginUnreachable");
        add(
                "pages-refused",
                partner(server, "pages-refused", Fault.WRONG_ISS),
                "invalid_issuer",
                "partnerLoginRefused");
        Map<String, String> unmatched = partner(server, "pages-unmatched", null);
        unmatched.put("identityMapping", "javascript");
        unmatched.put("identityMappingRule", "it-pages-nouser");
        add("pages-unmatched", unmatched, "identity_mapping_failed", "partnerLoginNotMatched");
        Map<String, String> attributes = partner(server, "pages-attributes", null);
        attributes.put("advancedConfigurationRule", "it-pages-throws");
        add("pages-attributes", attributes, "advanced_configuration_failed", "partnerLoginAttributes");
        add(
                "pages-partner",
                partner(server, "pages-partner", Fault.AUTHORIZATION_ERROR),
                "partner_error:temporarily_unavailable",
                "partnerLoginPartnerError");
    }

    @AfterAll
    static void stop() {
        op.close();
        realm.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "de", "fr"})
    @DisplayName(
            "given each kind of failure, then its page reads in the language asked for and its reference is the event's")
    void pagesInLanguage(String language, KeycloakServer server) throws IOException {
        realm.clearEvents();
        try (Browser browser = Browser.start()) {
            for (Failure failure : FAILURES) {
                PartnerLoginFlow.Outcome outcome =
                        PartnerLoginFlow.login(browser, server, realm, failure.alias(), "unused", "unused", language);
                assertThat(outcome.success()).as(failure.alias()).isFalse();
                String name = "login-error-" + failure.alias().substring("pages-".length()) + "-" + language;
                Path shot = browser.screenshot(name);

                String title = browser.driver()
                        .findElement(By.id("kc-page-title"))
                        .getText()
                        .strip();
                assertThat(title)
                        .as("%s title in %s", failure.alias(), language)
                        .isEqualTo(format(language, failure.messageKey() + "Title"));
                Matcher reference = REFERENCE.matcher(outcome.errorText());
                assertThat(reference.find())
                        .as("%s names a reference: %s", failure.alias(), outcome.errorText())
                        .isTrue();
                String ref = reference.group();
                assertThat(outcome.errorText().lines().findFirst().orElseThrow().strip())
                        .as("%s explanation in %s", failure.alias(), language)
                        .isEqualTo(format(language, failure.messageKey(), ref));
                String body = browser.driver().findElement(By.tagName("body")).getText();
                assertThat(body)
                        .as("no raw message key on %s", name)
                        .doesNotContainPattern(RAW_KEY)
                        .doesNotContain(failure.reason())
                        .doesNotContain("Exception");

                JsonNode event = eventWithReference(ref);
                assertThat(event)
                        .as("a login error event with reference %s", ref)
                        .isNotNull();
                assertThat(event.path("details").path("reason").asText()).isEqualTo(failure.reason());
                assertThat(event.path("details").path("identity_provider").asText())
                        .isEqualTo(failure.alias());
                boolean inReadme = "en".equals(language) || "login-error-partner-de".equals(name);
                if (inReadme && "update".equals(System.getProperty("docs.images"))) {
                    Path docs = Files.createDirectories(Path.of("..", "docs", "images"));
                    Files.copy(shot, docs.resolve(shot.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        assertThat(realm.userCount()).as("no failed login created a user").isZero();
    }

    private static void add(String alias, Map<String, String> config, String reason, String messageKey) {
        realm.putIdentityProvider(alias, "partner-openid-connect", config);
        FAILURES.add(new Failure(alias, reason, messageKey));
    }

    private static Map<String, String> partner(KeycloakServer server, String alias, Fault fault) {
        RegisteredClient client = op.registerClient(ClientSettings.builder()
                .redirectUri(PartnerFixture.brokerEndpoint(server, realm, alias))
                .build());
        if (fault != null) {
            op.faults().enable(client.clientId(), fault);
        }
        return PartnerFixture.faultyOpConfig(op, client, alias);
    }

    private static String format(String language, String key, Object... args) {
        return new MessageFormat(MessageBundle.text(language, key), Locale.forLanguageTag(language)).format(args);
    }

    private static JsonNode eventWithReference(String reference) {
        return realm.loginErrors().stream()
                .filter(e ->
                        reference.equals(e.path("details").path("reference").asText()))
                .findFirst()
                .orElse(null);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
