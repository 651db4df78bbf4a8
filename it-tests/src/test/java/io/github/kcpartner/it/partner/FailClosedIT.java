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
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Checks that must fail closed: a state minted for another identity provider, an ID token the
 * response type did not ask for, a step-up (max_age, acr_values) the partner ignored, and a flood
 * of unknown key ids. Each against a real Keycloak, with our fault-injecting OP.
 */
@ExtendWith(KeycloakExtension.class)
@DisplayName("partner-oidc fails closed")
class FailClosedIT {

    private static final String STEP_UP_RULE = "it-step-up";

    private static TestRealm realm;
    private static FaultyOp op;

    @BeforeAll
    static void start(KeycloakServer server) throws Exception {
        realm = TestRealm.create(server, "partner-fail-closed");
        op = new FaultyOp().start();
        Path rules = Path.of(System.getProperty("kc.home"), "partner-rules");
        Files.createDirectories(rules);
        Files.writeString(
                rules.resolve(STEP_UP_RULE + ".js"),
                "result.setParameter('max_age', 60);\nresult.setParameter('acr_values', 'urn:it:strong urn:it:mfa');\n");
    }

    @AfterAll
    static void stop() {
        op.close();
        realm.close();
    }

    @BeforeEach
    void clean() {
        realm.deleteUsers();
        realm.clearEvents();
    }

    private static RegisteredClient client(KeycloakServer server, String alias) {
        return op.registerClient(ClientSettings.builder()
                .redirectUri(PartnerFixture.brokerEndpoint(server, realm, alias))
                .build());
    }

    private static String lastReason() {
        List<JsonNode> errors = realm.loginErrors();
        assertThat(errors).as("a login error event").isNotEmpty();
        return errors.get(0).path("details").path("reason").asText();
    }

    @Test
    @DisplayName(
            "given a state minted for another IdP of the realm and a valid ID token with that login's nonce, then the partner endpoint refuses it and no user exists")
    void stateOfAnotherProviderRefused(KeycloakServer server) {
        String alias = "partner";
        RegisteredClient client = client(server, alias);
        realm.putIdentityProvider(alias, "partner-openid-connect", PartnerFixture.faultyOpConfig(op, client, alias));
        // Keycloak's own OIDC broker as the other provider; its "OP" is the test's receiver page,
        // so the browser stops there with the state and nonce Keycloak minted for it.
        Map<String, String> other = new LinkedHashMap<>();
        other.put("clientId", "other-client");
        other.put("clientSecret", "other-secret");
        other.put("authorizationUrl", realm.receiver().url() + "/other-op");
        other.put("tokenUrl", realm.receiver().url() + "/other-op/token");
        other.put("clientAuthMethod", "client_secret_post");
        other.put("defaultScope", "openid");
        realm.putIdentityProvider("other", "oidc", other);

        try (Browser browser = Browser.start()) {
            String redirect = realm.receiver().url();
            browser.open(server.baseUrl() + "/realms/" + realm.name() + "/protocol/openid-connect/auth?client_id="
                    + TestRealm.CLIENT_ID + "&response_type=code&scope=openid&state=" + UUID.randomUUID()
                    + "&redirect_uri=" + URLEncoder.encode(redirect, StandardCharsets.UTF_8) + "&kc_idp_hint=other");
            WebDriverWait wait = browser.waiting(Duration.ofSeconds(30));
            wait.until(d -> d.getCurrentUrl().contains("other-op"));
            Map<String, String> minted = query(browser.driver().getCurrentUrl());
            assertThat(minted).containsKeys("state", "nonce");

            // The partner OP issues a valid code (and ID token) for that very state and nonce.
            browser.open(op.authorizationEndpoint() + "?client_id=" + client.clientId() + "&response_type=code"
                    + "&scope=openid&redirect_uri="
                    + URLEncoder.encode(PartnerFixture.brokerEndpoint(server, realm, alias), StandardCharsets.UTF_8)
                    + "&state=" + URLEncoder.encode(minted.get("state"), StandardCharsets.UTF_8)
                    + "&nonce=" + URLEncoder.encode(minted.get("nonce"), StandardCharsets.UTF_8));
            wait.until(d -> !d.findElements(By.id("kc-error-message")).isEmpty()
                    || d.getCurrentUrl().startsWith(redirect + "?"));
            assertThat(browser.driver().getCurrentUrl())
                    .as("not signed in at the client")
                    .doesNotStartWith(redirect + "?");
        }
        assertThat(lastReason()).isEqualTo("state_not_for_this_provider");
        assertThat(op.tokenRequests())
                .as("no code of the partner was redeemed")
                .noneMatch(r -> client.clientId().equals(r.clientId()));
        assertThat(realm.userCount()).isZero();
    }

