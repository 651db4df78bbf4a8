package io.github.kcpartner.it.partner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcpartner.it.harness.Browser;
import io.github.kcpartner.it.harness.KeycloakExtension;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.harness.TestRealm;
import io.github.kcpartner.it.harness.TestVault;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * Keycloak itself as the partner's OpenID provider (issue #22): a realm of the shared server
 * signs and encrypts ID tokens for a client that registered our partner JWKS URL, and a relying
 * realm federates with it through {@code partner-oidc}.
 */
@ExtendWith(KeycloakExtension.class)
@DisplayName("partner-oidc with Keycloak as the partner OP")
class KeycloakAsPartnerIT {

    private static KeycloakOp op;
    private static TestRealm realm;
    private static RpKeys rpKeys;
    private static KeycloakServer server;

    @BeforeAll
    static void realms(KeycloakServer keycloak) throws Exception {
        server = keycloak;
        op = KeycloakOp.create(keycloak, "kc-as-partner-op");
        realm = TestRealm.create(keycloak, "kc-as-partner-rp");
        rpKeys = RpKeys.create(Path.of(System.getProperty("kc.home"), "conf", "partner", "rp-keys"));
    }

    @AfterAll
    static void dropRealms() {
        realm.close();
        op.close();
    }

    @AfterEach
    void forgetUsers() {
        realm.deleteUsers();
        realm.clearEvents();
    }

    @ParameterizedTest(name = "{0} / {1} / A256GCM")
    @CsvSource({"RS256, RSA-OAEP", "ES256, RSA-OAEP", "RS256, RSA-OAEP-256", "ES256, RSA-OAEP-256"})
    @DisplayName(
            "given the OP signs so and encrypts the ID token to our JWKS, then the user arrives in the relying realm")
    void encryptedIdTokenLogsIn(String sig, String km) {
        String alias = ("kc-" + sig + "-" + km).toLowerCase();
        partner(alias, sig, km, km);

        Outcome outcome = login(alias);

        assertThat(outcome.error()).as("error page").isNull();
        assertThat(outcome.url()).as("the test client got a code").contains("code=");
        assertThat(realm.user(KeycloakOp.USER)).as("brokered user").isNotNull();
        assertThat(events("LOGIN")).as("LOGIN event in the relying realm").isNotEmpty();
        assertThat(publishedAlgorithms(alias)).as("our JWKS labels its keys").containsOnly(km);
    }

    @ParameterizedTest(name = "userinfo {0} / {1} / A256GCM")
    @CsvSource({"RS256, RSA-OAEP", "ES256, RSA-OAEP-256"})
    @DisplayName(
            "given the OP signs and encrypts both the ID token and the userinfo answer to our JWKS, then the user arrives with the userinfo claims")
    void encryptedUserInfoLogsIn(String sig, String km) {
        String alias = ("kc-ui-" + sig + "-" + km).toLowerCase();
        partner(
                alias,
                sig,
                km,
                km,
                Map.of(
                        "user.info.response.signature.alg", sig,
                        "user.info.encrypted.response.alg", km,
                        "user.info.encrypted.response.enc", "A256GCM"));

        Outcome outcome = login(alias);

        assertThat(outcome.error()).as("error page").isNull();
        assertThat(outcome.url()).as("the test client got a code").contains("code=");
        JsonNode user = realm.user(KeycloakOp.USER);
        assertThat(user).as("brokered user").isNotNull();
        assertThat(user.path("email").asText()).isEqualTo("carol@op.example");
        assertThat(realm.loginErrors()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"RS256", "ES256"})
    @DisplayName(
            "given the OP rotates its signing key between two logins, then the second login, signed with the new key, works too")
    void signingKeyRotation(String sig) {
        String alias = ("kc-rotate-" + sig).toLowerCase();
        // an OP realm of its own: its JWK set URL is refetched at once for the first unknown key id,
        // later unknown ones within jwksMinRefetchSeconds wait (as for a partner that rotates twice in 10 s)
        KeycloakOp shared = op;
        op = KeycloakOp.create(server, "kc-rotating-" + sig.toLowerCase());
        try {
            partner(alias, sig, "none", "none");
            String before = op.activeKid(sig);

            assertThat(login(alias).url()).as("first login").contains("code=");
            realm.deleteUsers();
            String after = op.rotateSigningKey(sig);
            assertThat(after).as("a new active key").isNotEqualTo(before);

            Outcome second = login(alias);
            assertThat(second.error()).as("error page after the rotation").isNull();
            assertThat(second.url()).as("second login").contains("code=");
            assertThat(realm.loginErrors()).isEmpty();
        } finally {
            op.close();
            op = shared;
        }
    }

