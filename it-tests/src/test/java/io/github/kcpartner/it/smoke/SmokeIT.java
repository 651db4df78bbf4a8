package io.github.kcpartner.it.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcpartner.it.harness.Browser;
import io.github.kcpartner.it.harness.KeycloakExtension;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.jims.JimsPair;
import io.github.kcpartner.it.jims.JimsSimulator;
import io.github.kcpartner.it.op.OidcProviderPeer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

@ExtendWith(KeycloakExtension.class)
class SmokeIT {

    @Test
    @DisplayName("given the packaged jar in providers/, then serverinfo lists partner-oidc and jims")
    void serverInfoListsOurProviders(KeycloakServer server) {
        JsonNode info = server.admin().get("/serverinfo").expect(200).json();
        assertThat(info.path("identityProviders").findValuesAsText("id"))
                .contains("partner-openid-connect", "partner-oidc");
        JsonNode storage = info.path("componentTypes").path("org.keycloak.storage.UserStorageProvider");
        assertThat(storage.findValuesAsText("id")).contains("jims");
        assertThat(info.path("themes").path("login").findValuesAsText("name")).contains("partner");
        // the rule engine's own SPI, and the two login-flow steps
        assertThat(info.path("providers")
                        .path("partner-rules")
                        .path("providers")
                        .has("default"))
                .isTrue();
        assertThat(info.path("providers")
                        .path("authenticator")
                        .path("providers")
                        .has("jims-network-identity"))
                .isTrue();
        assertThat(info.path("providers")
                        .path("authenticator")
                        .path("providers")
                        .has("jims-user-matches-network"))
                .isTrue();
    }

    @Test
    @DisplayName("given realm-export/, then the demo realm imports with the partner IdP and the jims component")
    void realmImported(KeycloakServer server) {
        JsonNode idp = server.admin()
                .get("/realms/partner-demo/identity-provider/instances/partner")
                .expect(200)
                .json();
        assertThat(idp.path("providerId").asText()).isEqualTo("partner-openid-connect");
        JsonNode components = server.admin()
                .get("/realms/partner-demo/components?type=org.keycloak.storage.UserStorageProvider")
                .expect(200)
                .json();
        assertThat(components.findValuesAsText("providerId")).contains("jims");
    }

    @Test
    @DisplayName("given the oidc-provider peer, then it answers its discovery document")
    void oidcProviderPeerAnswers(OidcProviderPeer op) {
        JsonNode discovery = op.discovery();
        assertThat(discovery.path("issuer").asText()).isEqualTo(op.issuer());
        assertThat(discovery.path("response_types_supported").toString()).contains("code id_token token");
    }

    @Test
    @DisplayName("given the JIMS simulators over HTTPS with their own CA, then both answer a token request")
    void jimsSimulatorsAnswer(JimsPair jims) throws Exception {
        for (JimsSimulator sim : List.of(jims.primary(), jims.secondary())) {
            HttpClient client = HttpClient.newBuilder()
                    .sslContext(jims.pki().clientSslContext())
                    .build();
            String form = "grant_type=client_credentials&client_id=" + sim.clientId() + "&client_secret="
                    + sim.clientSecret();
            HttpResponse<String> answer = client.send(
                    HttpRequest.newBuilder(sim.tokenUri())
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("\"access_token\"").contains("\"expires_in\"");
        }
    }

    @Test
    @DisplayName("given the login page, then the browser finds the partner button and logs in through it")
    void browserLogsInThroughPartner(KeycloakServer server) {
        try (Browser browser = Browser.start()) {
            browser.open(server.baseUrl() + "/realms/partner-demo/account");
            browser.click(By.id("social-partner"));
            browser.awaitUrlContains("/realms/partner-op/");
            browser.type(By.id("username"), "alice");
            browser.type(By.id("password"), server.realmVariable("PARTNER_OP_ALICE_PASSWORD"));
            browser.click(By.id("kc-login"));
            browser.awaitUrlContains("/realms/partner-demo/account");
        }
        JsonNode users = server.admin()
                .get("/realms/partner-demo/users?username=alice&exact=true")
                .expect(200)
                .json();
        assertThat(users).hasSize(1);
        String id = users.get(0).path("id").asText();
        JsonNode links = server.admin()
                .get("/realms/partner-demo/users/" + id + "/federated-identity")
                .expect(200)
                .json();
        assertThat(links.findValuesAsText("identityProvider")).containsExactly("partner");
    }
}
