package io.github.kcpartner.it.flow;

import static io.github.kcpartner.it.flow.LoginFlows.config;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcpartner.it.harness.Browser;
import io.github.kcpartner.it.harness.KeycloakExtension;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.harness.TestRealm;
import io.github.kcpartner.it.jims.JimsComponents;
import io.github.kcpartner.it.jims.JimsEntry;
import io.github.kcpartner.it.jims.JimsPair;
import io.github.kcpartner.it.keycloak.KeycloakAdminClient;
import io.github.kcpartner.it.op.OidcProviderPeer;
import io.github.kcpartner.it.partner.PartnerFixture;
import io.github.kcpartner.it.support.FreePorts;
import io.github.kcpartner.it.support.MessageBundle;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The network-identity steps in real login flows, driven by Chromium: the JIMS simulators (a
 * pair of this class's own) say who is at the browser's address, loopback (the test server
 * runs without {@code --proxy-headers}, so that is Keycloak's client address).
 * <ul>
 *   <li>flow {@code jims-browser}: cookie | forms [jims-network-identity, username-password,
 *       conditional [jims-user-matches-network (negated), OTP]];</li>
 *   <li>flow {@code jims-auto}: cookie | jims-network-identity (auto) | forms [username-password].</li>
 * </ul>
 * Every scenario clears the simulated directory, logs its user on at 127.0.0.1 and makes a
 * fresh {@code jims} federation (an empty table), so nothing of an earlier scenario answers.
 */
@ExtendWith(KeycloakExtension.class)
@DisplayName("jims-network-identity and jims-user-matches-network in the login flow")
class NetworkIdentityIT {

    private static final String REALM = "jims-flow-it";
    private static final String DOMAIN = "corp.example.com";
    private static final String PASSWORD = "Network-Identity-1";
    private static final String LOOPBACK = "127.0.0.1";
    /** The admin-only user attribute that binds a local user to its JIMS identity (alice@corp.example.com). */
    private static final String ATTRIBUTE = NetworkUsers.ATTRIBUTE;

    private static JimsPair jims;
    private static TestRealm realm;
    private static LoginFlows flows;
    private static String networkConfig;
    private static String conditionConfig;
    private static String autoConfig;
    private static String formConfig;
    private static int components;
    private static KeycloakServer shared;

    @BeforeAll
    static void start(KeycloakServer server, OidcProviderPeer op) {
        shared = server;
        Path logs = Path.of(System.getProperty("it.log.dir", "target/it-logs"));
        // a pair of our own: the directory is cleared per scenario without touching other classes
        jims = JimsPair.start(server.realmVariable("JIMS_CLIENT_SECRET"), logs.resolve("jims-flow-ca.pem"));
        realm = TestRealm.create(server, REALM);
        KeycloakAdminClient admin = server.admin();
        NetworkUsers.create(admin, REALM, DOMAIN, PASSWORD, "alice", "bob");
        Map<String, String> partner =
                PartnerFixture.codeFlowPartner(server, op, realm, "partner", "openid profile email");
        partner.put("loginHint", "true");
        realm.putIdentityProvider("partner", "partner-openid-connect", partner);

        // the partner login theme, in its languages: the offer and denied pages are checked in them
        admin.put(
                        "/realms/" + REALM,
                        Map.of(
                                "realm",
                                REALM,
                                "loginTheme",
                                "partner",
                                "internationalizationEnabled",
                                true,
                                "supportedLocales",
                                List.of("en", "de", "fr"),
                                "defaultLocale",
                                "en"))
                .expect(204);
        flows = new LoginFlows(admin, REALM);
        flows.createTopLevel("jims-browser");
        flows.addStep("jims-browser", "auth-cookie", "ALTERNATIVE");
        flows.addSubFlow("jims-browser", "jims-forms", "ALTERNATIVE");
        String network = flows.addStep("jims-forms", "jims-network-identity", "REQUIRED");
        flows.addStep("jims-forms", "auth-username-password-form", "REQUIRED");
        flows.addSubFlow("jims-forms", "jims-otp", "CONDITIONAL");
        String condition = flows.addStep("jims-otp", "jims-user-matches-network", "REQUIRED");
        flows.addStep("jims-otp", "auth-otp-form", "REQUIRED");
        networkConfig = flows.configure(network, "network", cfg("jimsMode", "hint"));
        conditionConfig = flows.configure(condition, "condition", cfg("jimsNegate", "true"));

        flows.createTopLevel("jims-auto");
        flows.addStep("jims-auto", "auth-cookie", "ALTERNATIVE");
        String auto = flows.addStep("jims-auto", "jims-network-identity", "ALTERNATIVE");
        flows.addSubFlow("jims-auto", "jims-auto-forms", "ALTERNATIVE");
        flows.addStep("jims-auto-forms", "auth-username-password-form", "REQUIRED");
        autoConfig = flows.configure(auto, "auto", cfg("jimsMode", "auto"));

        flows.createTopLevel("jims-form");
        flows.addStep("jims-form", "auth-cookie", "ALTERNATIVE");
        flows.addSubFlow("jims-form", "jims-form-forms", "ALTERNATIVE");
        String form = flows.addStep("jims-form-forms", "jims-username-password-form", "REQUIRED");
        formConfig = flows.configure(form, "form", cfg("jimsIpQuery", "true"));
    }

    @AfterAll
    static void stop() {
        if (realm != null) {
            realm.close();
        }
        if (jims != null) {
            jims.close();
        }
    }

    @AfterEach
    void removeComponents(KeycloakServer server) {
        String realmId = server.admin()
                .get("/realms/" + REALM)
                .expect(200)
                .json()
                .path("id")
                .asText();
        for (JsonNode c : server.admin()
                .get("/realms/" + REALM + "/components?parent=" + realmId
                        + "&type=org.keycloak.storage.UserStorageProvider")
                .expect(200)
                .json()) {
            server.admin()
                    .delete("/realms/" + REALM + "/components/" + c.path("id").asText())
                    .expect(204);
        }
        realm.clearEvents();
    }

    @Test
    @DisplayName(
            "hint: JIMS says alice is at the address, so the username field shows alice; she logs in with her password, no OTP, and LOGIN has jims_match=true")
    void hintPrefillsUsername(KeycloakServer server) {
        String component = scenario("alice", List.of(), Instant.now());
        useBrowserFlow(server, "jims-browser", cfg("jimsMode", "hint", "jimsComponent", component));
        try (Browser browser = Browser.start()) {
            browser.open(authUrl(server));
            assertThat(browser.await(By.id("username")).getAttribute("value")).isEqualTo("alice");
            browser.type(By.id("password"), PASSWORD);
            browser.click(By.id("kc-login"));
            awaitClient(browser);
        }
        JsonNode login = lastEvent(server, "LOGIN");
        assertThat(login.path("details").path("jims_match").asText()).isEqualTo("true");
        assertThat(login.path("details").path("jims_user").asText()).isEqualTo(DOMAIN + "\\alice");
        assertThat(metrics(server))
                .containsPattern("jims_flow_decisions_total\\{[^}]*outcome=\"hinted\"[^}]*\\} [1-9]");
    }

    @Test
    @DisplayName(
            "hint with the JIMS domain mapped to the partner: the browser lands at the partner OP, whose login field shows alice from login_hint")
    void hintRedirectsToMappedIdp(KeycloakServer server) {
        String component = scenario("alice", List.of(), Instant.now());
        useBrowserFlow(
                server,
                "jims-browser",
                cfg("jimsMode", "hint", "jimsComponent", component, "jimsDomainIdps", "CORP.example.com=partner"));
        try (Browser browser = Browser.start()) {
            browser.open(authUrl(server));
            assertThat(browser.await(By.id("login")).getAttribute("value")).isEqualTo("alice");
            assertThat(browser.currentUrl()).doesNotStartWith(server.baseUrl());
        }
    }

    @Test
    @DisplayName(
            "offer: \"Continue as corp.example.com\\alice?\"; Continue pre-fills the password step, another account leaves it empty")
    void offer(KeycloakServer server) {
        String component = scenario("alice", List.of(), Instant.now());
        useBrowserFlow(server, "jims-browser", cfg("jimsMode", "offer", "jimsComponent", component));
        for (String language : List.of("en", "de", "fr")) {
            try (Browser browser = Browser.start()) {
                browser.open(authUrl(server) + "&ui_locales=" + language);
                assertThat(browser.await(By.id("kc-jims-offer-text")).getText())
                        .isEqualTo(text(language, "jimsNetworkOfferText", DOMAIN + "\\alice"));
                assertThat(browser.driver().findElement(By.id("kc-page-title")).getText())
                        .isEqualTo(text(language, "jimsNetworkOfferTitle", DOMAIN + "\\alice")
                                .replace('\u00a0', ' '));
                assertThat(browser.driver()
                                .findElement(By.id("kc-jims-continue"))
                                .getText())
                        .isEqualTo(text(language, "jimsNetworkContinue"));
                browser.screenshot("jims-network-offer-" + language);
                browser.click(By.id("kc-jims-continue"));
                assertThat(browser.await(By.id("username")).getAttribute("value"))
                        .isEqualTo("alice");
            }
        }
        try (Browser browser = Browser.start()) {
            browser.open(authUrl(server));
            browser.click(By.id("kc-jims-another"));
            assertThat(browser.await(By.id("username")).getAttribute("value")).isEmpty();
        }
    }

    @Test
    @DisplayName(
            "auto: inside the trusted network, a recent entry and a configured group sign alice in without a password; outside the network, an old entry or another group get the login form")
    void auto(KeycloakServer server) {
        Map<String, String> base = cfg(
                "jimsMode",
                "auto",
                "jimsTrustedCidrs",
                "10.0.0.0/8##127.0.0.0/8",
                "jimsGroups",
                DOMAIN + "\\VPN-Users",
                "jimsMaxAgeSeconds",
                "3600");

        String component = scenario("alice", List.of("vpn-users"), Instant.now());
        useAutoFlow(server, with(base, "jimsComponent", component));
        try (Browser browser = Browser.start()) {
            browser.open(authUrl(server));
            awaitClient(browser);
        }
        JsonNode login = lastEvent(server, "LOGIN");
        assertThat(login.path("details").path("jims_match").asText()).isEqualTo("true");
        assertThat(login.path("userId").asText())
                .isEqualTo(realm.user("alice").path("id").asText());

        record Refused(String why, String cidrs, List<String> groups, Instant at) {}
        for (Refused refused : List.of(
                new Refused("outside the trusted network", "10.0.0.0/8", List.of("vpn-users"), Instant.now()),
                new Refused(
                        "entry too old",
                        "127.0.0.0/8",
                        List.of("vpn-users"),
                        Instant.now().minus(Duration.ofHours(2))),
                new Refused("not in the group", "127.0.0.0/8", List.of("staff"), Instant.now()))) {
            removeComponents(server);
            String c = scenario("alice", refused.groups(), refused.at());
            useAutoFlow(server, with(with(base, "jimsComponent", c), "jimsTrustedCidrs", refused.cidrs()));
            try (Browser browser = Browser.start()) {
                browser.open(authUrl(server));
                assertThat(browser.await(By.id("username")).getAttribute("value"))
                        .as(refused.why())
                        .isEmpty();
            }
        }
    }

    @Test
    @DisplayName(
            "auto binds a JIMS identity to its own user, never to whoever shares its bare name: a local alice beside the federation's alice, alice of another domain, a self-registered alice@corp.example.com; an opted-out user and a future entry are not signed in either")
    void autoNeverBindsByBareName(KeycloakServer server) {
        Map<String, String> base = cfg(
                "jimsMode",
                "auto",
                "jimsTrustedCidrs",
                "127.0.0.0/8",
                "jimsGroups",
                DOMAIN + "\\VPN-Users##lab.example.com\\VPN-Users",
                "jimsMaxAgeSeconds",
                "3600");
        String aliceId = realm.user("alice").path("id").asText();

        // 1. No attribute, username form "user": the federation serves "alice" for corp\alice, and so does the
        //    local database (another person): two users of that name, nobody is signed in.
        String c = scenario("alice", List.of("vpn-users"), Instant.now());
        useAutoFlow(server, with(with(base, "jimsComponent", c), "jimsUserAttribute", ""));
        assertRefusedThenPasswordLogin(server, "alice", "ambiguous_user");

        // 2. Two domains, one user name: JIMS names lab.example.com\alice; local alice is alice@corp.example.com.
        removeComponents(server);
        c = scenario("lab.example.com", "alice", List.of("vpn-users"), Instant.now(), "user");
        useAutoFlow(server, with(base, "jimsComponent", c));
        assertRefusedThenPasswordLogin(server, "alice", "no_keycloak_user");

        // 3. Someone registered the username alice@corp.example.com: by username form user@domain the federation's
        //    corp alice has that name too, so nobody is signed in; by the admin-only attribute the real alice is.
        String squatter = createUser("alice@corp.example.com");
        try {
            removeComponents(server);
            c = scenario(DOMAIN, "alice", List.of("vpn-users"), Instant.now(), "user@domain");
            useAutoFlow(server, with(with(base, "jimsComponent", c), "jimsUserAttribute", ""));
            try (Browser browser = Browser.start()) {
                browser.open(authUrl(server));
                assertThat(browser.await(By.id("username")).getAttribute("value"))
                        .isEmpty();
            }
            useAutoFlow(server, with(base, "jimsComponent", c));
            try (Browser browser = Browser.start()) {
                browser.open(authUrl(server));
                awaitClient(browser);
            }
            JsonNode login = lastEvent(server, "LOGIN");
            assertThat(login.path("userId").asText()).isEqualTo(aliceId).isNotEqualTo(squatter);
        } finally {
            server.admin().delete("/realms/" + REALM + "/users/" + squatter).expect(204);
        }

        // 4. An administrator put alice into the opt-out group: no sign-in, whatever JIMS says.
        removeComponents(server);
        c = scenario("alice", List.of("vpn-users"), Instant.now());
        useAutoFlow(server, with(base, "jimsComponent", c));
        String group = server.admin()
                .post("/realms/" + REALM + "/groups", Map.of("name", "no-network-sign-in"))
                .expect(201)
                .location();
        String groupId = group.substring(group.lastIndexOf('/') + 1);
        String membership = "/realms/" + REALM + "/users/" + aliceId + "/groups/" + groupId;
        server.admin().put(membership, Map.of()).expect(204);
        try {
            assertRefusedThenPasswordLogin(server, "alice", "user_opted_out");
        } finally {
            server.admin().delete("/realms/" + REALM + "/groups/" + groupId).expect(204);
        }

        // 5. A logon stamped ten minutes in the future passes any maximum age, so it is not believed.
        removeComponents(server);
        c = scenario("alice", List.of("vpn-users"), Instant.now().plus(Duration.ofMinutes(10)));
        useAutoFlow(server, with(base, "jimsComponent", c));
        assertRefusedThenPasswordLogin(server, "alice", "entry_invalid");
    }

    @Test
    @DisplayName(
            "a federation over plain http (allowed by its test switch) never drives auto: the JIMS answer is right, yet alice is not signed in (insecure_transport)")
    void plainHttpFederationNeverSignsIn(KeycloakServer server) {
        jims.directory().clear();
        jims.directory().logon(LOOPBACK, DOMAIN, "alice", List.of("vpn-users"), JimsEntry.Device.NONE, Instant.now());
        try (io.github.kcpartner.it.jims.JimsSimulator plain = io.github.kcpartner.it.jims.JimsSimulator.builder()
                .name("plain")
                .http()
                .directory(jims.directory())
                .clientId(jims.primary().clientId())
                .clientSecret(jims.primary().clientSecret())
                .build()
                .start()) {
            Map<String, List<String>> settings = new LinkedHashMap<>(JimsComponents.settings(jims));
            settings.put("primaryPort", List.of(Integer.toString(plain.port())));
            settings.put("primaryConnectMethod", List.of("http"));
            settings.remove("primaryCaCertificate");
            settings.put("secondaryAddress", List.of(""));
            settings.put("usernameForm", List.of("user"));
            // without the test switch, saving a federation that sends its secret over http is refused
            KeycloakAdminClient.Response refused =
                    new JimsComponents(server, REALM).tryCreate("jims-flow-plain", settings);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body()).containsIgnoringCase("primary").containsIgnoringCase("plain");
            settings.put("allowPlainHttp", List.of("true"));
            String c = newComponent(settings);
            useAutoFlow(
                    server,
                    cfg(
                            "jimsMode",
                            "auto",
                            "jimsComponent",
                            c,
                            "jimsTrustedCidrs",
                            "127.0.0.0/8",
                            "jimsGroups",
                            DOMAIN + "\\VPN-Users"));
            assertRefusedThenPasswordLogin(server, "alice", "insecure_transport");
            assertThat(plain.requests().size()).as("the plain server was asked").isPositive();
        }
    }

    /** The auto step did not sign anyone in: the login form is empty, and the refusal was counted with its reason. */
    private static void assertRefusedThenPasswordLogin(KeycloakServer server, String username, String reason) {
        double before = autoDecisions(server, reason);
        try (Browser browser = Browser.start()) {
            browser.open(authUrl(server));
            assertThat(browser.await(By.id("username")).getAttribute("value"))
                    .as("no sign-in (%s)", reason)
                    .isEmpty();
            submit(browser, username, PASSWORD);
            awaitClient(browser);
        }
        assertThat(autoDecisions(server, reason))
                .as("auto refusals counted as %s", reason)
                .isEqualTo(before + 1);
    }

    /** {@code jims_flow_decisions_total} of the auto step with this outcome (0 before the first). */
    private static double autoDecisions(KeycloakServer server, String outcome) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "jims_flow_decisions_total\\{[^}]*mode=\"auto\"[^}]*outcome=\"" + outcome + "\"[^}]*\\} (\\S+)")
                .matcher(metrics(server));
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static String createUser(String username) {
        String location = shared.admin()
                .post(
                        "/realms/" + REALM + "/users",
                        Map.of(
                                "username",
                                username,
                                "enabled",
                                true,
                                "credentials",
                                List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false))))
                .expect(201)
                .location();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    @Test
    @DisplayName(
            "condition: alice logs in from the address JIMS gives to bob, so the OTP step is required; from her own address no OTP is asked (hintPrefillsUsername)")
    void mismatchRequiresOtp(KeycloakServer server) {
        String component = scenario("bob", List.of(), Instant.now());
        useBrowserFlow(server, "jims-browser", cfg("jimsMode", "hint", "jimsComponent", component));
        try (Browser browser = Browser.start()) {
            browser.open(authUrl(server));
            assertThat(browser.await(By.id("username")).getAttribute("value")).isEqualTo("bob");
            browser.type(By.id("username"), "alice");
            browser.type(By.id("password"), PASSWORD);
            browser.click(By.id("kc-login"));
            // alice has no OTP yet: Keycloak asks her to set one up (an OTP user gets the code form)
            WebDriver driver = browser.driver();
            Browser.waiting(driver, Duration.ofSeconds(20))
                    .until(d -> !d.findElements(By.id("totp")).isEmpty()
                            || !d.findElements(By.id("otp")).isEmpty()
                            || d.getCurrentUrl().startsWith(realm.receiver().url()));
            assertThat(driver.getCurrentUrl()).doesNotStartWith(realm.receiver().url());
        }
    }

    @Test
    @DisplayName(
            "JIMS down: skip goes on to the empty login form and LOGIN says jims_match=unknown and why; deny (step or condition) shows the denied page with a LOGIN_ERROR")
    void jimsDown(KeycloakServer server) {
        String component = deadComponent();
        useBrowserFlow(server, "jims-browser", cfg("jimsMode", "hint", "jimsComponent", component));
        flows.reconfigure(conditionConfig, "condition", cfg("jimsNegate", "false", "jimsComponent", component));
        try (Browser browser = Browser.start()) {
            browser.open(authUrl(server));
            assertThat(browser.await(By.id("username")).getAttribute("value")).isEmpty();
            browser.type(By.id("username"), "alice");
            browser.type(By.id("password"), PASSWORD);
            browser.click(By.id("kc-login"));
            awaitClient(browser);
        }
        JsonNode login = lastEvent(server, "LOGIN");
        assertThat(login.path("details").path("jims_match").asText()).isEqualTo("unknown");
        assertThat(login.path("details").path("jims_reason").asText()).isEqualTo("jims_unavailable");

        useBrowserFlow(
                server,
                "jims-browser",
                cfg("jimsMode", "hint", "jimsComponent", component, "jimsFailurePolicy", "deny"));
        for (String language : List.of("en", "de", "fr")) {
            try (Browser browser = Browser.start()) {
                browser.open(authUrl(server) + "&ui_locales=" + language);
                assertThat(browser.await(By.id("kc-jims-denied")).getText())
                        .isEqualTo(text(language, "jimsNetworkDenied"));
                assertThat(browser.driver().findElement(By.id("kc-page-title")).getText())
                        .isEqualTo(text(language, "jimsNetworkDeniedTitle"));
                browser.screenshot("jims-network-denied-" + language);
            }
        }
        JsonNode error = lastEvent(server, "LOGIN_ERROR");
        assertThat(error.path("error").asText()).isEqualTo("jims_unavailable");
        assertThat(error.path("details").path("jims_reason").asText()).isEqualTo("jims_unavailable");

        // the condition with deny: the password is right, yet the login is refused with the same page
        useBrowserFlow(server, "jims-browser", cfg("jimsMode", "hint", "jimsComponent", component));
        flows.reconfigure(
                conditionConfig,
                "condition",
                cfg("jimsNegate", "true", "jimsComponent", component, "jimsFailurePolicy", "deny"));
        try (Browser browser = Browser.start()) {
            browser.open(authUrl(server));
            browser.type(By.id("username"), "alice");
            browser.type(By.id("password"), PASSWORD);
            browser.click(By.id("kc-login"));
            assertThat(browser.await(By.id("kc-jims-denied")).getText()).isEqualTo(text("en", "jimsNetworkDenied"));
        }
        JsonNode refused = lastEvent(server, "LOGIN_ERROR");
        assertThat(refused.path("details").path("jims_reason").asText()).isEqualTo("jims_unavailable");
        assertThat(refused.path("details").path("jims_match").asText()).isEqualTo("unknown");
    }

    @Test
    @DisplayName(
            "the username-password form with JIMS details: the LOGIN_ERROR of a wrong password or an unknown name says whether the name typed is the JIMS user at the address; LOGIN too")
    void passwordFormFailuresCarryJimsDetails(KeycloakServer server) {
        String component = scenario("alice", List.of(), Instant.now());
        flows.reconfigure(formConfig, "form", cfg("jimsComponent", component));
        server.admin()
                .put("/realms/" + REALM, Map.of("realm", REALM, "browserFlow", "jims-form"))
                .expect(204);
        String jimsUser = DOMAIN + "\\alice";
        try (Browser browser = Browser.start()) {
            browser.open(authUrl(server));
            submit(browser, "bob", "not-" + PASSWORD);
            JsonNode bob = awaitLoginError(server, "invalid_user_credentials");
            assertThat(bob.path("details").path("jims_match").asText())
                    .as("bob typed at alice's address")
                    .isEqualTo("false");
            assertThat(bob.path("details").path("jims_user").asText()).isEqualTo(jimsUser);
            realm.clearEvents();

            submit(browser, "alice", "not-" + PASSWORD);
            JsonNode alice = awaitLoginError(server, "invalid_user_credentials");
            assertThat(alice.path("details").path("jims_match").asText())
                    .as("alice at her own address")
                    .isEqualTo("true");
            assertThat(alice.path("details").path("jims_user").asText()).isEqualTo(jimsUser);
            realm.clearEvents();

            submit(browser, "mallory", PASSWORD);
            JsonNode unknown = awaitLoginError(server, "user_not_found");
            assertThat(unknown.path("details").path("jims_match").asText()).isEqualTo("false");
            realm.clearEvents();

            submit(browser, "alice@example.com", PASSWORD);
            awaitClient(browser);
        }
        JsonNode login = lastEvent(server, "LOGIN");
        assertThat(login.path("details").path("jims_match").asText())
                .as("alice by her e-mail")
                .isEqualTo("true");
        assertThat(login.path("details").path("jims_user").asText()).isEqualTo(jimsUser);

        // JIMS down: the form still works, and its failure says why the match is unknown
        flows.reconfigure(formConfig, "form", cfg("jimsComponent", deadComponent()));
        try (Browser browser = Browser.start()) {
            browser.open(authUrl(server));
            submit(browser, "alice", "not-" + PASSWORD);
            JsonNode down = awaitLoginError(server, "invalid_user_credentials");
            assertThat(down.path("details").path("jims_match").asText()).isEqualTo("unknown");
            assertThat(down.path("details").path("jims_reason").asText()).isEqualTo("jims_unavailable");
        }
        assertThat(metrics(server))
                .containsPattern("jims_flow_decisions_total\\{[^}]*mode=\"form\"[^}]*outcome=\"mismatch\"");
    }

    private static void submit(Browser browser, String username, String password) {
        browser.await(By.id("username")).clear();
        browser.type(By.id("username"), username);
        browser.type(By.id("password"), password);
        browser.click(By.id("kc-login"));
    }

    /** Waits until the realm has a LOGIN_ERROR with {@code error} (the form's answer page has then been rendered). */
    private static JsonNode awaitLoginError(KeycloakServer server, String error) {
        JsonNode[] found = new JsonNode[1];
        io.github.kcpartner.it.support.Poll.until(
                "a LOGIN_ERROR " + error, Duration.ofSeconds(20), Duration.ofMillis(100), () -> true, () -> {
                    JsonNode events = server.admin()
                            .get("/realms/" + REALM + "/events?type=LOGIN_ERROR&max=1")
                            .expect(200)
                            .json();
                    if (!events.isEmpty()
                            && events.get(0).path("error").asText().equals(error)) {
                        found[0] = events.get(0);
                        return true;
                    }
                    return false;
                });
        return found[0];
    }

    @Test
    @DisplayName(
            "a spoofed X-Forwarded-For is ignored without --proxy-headers: the hint is the user at the real address")
    void spoofedForwardedForIgnored(KeycloakServer server) throws Exception {
        String component = scenario("alice", List.of(), Instant.now());
        jims.directory().logon("10.9.9.9", DOMAIN, "bob");
        useBrowserFlow(server, "jims-browser", cfg("jimsMode", "hint", "jimsComponent", component));
        HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new java.net.CookieManager())
                .build();
        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(URI.create(authUrl(server)))
                        .header("X-Forwarded-For", "10.9.9.9")
                        .header("Forwarded", "for=10.9.9.9")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .containsPattern("id=\"username\"[^>]*value=\"alice\"")
                .doesNotContain("value=\"bob\"");
    }

    @Test
    @DisplayName(
            "the demo realm's login flow: with JIMS naming CORP\\alice at the browser's address, the account console goes straight to the partner with alice pre-filled, and her login there comes back to the demo realm")
    void demoRealmSendsCorpUsersToThePartner(KeycloakServer server) throws Exception {
        String demo = "/realms/partner-demo";
        JsonNode component = server.admin()
                .get(demo + "/components?name=jims")
                .expect(200)
                .json()
                .get(0);
        String componentId = component.path("id").asText();
        // The demo federation is pointed at this class's own JIMS pair for the test: the shared pair, which
        // other classes' federations ask about 127.0.0.1, never hears of CORP\alice.
        com.fasterxml.jackson.databind.node.ObjectNode pointed = component.deepCopy();
        com.fasterxml.jackson.databind.node.ObjectNode config =
                (com.fasterxml.jackson.databind.node.ObjectNode) pointed.get("config");
        Map<String, List<String>> own = JimsComponents.settings(jims);
        for (String key : List.of("primaryPort", "secondaryPort", "primaryCaCertificate", "secondaryCaCertificate")) {
            config.putPOJO(key, own.get(key));
        }
        jims.directory().clear();
        jims.directory().logon(LOOPBACK, "CORP", "alice", "VPN-Users");
        JimsComponents demoComponents = new JimsComponents(server, "partner-demo");
        server.admin().put(demo + "/components/" + componentId, pointed).expect(204);
        try {
            io.github.kcpartner.it.support.Poll.until(
                    "the demo table to learn the loopback logon",
                    Duration.ofSeconds(30),
                    Duration.ofMillis(100),
                    () -> true,
                    () -> demoComponents
                            .lookupIp(componentId, LOOPBACK, false)
                            .expect(200)
                            .json()
                            .path("found")
                            .asBoolean());
            try (Browser browser = Browser.start()) {
                browser.open(server.baseUrl() + demo + "/account");
                browser.awaitUrlContains("/realms/partner-op/");
                assertThat(browser.await(By.id("username")).getAttribute("value"))
                        .isEqualTo("alice");
                browser.screenshot("jims-network-demo-partner");
                browser.type(By.id("password"), server.realmVariable("PARTNER_OP_ALICE_PASSWORD"));
                browser.click(By.id("kc-login"));
                // back at the demo realm's account console: no "Account already exists" step on the way (the jims
                // federation does not answer the partner's "alice" with its corp\alice)
                browser.awaitUrlContains("/realms/partner-demo/account");
                assertThat(browser.currentUrl()).doesNotContain("first-broker-login");
                assertThat(sessions(server, "partner-op", "alice"))
                        .as("alice's session at the partner")
                        .isOne();

                // signing out of the demo realm signs out of the partner too (RP-initiated logout to the
                // end_session_endpoint of partner-op's metadata): the next visit would not come back signed in
                browser.open(server.baseUrl() + demo + "/protocol/openid-connect/logout");
                browser.click(By.id("kc-logout"));
                io.github.kcpartner.it.support.Poll.until(
                        "alice's session at partner-demo to end",
                        Duration.ofSeconds(15),
                        Duration.ofMillis(100),
                        () -> true,
                        () -> sessions(server, "partner-demo", "alice") == 0);
                browser.screenshot("demo-signed-out");
                assertThat(sessions(server, "partner-op", "alice"))
                        .as(
                                "alice's session at the partner after signing out of the demo realm (browser at %s)",
                                browser.currentUrl())
                        .isZero();
            }
        } finally {
            // the demo table forgets the loopback logon, then the federation goes back to the shared pair
            jims.directory().logoff(LOOPBACK);
            io.github.kcpartner.it.support.Poll.until(
                    "the demo table to drop 127.0.0.1",
                    Duration.ofSeconds(30),
                    Duration.ofMillis(100),
                    () -> true,
                    () -> !demoComponents
                            .lookupIp(componentId, LOOPBACK, false)
                            .expect(200)
                            .json()
                            .path("found")
                            .asBoolean());
            server.admin().put(demo + "/components/" + componentId, component).expect(204);
        }
    }

    /** The number of sessions of {@code username} in {@code realm} (0 without such a user). */
    private static int sessions(KeycloakServer server, String realm, String username) {
        JsonNode users = server.admin()
                .get("/realms/" + realm + "/users?exact=true&username=" + username)
                .expect(200)
                .json();
        if (users.isEmpty()) {
            return 0;
        }
        return server.admin()
                .get("/realms/" + realm + "/users/" + users.get(0).path("id").asText() + "/sessions")
                .expect(200)
                .json()
                .size();
    }

    /** Clears the directory, logs {@code user} on at loopback, and makes a fresh federation; returns its name. */
    private static String scenario(String user, List<String> groups, Instant at) {
        return scenario(DOMAIN, user, groups, at, "user");
    }

    /** The same for a user of {@code domain}, with the federation's username form {@code usernameForm}. */
    private static String scenario(String domain, String user, List<String> groups, Instant at, String usernameForm) {
        jims.directory().clear();
        jims.directory().logon(LOOPBACK, domain, user, groups, JimsEntry.Device.NONE, at);
        Map<String, List<String>> settings = new LinkedHashMap<>(JimsComponents.settings(jims));
        settings.put("usernameForm", List.of(usernameForm));
        return newComponent(settings);
    }

    /** A federation whose servers both refuse connections. */
    private static String deadComponent() {
        Map<String, List<String>> settings = new LinkedHashMap<>(JimsComponents.settings(jims));
        settings.put("primaryPort", List.of(Integer.toString(FreePorts.next())));
        settings.put("secondaryPort", List.of(Integer.toString(FreePorts.next())));
        return newComponent(settings);
    }

    private static String newComponent(Map<String, List<String>> settings) {
        Map<String, List<String>> s = new LinkedHashMap<>(settings);
        s.putIfAbsent("usernameForm", List.of("user"));
        s.put("queryInterval", List.of("60"));
        String name = "jims-flow-" + (++components);
        new JimsComponents(shared, REALM).create(name, s);
        return name;
    }

    /** Binds flow {@code flow} with these settings of the network step; the condition (negated) asks the same federation. */
    private static void useBrowserFlow(KeycloakServer server, String flow, Map<String, String> networkSettings) {
        flows.reconfigure(networkConfig, "network", networkSettings);
        flows.reconfigure(
                conditionConfig,
                "condition",
                cfg("jimsNegate", "true", "jimsComponent", networkSettings.getOrDefault("jimsComponent", "")));
        server.admin()
                .put("/realms/" + REALM, Map.of("realm", REALM, "browserFlow", flow))
                .expect(204);
    }

    private static void useAutoFlow(KeycloakServer server, Map<String, String> autoSettings) {
        flows.reconfigure(autoConfig, "auto", autoSettings);
        server.admin()
                .put("/realms/" + REALM, Map.of("realm", REALM, "browserFlow", "jims-auto"))
                .expect(204);
    }

    /**
     * A step's settings with this class's defaults: loopback is looked up (the default looks up only the private
     * ranges), and local users are bound to JIMS identities by their admin-only attribute.
     */
    private static Map<String, String> cfg(String... pairs) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("jimsLookupCidrs", "10.0.0.0/8##127.0.0.0/8");
        c.put("jimsUserAttribute", ATTRIBUTE);
        c.putAll(config(pairs));
        return c;
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> c = new LinkedHashMap<>(base);
        c.put(key, value);
        return c;
    }

    /** A text of the bundle as the login page shows it (Keycloak formats every message with MessageFormat). */
    private static String text(String language, String key, Object... args) {
        return new java.text.MessageFormat(MessageBundle.text(language, key), java.util.Locale.forLanguageTag(language))
                .format(args);
    }

    private static String authUrl(KeycloakServer server) {
        return server.baseUrl() + "/realms/" + REALM + "/protocol/openid-connect/auth?client_id=" + TestRealm.CLIENT_ID
                + "&response_type=code&scope=openid&redirect_uri="
                + URLEncoder.encode(realm.receiver().url(), StandardCharsets.UTF_8) + "&state=" + UUID.randomUUID();
    }

    private static void awaitClient(Browser browser) {
        Browser.waiting(browser.driver(), Duration.ofSeconds(20))
                .until(d -> d.getCurrentUrl().startsWith(realm.receiver().url()));
        assertThat(browser.currentUrl()).contains("code=");
    }

    private static JsonNode lastEvent(KeycloakServer server, String type) {
        JsonNode events = server.admin()
                .get("/realms/" + REALM + "/events?type=" + type + "&max=1")
                .expect(200)
                .json();
        assertThat(events).as("a %s event", type).isNotEmpty();
        return events.get(0);
    }

    private static String metrics(KeycloakServer server) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(server.managementUrl() + "/metrics"))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return r.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