    @Test
    @DisplayName(
            "given response type code and an id_token parameter in the authorization response, then it is ignored, never validated")
    void frontChannelIdTokenIgnoredForCode(KeycloakServer server) {
        String alias = "code-only";
        RegisteredClient client = client(server, alias);
        op.faults().enable(client.clientId(), Fault.ID_TOKEN_IN_CODE_RESPONSE);
        realm.putIdentityProvider(alias, "partner-openid-connect", PartnerFixture.faultyOpConfig(op, client, alias));
        PartnerLoginFlow.Outcome outcome = PartnerFixture.login(server, realm, alias, "", "");
        assertThat(outcome.errorText()).isNull();
        assertThat(outcome.success()).isTrue();
    }

    @ParameterizedTest(name = "{0}, require ACR {1} -> {2}")
    @CsvSource({
        "OLD_AUTH_TIME,     true,  auth_time_too_old",
        "MISSING_AUTH_TIME, true,  missing_claim",
        "WRONG_ACR,         true,  acr_not_satisfied",
        "WRONG_ACR,         false, ok",
        ",                  true,  ok",
    })
    @DisplayName("given a request with max_age and acr_values, then a partner that ignores them fails the login")
    void stepUp(Fault fault, boolean requireAcr, String expected, KeycloakServer server) {
        String alias = "step-up-"
                + (fault == null ? "none" : fault.name().toLowerCase().replace('_', '-')) + "-" + requireAcr;
        RegisteredClient client = client(server, alias);
        if (fault != null) {
            op.faults().enable(client.clientId(), fault);
        }
        Map<String, String> config = PartnerFixture.faultyOpConfig(op, client, alias);
        config.put("advancedConfigurationRule", STEP_UP_RULE);
        config.put("requireRequestedAcr", Boolean.toString(requireAcr));
        realm.putIdentityProvider(alias, "partner-openid-connect", config);

        PartnerLoginFlow.Outcome outcome = PartnerFixture.login(server, realm, alias, "", "");

        var seen = op.lastAuthorizationRequest().orElseThrow();
        assertThat(seen.maxAge()).contains("60");
        assertThat(seen.acrValues()).contains("urn:it:strong urn:it:mfa");
        if ("ok".equals(expected)) {
            assertThat(outcome.errorText()).isNull();
            assertThat(outcome.success()).isTrue();
        } else {
            assertThat(outcome.success()).isFalse();
            assertThat(lastReason()).isEqualTo(expected);
            assertThat(realm.userCount()).isZero();
        }
    }

    @Test
    @DisplayName(
            "given tokens with random unknown key ids, then the JWK set is fetched once at once and then at most once per interval")
    void unknownKidsCostOneFetch(KeycloakServer server) {
        String alias = "unknown-kids";
        RegisteredClient client = client(server, alias);
        op.faults().enable(client.clientId(), Fault.UNKNOWN_KID);
        Map<String, String> config = PartnerFixture.faultyOpConfig(op, client, alias);
        config.put("jwksMinRefetchSeconds", "3600");
        realm.putIdentityProvider(alias, "partner-openid-connect", config);
        int before = op.jwksFetchCount();
        for (int i = 0; i < 4; i++) {
            assertThat(PartnerFixture.login(server, realm, alias, "", "").success())
                    .isFalse();
            assertThat(lastReason()).isEqualTo("unknown_key");
            realm.clearEvents();
        }
        assertThat(op.jwksFetchCount() - before)
                .as("the first fetch and one immediate refetch, no more")
                .isEqualTo(2);
    }

    @Test
    @DisplayName(
            "given the metadata cached for an hour, when the administrator saves the provider, then the next login fetches the metadata again")
    void savedProviderRefetchesMetadata(KeycloakServer server) {
        String alias = "saved-refetch";
        Map<String, String> config = PartnerFixture.faultyOpConfig(op, client(server, alias), alias);
        config.put("metadataRefreshSeconds", "3600");
        realm.putIdentityProvider(alias, "partner-openid-connect", config);
        assertThat(PartnerFixture.login(server, realm, alias, "", "").success()).isTrue();
        int fetched = op.discoveryFetchCount();
        assertThat(PartnerFixture.login(server, realm, alias, "", "").success()).isTrue();
        assertThat(op.discoveryFetchCount()).as("the cached document serves").isEqualTo(fetched);

        String path = "/realms/" + realm.name() + "/identity-provider/instances/" + alias;
        com.fasterxml.jackson.databind.node.ObjectNode idp = (com.fasterxml.jackson.databind.node.ObjectNode)
                server.admin().get(path).expect(200).json();
        idp.put("displayName", "Saved again");
        server.admin().put(path, idp).expect(204);
        assertThat(PartnerFixture.login(server, realm, alias, "", "").success()).isTrue();
        assertThat(op.discoveryFetchCount()).as("fetched again after the save").isEqualTo(fetched + 1);
    }

    private static Map<String, String> query(String url) {
        Map<String, String> values = new HashMap<>();
        String raw = URI.create(url).getRawQuery();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }
}
