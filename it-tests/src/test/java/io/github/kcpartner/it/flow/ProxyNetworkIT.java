package io.github.kcpartner.it.flow;

import static io.github.kcpartner.it.flow.LoginFlows.config;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcpartner.it.harness.Browser;
import io.github.kcpartner.it.harness.KeycloakExtension;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.harness.StandaloneServer;
import io.github.kcpartner.it.harness.TestRealm;
import io.github.kcpartner.it.jims.JimsComponents;
import io.github.kcpartner.it.jims.JimsEntry;
import io.github.kcpartner.it.jims.JimsPair;
import io.github.kcpartner.it.keycloak.KeycloakAdminClient;
import io.github.kcpartner.it.proxy.NginxProxy;
import io.github.kcpartner.it.support.Poll;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * {@code jims-network-identity} behind a real proxy (issue #21). A Keycloak of this class's own
 * runs with {@code --proxy-headers=xforwarded} (proxy headers trusted from the proxy's address
 * only), behind Debian's nginx ({@link NginxProxy}), which, like most production proxies,
 * <em>appends</em> the client's address to {@code X-Forwarded-For}. A client can therefore put
 * any address first in the chain, and Keycloak's own resolution takes that leftmost one. The
 * step must take the right-most address that is not one of its trusted proxies
 * ({@code jimsTrustedProxies}) instead.
 *
 * <p>Addresses: the browser and the HTTP client connect to nginx from 127.0.0.1; nginx connects
 * to Keycloak from 127.0.0.2. The JIMS simulators say bob sits at 10.0.0.5, a string in the
 * simulated directory only (nothing is sent there); alice at 127.0.0.1 or nobody, per case.
 * alice and bob are local users whose attribute {@code jimsIdentity} (admin-editable only) holds
 * their domain-qualified JIMS name. The federation names users {@code user@domain}.
 */
@ExtendWith(KeycloakExtension.class)
@DisplayName("jims-network-identity behind nginx, with Keycloak honouring X-Forwarded-For")
class ProxyNetworkIT {

    private static final String REALM = "jims-proxy-it";
    private static final String DOMAIN = "corp.example.com";
    private static final String PASSWORD = "Proxy-Network-1";
    private static final String SPOOFED = "10.0.0.5";
    private static final String BROWSER_ADDRESS = "127.0.0.1";
    private static final String PROXY_ONLY = NginxProxy.BIND_ADDRESS + "/32";
    private static final String LOOKUP_CIDRS = "10.0.0.0/8##127.0.0.0/8";
    private static final String DIRECT_CLIENT = "proxy-direct";
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static StandaloneServer keycloak;
    private static NginxProxy proxy;
    private static JimsPair jims;
    private static TestRealm realm;
    private static LoginFlows flows;
    private static String networkConfig;
    private static String autoConfig;
    private static int components;

    @BeforeAll
    static void start(KeycloakServer server) {
        Path logs = Path.of(System.getProperty("it.log.dir", "target/it-logs"));
        long begin = System.nanoTime();
        keycloak = StandaloneServer.start(
                "proxy-network",
                server,
                List.of("--proxy-headers=xforwarded", "--proxy-trusted-addresses=" + NginxProxy.BIND_ADDRESS));
        System.out.printf(
                "ProxyNetworkIT: Keycloak with --proxy-headers=xforwarded at %s, copy and start %.1f s (start %.1f s)%n",
                keycloak.baseUrl(),
                (System.nanoTime() - begin) / 1e9,
                keycloak.startupTime().toMillis() / 1000.0);
        proxy = NginxProxy.start("proxy-network", keycloak.httpPort(), logs);
        jims = JimsPair.start(server.realmVariable("JIMS_CLIENT_SECRET"), logs.resolve("jims-proxy-ca.pem"));
        realm = TestRealm.create(keycloak, REALM);
        KeycloakAdminClient admin = keycloak.admin();

        NetworkUsers.create(admin, REALM, DOMAIN, PASSWORD, "alice", "bob");
        for (String user : List.of("alice", "bob")) {
            assertThat(realm.user(user)
                            .path("attributes")
                            .path("jimsIdentity")
                            .path(0)
                            .asText())
                    .as("%s's jimsIdentity attribute stored", user)
                    .isEqualTo(user + "@" + DOMAIN);
        }
        // the baseline's client: a password grant over plain HTTP gives a LOGIN event at once
        admin.post(
                        "/realms/" + REALM + "/clients",
                        Map.of(
                                "clientId",
                                DIRECT_CLIENT,
                                "publicClient",
                                true,
                                "standardFlowEnabled",
                                false,
                                "directAccessGrantsEnabled",
                                true))
                .expect(201);

        flows = new LoginFlows(admin, REALM);
        flows.createTopLevel("proxy-browser");
        flows.addStep("proxy-browser", "auth-cookie", "ALTERNATIVE");
        flows.addSubFlow("proxy-browser", "proxy-forms", "ALTERNATIVE");
        String network = flows.addStep("proxy-forms", "jims-network-identity", "REQUIRED");
        flows.addStep("proxy-forms", "auth-username-password-form", "REQUIRED");
        networkConfig = flows.configure(network, "network", config("jimsMode", "hint"));

        flows.createTopLevel("proxy-auto");
        flows.addStep("proxy-auto", "auth-cookie", "ALTERNATIVE");
        String auto = flows.addStep("proxy-auto", "jims-network-identity", "ALTERNATIVE");
        flows.addSubFlow("proxy-auto", "proxy-auto-forms", "ALTERNATIVE");
        flows.addStep("proxy-auto-forms", "auth-username-password-form", "REQUIRED");
        autoConfig = flows.configure(auto, "auto", config("jimsMode", "auto"));
    }

    @AfterAll
    static void stop() {
        if (realm != null) {
            realm.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (keycloak != null) {
            keycloak.close();
        }
        if (jims != null) {
            jims.close();
        }
    }

    @AfterEach
    void removeComponents() {
        KeycloakAdminClient admin = keycloak.admin();
        String realmId =
                admin.get("/realms/" + REALM).expect(200).json().path("id").asText();
        for (JsonNode c : admin.get("/realms/" + REALM + "/components?parent=" + realmId
                        + "&type=org.keycloak.storage.UserStorageProvider")
                .expect(200)
                .json()) {
            admin.delete("/realms/" + REALM + "/components/" + c.path("id").asText())
                    .expect(204);
        }
        realm.clearEvents();
    }

    @Test
    @DisplayName(
            "baseline: through the proxy a client's X-Forwarded-For: 10.0.0.5 becomes Keycloak's own client address (nginx appends, Keycloak takes the leftmost); without it the address is the browser's; sent to Keycloak directly the header is ignored")
    void keycloakTakesTheLeftmostAddress() {
        assertThat(passwordGrant(proxy.baseUrl(), SPOOFED).path("ipAddress").asText())
                .as("Keycloak's address of a login through the proxy with a spoofed header")
                .isEqualTo(SPOOFED);
        assertThat(passwordGrant(proxy.baseUrl(), null).path("ipAddress").asText())
                .as("through the proxy, nothing spoofed")
                .isEqualTo(BROWSER_ADDRESS);
        assertThat(passwordGrant(keycloak.baseUrl(), SPOOFED).path("ipAddress").asText())
                .as("directly, from an address that is not a trusted proxy")
                .isEqualTo(BROWSER_ADDRESS);
    }

    @Test
    @DisplayName(
            "hint, the proxy trusted: in Chromium (nginx appends 127.0.0.1) alice is hinted and logs in with her password; a spoofed X-Forwarded-For: 10.0.0.5 from the same address hints alice too, not bob")
    void hintTakesTheRealAddress() {
        String component = scenario(SPOOFED, "bob", BROWSER_ADDRESS, "alice");
        useBrowserFlow(settings("hint", component, PROXY_ONLY));

        try (Browser browser = Browser.start()) {
            browser.open(authUrl());
            assertThat(browser.await(By.id("username")).getAttribute("value")).isEqualTo("alice");
            browser.type(By.id("password"), PASSWORD);
            browser.click(By.id("kc-login"));
            awaitClient(browser);
        }
        JsonNode login = awaitEvent("LOGIN");
        assertThat(login.path("userId").asText()).isEqualTo(userId("alice"));
        assertThat(login.path("ipAddress").asText()).isEqualTo(BROWSER_ADDRESS);

        assertThat(usernameValue(spoofed(SPOOFED)))
                .as("the username pre-filled for a spoofed 10.0.0.5 from the browser's 127.0.0.1")
                .isEqualTo("alice");
    }

    @Test
    @DisplayName(
            "hint, the proxy trusted, nobody at 127.0.0.1: a spoofed X-Forwarded-For: 10.0.0.5 leaves the username field empty")
    void hintIgnoresSpoofedAddress() {
        String component = scenario(SPOOFED, "bob");
        useBrowserFlow(settings("hint", component, PROXY_ONLY));

        assertThat(usernameValue(spoofed(SPOOFED))).isEmpty();
    }

    @Test
    @DisplayName(
            "offer, the proxy trusted: in Chromium the page offers alice, who is at 127.0.0.1; a spoofed X-Forwarded-For: 10.0.0.5 gets no \"Continue as bob\" page, alice is offered")
    void offerTakesTheRealAddress() {
        String component = scenario(SPOOFED, "bob", BROWSER_ADDRESS, "alice");
        useBrowserFlow(settings("offer", component, PROXY_ONLY));

        try (Browser browser = Browser.start()) {
            browser.open(authUrl());
            assertThat(browser.await(By.id("kc-jims-offer-text")).getText()).contains(DOMAIN + "\\alice");
            browser.click(By.id("kc-jims-continue"));
            assertThat(browser.await(By.id("username")).getAttribute("value")).isEqualTo("alice");
        }

        String page = spoofed(SPOOFED).body();
        assertThat(offerText(page))
                .as("the offer page's text")
                .doesNotContain("bob")
                .contains(DOMAIN + "\\alice");
    }

    @Test
    @DisplayName(
            "auto, nobody at 127.0.0.1: with 127.0.0.1 a trusted hop too (an upstream proxy vouching for 10.0.0.5) bob is signed in without a password; with only nginx trusted, the same spoofed X-Forwarded-For: 10.0.0.5 gets the login form and no LOGIN event")
    void autoDoesNotSignInTheSpoofedUser() {
        String component = scenario(SPOOFED, "bob");

        // control: bob qualifies (network, age, group, attribute) when the chain really says 10.0.0.5
        useAutoFlow(autoSettings(component, PROXY_ONLY + "##" + BROWSER_ADDRESS + "/32"));
        HttpResponse<String> vouched = spoofed(SPOOFED);
        assertThat(vouched.headers().firstValue("Location").orElse(""))
                .as("with 127.0.0.1 trusted: a redirect to the client with a code")
                .startsWith(realm.receiver().url())
                .contains("code=");
        assertThat(awaitEvent("LOGIN").path("userId").asText()).isEqualTo(userId("bob"));
        realm.clearEvents();

        useAutoFlow(autoSettings(component, PROXY_ONLY));
        HttpResponse<String> page = spoofed(SPOOFED);
        assertThat(page.headers().firstValue("Location"))
                .as("no redirect to the client (a code for bob)")
                .isEmpty();
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"username\"");
        assertThat(events("LOGIN")).as("LOGIN events").isEmpty();
    }

    @Test
    @DisplayName(
            "auto, the proxy trusted: alice at her real address 127.0.0.1 is signed in without a password in Chromium, as the local user whose jimsIdentity is alice@corp.example.com")
    void autoSignsInTheUserAtTheRealAddress() {
        String component = scenario(SPOOFED, "bob", BROWSER_ADDRESS, "alice");
        useAutoFlow(autoSettings(component, PROXY_ONLY));

        try (Browser browser = Browser.start()) {
            browser.open(authUrl());
            Browser.waiting(browser.driver(), Duration.ofSeconds(20))
                    .until(d -> d.getCurrentUrl().startsWith(realm.receiver().url())
                            || !d.findElements(By.id("username")).isEmpty());
            assertThat(browser.currentUrl())
                    .as("signed in without a password (not the login form)")
                    .startsWith(realm.receiver().url())
                    .contains("code=");
        }
        JsonNode login = awaitEvent("LOGIN");
        assertThat(login.path("userId").asText()).isEqualTo(userId("alice"));
    }

    @Test
    @DisplayName(
            "no trusted proxies while Keycloak honours proxy headers: the step does not take X-Forwarded-For, spoofed or not; it looks up the proxy's own 127.0.0.2, where nobody is")
    void noTrustedProxiesNoHeader() {
        String component = scenario(SPOOFED, "bob", BROWSER_ADDRESS, "alice");
        useBrowserFlow(settings("hint", component, ""));

        assertThat(usernameValue(spoofed(SPOOFED))).as("spoofed 10.0.0.5").isEmpty();
        assertThat(usernameValue(spoofed(null)))
                .as("the browser's own 127.0.0.1, appended by nginx")
                .isEmpty();
    }

    @Test
    @DisplayName(
            "an unreadable chain (X-Forwarded-For: not-an-address behind two trusted hops) is JIMS unavailable with reason client_address_ambiguous: with failure policy deny the denied page and a LOGIN_ERROR")
    void unreadableChainIsAmbiguous() {
        String component = scenario(SPOOFED, "bob", BROWSER_ADDRESS, "alice");
        Map<String, String> settings = settings("hint", component, PROXY_ONLY + "##" + BROWSER_ADDRESS + "/32");
        settings.put("jimsFailurePolicy", "deny");
        useBrowserFlow(settings);

        HttpResponse<String> page = spoofed("not-an-address");
        assertThat(page.body()).contains("id=\"kc-jims-denied\"");
        JsonNode error = awaitEvent("LOGIN_ERROR");
        assertThat(error.path("error").asText()).isEqualTo("jims_unavailable");
        assertThat(error.path("details").path("jims_reason").asText()).isEqualTo("client_address_ambiguous");
    }

    /** Settings of the hint or offer step: names typed as {@code user}, loopback and 10/8 looked up. */
    private static Map<String, String> settings(String mode, String component, String trustedProxies) {
        return new LinkedHashMap<>(config(
                "jimsMode",
                mode,
                "jimsComponent",
                component,
                "jimsHintForm",
                "user",
                "jimsLookupCidrs",
                LOOKUP_CIDRS,
                "jimsTrustedProxies",
                trustedProxies));
    }

    /** Settings of the auto step: alice and bob qualify anywhere in 10/8 and 127/8, by their jimsIdentity attribute. */
    private static Map<String, String> autoSettings(String component, String trustedProxies) {
        Map<String, String> c = settings("auto", component, trustedProxies);
        c.put("jimsTrustedCidrs", "10.0.0.0/8##127.0.0.0/8");
        c.put("jimsGroups", DOMAIN + "\\VPN-Users");
        c.put("jimsMaxAgeSeconds", "3600");
        c.put("jimsUserAttribute", "jimsIdentity");
        return c;
    }

    /**
     * Clears the directory, logs on each (address, user) pair now, in group VPN-Users, and makes a
     * fresh federation (an empty table) that names users {@code user@domain}; returns its name.
     */
    private static String scenario(String... addressUserPairs) {
        jims.directory().clear();
        for (int i = 0; i < addressUserPairs.length; i += 2) {
            jims.directory()
                    .logon(
                            addressUserPairs[i],
                            DOMAIN,
                            addressUserPairs[i + 1],
                            List.of("VPN-Users"),
                            JimsEntry.Device.NONE,
                            Instant.now());
        }
        Map<String, List<String>> s = new LinkedHashMap<>(JimsComponents.settings(jims));
        s.put("usernameForm", List.of("user@domain"));
        s.put("queryInterval", List.of("60"));
        String name = "jims-proxy-" + (++components);
        new JimsComponents(keycloak, REALM).create(name, s);
        return name;
    }

    private static void useBrowserFlow(Map<String, String> networkSettings) {
        flows.reconfigure(networkConfig, "network", networkSettings);
        keycloak.admin()
                .put("/realms/" + REALM, Map.of("realm", REALM, "browserFlow", "proxy-browser"))
                .expect(204);
    }

    private static void useAutoFlow(Map<String, String> autoSettings) {
        flows.reconfigure(autoConfig, "auto", autoSettings);
        keycloak.admin()
                .put("/realms/" + REALM, Map.of("realm", REALM, "browserFlow", "proxy-auto"))
                .expect(204);
    }

    /** The authorization request through the proxy, with {@code X-Forwarded-For: forwardedFor} unless null; no redirect followed. */
    private static HttpResponse<String> spoofed(String forwardedFor) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(authUrl())).timeout(Duration.ofSeconds(30));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return send(request.GET().build());
    }

    /** A password grant of alice through {@code base}; returns its LOGIN event. */
    private static JsonNode passwordGrant(String base, String forwardedFor) {
        realm.clearEvents();
        String form = "grant_type=password&client_id=" + DIRECT_CLIENT + "&username=alice&password="
                + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&scope=openid";
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(base + "/realms/" + REALM + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        HttpResponse<String> answer =
                send(request.POST(HttpRequest.BodyPublishers.ofString(form)).build());
        assertThat(answer.statusCode()).as("password grant: %s", answer.body()).isEqualTo(200);
        return awaitEvent("LOGIN");
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of the login form's username field; empty when it has none; fails when there is no form. */
    private static String usernameValue(HttpResponse<String> page) {
        assertThat(page.statusCode()).as("the login page").isEqualTo(200);
        Matcher input = Pattern.compile("<input[^>]*\\bid=\"username\"[^>]*>").matcher(page.body());
        assertThat(input.find()).as("a username field in %s", page.body()).isTrue();
        Matcher value = Pattern.compile("\\bvalue=\"([^\"]*)\"").matcher(input.group());
        return value.find() ? value.group(1) : "";
    }

    /** The text of the offer page's question, or empty when the page is not the offer. */
    private static String offerText(String page) {
        Matcher m = Pattern.compile("id=\"kc-jims-offer-text\">([^<]*)<").matcher(page);
        return m.find() ? m.group(1) : "";
    }

    private static String authUrl() {
        return proxy.baseUrl() + "/realms/" + REALM + "/protocol/openid-connect/auth?client_id=" + TestRealm.CLIENT_ID
                + "&response_type=code&scope=openid&redirect_uri="
                + URLEncoder.encode(realm.receiver().url(), StandardCharsets.UTF_8) + "&state=" + UUID.randomUUID();
    }

    private static void awaitClient(Browser browser) {
        Browser.waiting(browser.driver(), Duration.ofSeconds(20))
                .until(d -> d.getCurrentUrl().startsWith(realm.receiver().url()));
        assertThat(browser.currentUrl()).contains("code=");
    }

    private static String userId(String username) {
        return realm.user(username).path("id").asText();
    }

    private static List<JsonNode> events(String type) {
        List<JsonNode> found = new ArrayList<>();
        keycloak.admin()
                .get("/realms/" + REALM + "/events?type=" + type + "&max=20")
                .expect(200)
                .json()
                .forEach(found::add);
        return found;
    }

    /** The newest event of {@code type}, waiting up to 20 s for one. */
    private static JsonNode awaitEvent(String type) {
        List<JsonNode> found = new ArrayList<>();
        Poll.until("a " + type + " event", Duration.ofSeconds(20), Duration.ofMillis(100), () -> true, () -> {
            found.clear();
            found.addAll(events(type));
            return !found.isEmpty();
        });
        return found.get(0);
    }
}