    @Test
    @DisplayName(
            "given a logout token the OP sent, when it arrives twice, then the first ends the session and the replay is refused with an event naming replayed_token")
    void replayedLogoutTokenRefused() throws Exception {
        java.util.concurrent.BlockingQueue<String> sent = new java.util.concurrent.LinkedBlockingQueue<>();
        com.sun.net.httpserver.HttpServer capture =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        capture.createContext("/logout", exchange -> {
            sent.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        capture.start();
        try {
            String alias = "kc-replay";
            partner(
                    alias,
                    "RS256",
                    "none",
                    "none",
                    Map.of(
                            "backchannel.logout.url",
                            "http://127.0.0.1:" + capture.getAddress().getPort() + "/logout",
                            "backchannel.logout.session.required",
                            "true"));
            assertThat(login(alias).url()).as("login").contains("code=");
            String userId = realm.user(KeycloakOp.USER).path("id").asText();
            awaitSessions(userId, 1);
            realm.clearEvents();

            op.logoutUser(); // the OP posts its logout token to the capture, not to us
            String form = sent.poll(15, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(form).as("the OP's logout request").startsWith("logout_token=");

            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpRequest deliver = java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(server.baseUrl() + "/realms/" + realm.name()
                                    + "/protocol/openid-connect/logout/backchannel-logout"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form))
                    .build();
            assertThat(http.send(deliver, java.net.http.HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .as("first delivery")
                    .isEqualTo(200);
            awaitSessions(userId, 0);
            assertThat(http.send(deliver, java.net.http.HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .as("replay")
                    .isEqualTo(400);
            assertThat(events("LOGOUT_ERROR"))
                    .as("our event for the replay")
                    .anyMatch(e -> "replayed_token"
                                    .equals(e.path("details").path("reason").asText())
                            && alias.equals(
                                    e.path("details").path("identity_provider").asText()));
        } finally {
            capture.stop(0);
        }
    }

    @Test
    @DisplayName(
            "given the user signs out at the OP, whose logout page calls our front-channel logout URL with iss and sid, then the brokered session ends; a request with another issuer ends nothing")
    void frontChannelLogoutEndsSession() throws Exception {
        String alias = "kc-frontchannel";
        String url = PartnerFixture.brokerEndpoint(server, realm, alias) + "/frontchannel_logout";
        KeycloakOp.Client client = partner(
                alias,
                "RS256",
                "none",
                "none",
                Map.of("frontchannel.logout.url", url, "frontchannel.logout.session.required", "true"));
        try (Browser browser = Browser.start()) {
            assertThat(login(browser, alias).url()).as("login").contains("code=");
            String userId = realm.user(KeycloakOp.USER).path("id").asText();
            awaitSessions(userId, 1);
            List<String> sids = op.sessionsOf(client.clientId());
            assertThat(sids).hasSize(1);

            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpResponse<String> forged = http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "?iss="
                                    + URLEncoder.encode("https://evil.example", StandardCharsets.UTF_8) + "&sid="
                                    + sids.get(0)))
                            .GET()
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(forged.statusCode()).isEqualTo(400);
            java.net.http.HttpResponse<String> unknown = http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "?iss="
                                    + URLEncoder.encode(op.issuer(), StandardCharsets.UTF_8) + "&sid="
                                    + UUID.randomUUID()))
                            .GET()
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).isEqualTo(200);
            assertThat(rpSessions(userId))
                    .as("sessions after the forged and unknown requests")
                    .isOne();

            // the user signs out at the OP: its logout page loads our URL in an iframe
            browser.open(op.issuer() + "/protocol/openid-connect/logout");
            browser.click(By.id("kc-logout"));
            awaitSessions(userId, 0);
        }
    }

    @Test
    @DisplayName(
            "given our provider expects another key-management algorithm than the OP uses, then the login fails with a reason")
    void otherKeyManagementRefused() {
        String alias = "kc-km-mismatch";
        partner(alias, "RS256", "RSA-OAEP-256", "RSA-OAEP");

        Outcome outcome = login(alias);

        assertThat(outcome.url())
                .as("stopped at our callback")
                .doesNotStartWith(realm.receiver().url());
        assertThat(outcome.error()).as("Keycloak's error page").isNotNull();
        assertThat(realm.user(KeycloakOp.USER)).isNull();
        List<JsonNode> errors = realm.loginErrors();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).path("details").path("reason").asText())
                .as("reason of %s", errors.get(0))
                .isEqualTo("token_request_failed");
    }

    @Test
    @DisplayName(
            "given back-channel logout at the OP, when the OP ends one of two sessions and then the user, then exactly the brokered sessions named end")
    void backChannelLogoutEndsNamedSession() {
        String alias = "kc-backchannel";
        Map<String, String> logout = Map.of(
                "backchannel.logout.url",
                server.baseUrl() + "/realms/" + realm.name() + "/protocol/openid-connect/logout/backchannel-logout",
                "backchannel.logout.session.required",
                "true");
        KeycloakOp.Client client = partner(alias, "RS256", "RSA-OAEP", "RSA-OAEP", logout);
        for (int i = 0; i < 2; i++) {
            assertThat(login(alias).url())
                    .as("login %d", i)
                    .startsWith(realm.receiver().url());
        }
        assertThat(server.admin()
                        .get("/realms/" + realm.name() + "/identity-provider/instances/" + alias)
                        .expect(200)
                        .json()
                        .path("config")
                        .path("issuer")
                        .asText())
                .as("issuer stored from the metadata at save time")
                .isEqualTo(op.issuer());
        String user = realm.user(KeycloakOp.USER).path("id").asText();
        assertThat(rpSessions(user)).as("two brokered sessions").isEqualTo(2);
        List<String> opSessions = op.sessionsOf(client.clientId());
        assertThat(opSessions).as("the OP's sessions with our client").hasSize(2);

        long start = System.nanoTime();
        server.admin()
                .delete("/realms/" + op.name() + "/sessions/" + opSessions.get(0))
                .expect(204);
        awaitSessions(user, 1);
        long oneEnded = System.nanoTime();
        assertThat(op.sessionsOf(client.clientId())).containsExactly(opSessions.get(1));

        op.logoutUser();
        awaitSessions(user, 0);
        System.out.printf(
                "back-channel logout: one session ended in %d ms, the user's last in %d ms%n",
                (oneEnded - start) / 1_000_000, (System.nanoTime() - oneEnded) / 1_000_000);
    }

    @ParameterizedTest(name = "ID token encrypted: {0}")
    @CsvSource({"none", "RSA-OAEP"})
    @DisplayName(
            "given the OP's end_session_endpoint in its metadata, when the user signs out of the relying realm, then the OP session ends too")
    void rpInitiatedLogoutEndsOpSession(String km) {
        String alias = "kc-rp-logout-" + km.toLowerCase();
        Map<String, String> logout = Map.of(
                "post.logout.redirect.uris", PartnerFixture.brokerEndpoint(server, realm, alias) + "/logout_response");
        KeycloakOp.Client client = partner(alias, "RS256", km, km, logout);
        List<String> urls = new ArrayList<>();
        try (Browser browser = Browser.start()) {
            assertThat(login(browser, alias).url()).startsWith(realm.receiver().url());
            String user = realm.user(KeycloakOp.USER).path("id").asText();
            assertThat(op.sessionsOf(client.clientId())).hasSize(1);
            assertThat(rpSessions(user)).isEqualTo(1);

            long start = System.nanoTime();
            browser.open(server.baseUrl() + "/realms/" + realm.name() + "/protocol/openid-connect/logout");
            long deadline = start + Duration.ofSeconds(20).toNanos();
            // confirm each "Do you want to log out?" page (ours; the OP's when it gets no id_token_hint)
            while (!(op.sessionsOf(client.clientId()).isEmpty() && rpSessions(user) == 0)
                    && System.nanoTime() < deadline) {
                String url = browser.currentUrl();
                if (urls.isEmpty() || !urls.get(urls.size() - 1).equals(url)) {
                    urls.add(url);
                }
                var confirm = browser.driver().findElements(By.id("kc-logout"));
                if (!confirm.isEmpty()) {
                    confirm.get(0).click();
                }
                java.util.concurrent.locks.LockSupport.parkNanos(
                        Duration.ofMillis(50).toNanos());
            }
            System.out.printf("RP-initiated logout (%s): %d ms%n", km, (System.nanoTime() - start) / 1_000_000);
            assertThat(rpSessions(user)).as("relying realm session").isZero();
            assertThat(op.sessionsOf(client.clientId()))
                    .as("OP session after %s", urls)
                    .isEmpty();
        }
        String opLogout = op.issuer() + "/protocol/openid-connect/logout";
        if ("none".equals(km)) {
            // the OP got a readable id_token_hint, so it signed out without asking
            assertThat(urls).as("pages seen").noneMatch(u -> u.startsWith(opLogout));
        } else {
            // the OP could not read a token encrypted to us: client_id alone names us, and the OP asks
            assertThat(urls)
                    .anySatisfy(u -> assertThat(u)
                            .startsWith(opLogout)
                            .contains("client_id=" + client.clientId())
                            .contains("post_logout_redirect_uri=")
                            .doesNotContain("id_token_hint="));
        }
    }

    @Test
    @DisplayName(
            "given a logout token the partner did not sign (another key, or none), then Keycloak answers 400 and the brokered session stays")
    void forgedLogoutTokenEndsNothing() throws Exception {
        String alias = "kc-forged-logout";
        KeycloakOp.Client client = partner(alias, "RS256", "RSA-OAEP", "RSA-OAEP");
        assertThat(login(alias).url()).startsWith(realm.receiver().url());
        String user = realm.user(KeycloakOp.USER).path("id").asText();
        String sid = op.sessionsOf(client.clientId()).get(0);
        String kid = null;
        for (JsonNode key : server.admin()
                .getPublic(op.issuer() + "/protocol/openid-connect/certs")
                .expect(200)
                .json()
                .path("keys")) {
            if ("RS256".equals(key.path("alg").asText())) {
                kid = key.path("kid").asText();
            }
        }
        com.nimbusds.jwt.JWTClaimsSet claims = new com.nimbusds.jwt.JWTClaimsSet.Builder()
                .issuer(op.issuer())
                .audience(client.clientId())
                .subject(op.userId())
                .issueTime(new java.util.Date())
                .jwtID(UUID.randomUUID().toString())
                .claim("sid", sid)
                .claim("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()))
                .build();
        com.nimbusds.jwt.SignedJWT forged = new com.nimbusds.jwt.SignedJWT(
                new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.RS256)
                        .keyID(kid)
                        .build(),
                claims);
        forged.sign(new com.nimbusds.jose.crypto.RSASSASigner(
                new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).generate()));
        String unsigned = new com.nimbusds.jwt.PlainJWT(claims).serialize();

        for (String token : List.of(forged.serialize(), unsigned)) {
            assertThat(postLogoutToken(token)).as("back-channel logout answer").isEqualTo(400);
            assertThat(rpSessions(user)).as("the brokered session stays").isEqualTo(1);
        }
    }

    private static int postLogoutToken(String token) throws Exception {
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl() + "/realms/"
                                        + realm.name() + "/protocol/openid-connect/logout/backchannel-logout"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                        "logout_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        return answer.statusCode();
    }

    private static int rpSessions(String userId) {
        return server.admin()
                .get("/realms/" + realm.name() + "/users/" + userId + "/sessions")
                .expect(200)
                .json()
                .size();
    }

    /** Polls (every 50 ms, up to 15 s) until the relying realm's user has {@code expected} sessions. */
    private static void awaitSessions(String userId, int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        int seen = rpSessions(userId);
        while (seen != expected && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(
                    Duration.ofMillis(50).toNanos());
            seen = rpSessions(userId);
        }
        assertThat(seen)
                .as("sessions of the brokered user in the relying realm")
                .isEqualTo(expected);
    }

    private static KeycloakOp.Client partner(String alias, String sig, String ourKm, String opKm) {
        return partner(alias, sig, ourKm, opKm, Map.of());
    }

    /**
     * A client at the OP that signs ID tokens with {@code sig} and encrypts them with {@code opKm}
     * / A256GCM to our JWKS URL, and our provider {@code alias} expecting {@code ourKm}.
     */
    private static KeycloakOp.Client partner(
            String alias, String sig, String ourKm, String opKm, Map<String, String> opAttributes) {
        String jwks = server.baseUrl() + "/realms/" + realm.name() + "/partner-oidc/" + alias + "/jwks";
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("id.token.signed.response.alg", sig);
        if (!"none".equals(opKm)) {
            attributes.put("id.token.encrypted.response.alg", opKm);
            attributes.put("id.token.encrypted.response.enc", "A256GCM");
        }
        attributes.put("use.jwks.url", "true");
        attributes.put("jwks.url", jwks);
        attributes.putAll(opAttributes);
        KeycloakOp.Client client = op.client(PartnerFixture.brokerEndpoint(server, realm, alias), attributes);

        Map<String, String> config = new LinkedHashMap<>();
        config.put("clientId", client.clientId());
        config.put("clientSecret", TestVault.shared("client_" + client.clientId(), client.secret()));
        config.put("metadataDescriptorUrl", op.metadataUrl());
        // no issuer: partner-oidc stores the metadata's when the provider is saved
        config.put("useJwksUrl", "true");
        config.put("defaultScope", "openid profile email");
        config.put("responseType", "code");
        config.put("clientAuthMethod", "client_secret_basic");
        config.put("syncMode", "IMPORT");
        config.put("signatureAlgorithm", sig);
        config.put("keyManagementAlgorithm", ourKm);
        if ("none".equals(ourKm)) {
            config.put("contentEncryptionAlgorithm", "none");
        } else {
            config.put("contentEncryptionAlgorithm", "A256GCM");
            config.putAll(rpKeys.decryptionConfig(ourKm, realm.name()));
        }
        realm.putIdentityProvider(alias, "partner-openid-connect", config);
        return client;
    }

    private List<String> publishedAlgorithms(String alias) {
        String url = server.baseUrl() + "/realms/" + realm.name() + "/partner-oidc/" + alias + "/jwks";
        List<String> algs = new ArrayList<>();
        server.admin()
                .getPublic(url)
                .expect(200)
                .json()
                .path("keys")
                .forEach(k -> algs.add(k.path("alg").asText()));
        return algs;
    }

    private List<JsonNode> events(String type) {
        List<JsonNode> events = new ArrayList<>();
        server.admin()
                .get("/realms/" + realm.name() + "/events?type=" + type + "&max=50")
                .expect(200)
                .json()
                .forEach(events::add);
        return events;
    }

    record Outcome(String url, String error) {}

    /** A browser login at the relying realm through {@code alias}, signing in at the Keycloak OP. */
    static Outcome login(String alias) {
        try (Browser browser = Browser.start()) {
            return login(browser, alias);
        }
    }

    static Outcome login(Browser browser, String alias) {
        String redirect = realm.receiver().url();
        browser.open(server.baseUrl() + "/realms/" + realm.name() + "/protocol/openid-connect/auth"
                + "?client_id=" + TestRealm.CLIENT_ID
                + "&response_type=code&scope=openid"
                + "&redirect_uri=" + URLEncoder.encode(redirect, StandardCharsets.UTF_8)
                + "&state=" + UUID.randomUUID() + "&kc_idp_hint=" + alias);
        WebDriver driver = browser.driver();
        var wait = browser.waiting(Duration.ofSeconds(30));
        wait.until(d -> done(d, redirect) || !d.findElements(By.id("kc-login")).isEmpty());
        if (!done(driver, redirect)) {
            assertThat(driver.getCurrentUrl()).as("the OP's login page").contains("/realms/" + op.name() + "/");
            browser.type(By.id("username"), KeycloakOp.USER);
            browser.type(By.id("password"), KeycloakOp.PASSWORD);
            browser.click(By.id("kc-login"));
            wait.until(d -> done(d, redirect));
        }
        var messages = driver.findElements(By.id("kc-error-message"));
        return new Outcome(
                driver.getCurrentUrl(),
                messages.isEmpty() ? null : messages.get(0).getText());
    }

    private static boolean done(WebDriver driver, String redirect) {
        return driver.getCurrentUrl().startsWith(redirect)
                || !driver.findElements(By.id("kc-error-message")).isEmpty();
    }
}
