package io.github.kcpartner.it.partner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcpartner.it.harness.Browser;
import io.github.kcpartner.it.harness.KeycloakExtension;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.harness.PartnerLoginFlow;
import io.github.kcpartner.it.harness.TestRealm;
import io.github.kcpartner.it.op.OidcProviderPeer;
import io.github.kcpartner.it.op.RegisteredClient;
import io.github.kcpartner.it.support.Poll;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * Logout both ways with oidc-provider as the partner (Keycloak as the partner: KeycloakAsPartnerIT):
 * the user signs out at the partner and its back-channel logout token ends the brokered session;
 * the user signs out of the relying realm and the partner's session ends (RP-initiated logout to
 * the end_session_endpoint of its metadata).
 */
@ExtendWith(KeycloakExtension.class)
@DisplayName("partner-oidc logout with oidc-provider")
class PartnerLogoutIT {

    private static TestRealm realm;

    @BeforeAll
    static void createRealm(KeycloakServer server) {
        realm = TestRealm.create(server, "partner-logout");
    }

    @AfterAll
    static void dropRealm() {
        realm.close();
    }

    @AfterEach
    void forgetUsers() {
        realm.deleteUsers();
    }

    @Test
    @DisplayName(
            "given a client with a back-channel logout URI, when alice signs out at the partner, then its logout token (with sid) ends her brokered session")
    void partnerSignOutEndsBrokeredSession(KeycloakServer server, OidcProviderPeer op) {
        String alias = "op-backchannel";
        Map<String, Object> metadata = PartnerFixture.clientMetadata(server, realm, alias, "code");
        metadata.put(
                "backchannel_logout_uri",
                server.baseUrl() + "/realms/" + realm.name() + "/protocol/openid-connect/logout/backchannel-logout");
        metadata.put("backchannel_logout_session_required", true);
        RegisteredClient client = op.registerClient(metadata);
        realm.putIdentityProvider(alias, "partner-openid-connect", PartnerFixture.idpConfig(op, client, "code"));
        try (Browser browser = Browser.start()) {
            assertThat(PartnerLoginFlow.login(browser, server, realm, alias, "alice", "alice-password")
                            .success())
                    .isTrue();
            String user = realm.user("alice").path("id").asText();
            assertThat(sessions(server, user)).isEqualTo(1);
            op.reset();

            browser.open(op.endpoint("end_session_endpoint").toString());
            browser.click(By.cssSelector("button[name=logout]"));

            Poll.until(
                    "the brokered session ends",
                    Duration.ofSeconds(15),
                    Duration.ofMillis(50),
                    () -> true,
                    () -> sessions(server, user) == 0);
            assertThat(op.endSessions()).hasSize(1);
            assertThat(op.backchannelLogouts()).singleElement().satisfies(b -> {
                assertThat(b.path("clientId").asText()).isEqualTo(client.clientId());
                assertThat(b.path("ok").asBoolean()).as(b.toString()).isTrue();
                assertThat(b.path("sid").asText()).isNotEmpty();
            });
        }
    }

    @Test
    @DisplayName(
            "given the partner's end_session_endpoint in its metadata, when alice signs out of the relying realm, then the partner ends its session (id_token_hint sent) and she comes back to Keycloak")
    void relyingRealmSignOutEndsPartnerSession(KeycloakServer server, OidcProviderPeer op) {
        String alias = "op-rp-logout";
        Map<String, Object> metadata = PartnerFixture.clientMetadata(server, realm, alias, "code");
        metadata.put(
                "post_logout_redirect_uris",
                List.of(PartnerFixture.brokerEndpoint(server, realm, alias) + "/logout_response"));
        RegisteredClient client = op.registerClient(metadata);
        realm.putIdentityProvider(alias, "partner-openid-connect", PartnerFixture.idpConfig(op, client, "code"));
        try (Browser browser = Browser.start()) {
            assertThat(PartnerLoginFlow.login(browser, server, realm, alias, "alice", "alice-password")
                            .success())
                    .isTrue();
            String user = realm.user("alice").path("id").asText();
            op.reset();

            browser.open(server.baseUrl() + "/realms/" + realm.name() + "/protocol/openid-connect/logout");
            browser.click(By.id("kc-logout"));
            // the partner asks too ("Do you want to sign-out?"); yes
            browser.click(By.cssSelector("button[name=logout]"));
            Poll.until(
                    "the partner ends its session and sends the browser back",
                    Duration.ofSeconds(15),
                    Duration.ofMillis(50),
                    () -> true,
                    () -> !op.endSessions().isEmpty() && browser.currentUrl().startsWith(server.baseUrl()));

            assertThat(op.endSessionRequests()).singleElement().satisfies(e -> {
                assertThat(e.path("idTokenHint").asBoolean()).isTrue();
                assertThat(e.path("clientId").asText()).isEqualTo(client.clientId());
                assertThat(e.path("postLogoutRedirectUri").asText())
                        .isEqualTo(PartnerFixture.brokerEndpoint(server, realm, alias) + "/logout_response");
            });
            List<JsonNode> ended = op.endSessions();
            assertThat(ended)
                    .singleElement()
                    .satisfies(e -> assertThat(e.path("clientId").asText()).isEqualTo(client.clientId()));
            assertThat(sessions(server, user)).isZero();
        }
    }

    private static int sessions(KeycloakServer server, String userId) {
        return server.admin()
                .get("/realms/" + realm.name() + "/users/" + userId + "/sessions")
                .expect(200)
                .json()
                .size();
    }
}
