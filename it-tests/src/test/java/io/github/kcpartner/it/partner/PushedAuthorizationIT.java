package io.github.kcpartner.it.partner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcpartner.it.faultyop.FaultyOp;
import io.github.kcpartner.it.harness.KeycloakExtension;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.harness.PartnerLoginFlow;
import io.github.kcpartner.it.harness.TestRealm;
import io.github.kcpartner.it.keycloak.KeycloakAdminClient;
import io.github.kcpartner.it.op.OidcProviderPeer;
import io.github.kcpartner.it.op.RegisteredClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pushed authorization requests (RFC 9126) against oidc-provider, whose metadata names its PAR
 * endpoint: a Chromium login whose request was pushed, a client the OP requires PAR of with PAR
 * off, and the save-time refusal of "required" against an OP without PAR.
 */
@ExtendWith(KeycloakExtension.class)
@DisplayName("partner-oidc pushed authorization requests")
class PushedAuthorizationIT {

    private static TestRealm realm;

    @BeforeAll
    static void createRealm(KeycloakServer server) {
        realm = TestRealm.create(server, "partner-par");
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
            "given PAR advertised (the default), then every parameter is pushed with the client's authentication, the browser carries client_id and request_uri only, and alice logs in")
    void loginWithPar(KeycloakServer server, OidcProviderPeer op) {
        assertThat(op.discovery().path("pushed_authorization_request_endpoint").asText())
                .startsWith(op.issuer());
        String alias = "par-advertised";
        Map<String, String> config = PartnerFixture.codeFlowPartner(server, op, realm, alias, "openid profile email");
        config.put("prompt", "login");
        config.put("pkceEnabled", "true");
        realm.putIdentityProvider(alias, "partner-openid-connect", config);
        op.reset();

        PartnerFixture.assertAliceLogsIn(server, realm, alias);

        List<JsonNode> pars = op.parRequests();
        assertThat(pars).hasSize(1);
        JsonNode par = pars.get(0);
        assertThat(par.path("status").asInt()).isEqualTo(201);
        assertThat(par.path("clientAuth").asText()).isEqualTo("client_secret_basic");
        assertThat(par.path("authenticatedWith").asText()).isEqualTo("client_secret_basic");
        JsonNode pushed = par.path("params");
        assertThat(pushed.path("response_type").asText()).isEqualTo("code");
        assertThat(pushed.path("scope").asText()).isEqualTo("openid profile email");
        assertThat(pushed.path("redirect_uri").asText()).isEqualTo(PartnerFixture.brokerEndpoint(server, realm, alias));
        assertThat(pushed.path("prompt").asText()).isEqualTo("login");
        assertThat(pushed.path("code_challenge_method").asText()).isEqualTo("S256");
        for (String name : List.of("client_id", "state", "nonce", "code_challenge")) {
            assertThat(pushed.path(name).asText()).as(name).isNotEmpty();
        }

        List<JsonNode> authorizations = op.authorizationRequests();
        assertThat(authorizations).isNotEmpty();
        JsonNode first = authorizations.get(0);
        assertThat(first.path("pushed").asBoolean()).isTrue();
        List<String> sentNames = new java.util.ArrayList<>();
        first.path("sent").fieldNames().forEachRemaining(sentNames::add);
        assertThat(sentNames).containsExactlyInAnyOrder("client_id", "request_uri");
        assertThat(first.path("sent").path("request_uri").asText())
                .isEqualTo(par.path("requestUri").asText());
        assertThat(op.tokenRequests()).anyMatch(t -> t.path("status").asInt() == 200);
    }

    @Test
    @DisplayName("given a client the OP requires PAR of and PAR off, then the login fails with par_required_by_partner")
    void offButPartnerRequires(KeycloakServer server, OidcProviderPeer op) {
        String alias = "par-off-required";
        Map<String, Object> metadata = PartnerFixture.clientMetadata(server, realm, alias, "code");
        metadata.put("require_pushed_authorization_requests", true);
        RegisteredClient client = op.registerClient(metadata);
        assertThat(client.metadata("require_pushed_authorization_requests")).isEqualTo("true");
        Map<String, String> config = PartnerFixture.idpConfig(op, client, "code");
        config.put("parMode", "off");
        realm.putIdentityProvider(alias, "partner-openid-connect", config);
        realm.clearEvents();
        op.reset();

        PartnerLoginFlow.Outcome outcome = PartnerFixture.login(server, realm, alias, "alice", "alice-password");

        assertThat(outcome.success()).isFalse();
        assertThat(op.parRequests()).isEmpty();
        assertThat(realm.loginErrors()).isNotEmpty();
        assertThat(realm.loginErrors().get(0).path("details").path("reason").asText())
                .isEqualTo("par_required_by_partner");
    }

    @Test
    @DisplayName(
            "given PAR required and an OP whose metadata has no PAR endpoint, then saving is refused with the English message")
    void requiredRefusedAtSave() {
        try (FaultyOp faulty = new FaultyOp().start()) {
            Map<String, String> config = new LinkedHashMap<>();
            config.put("clientId", "par-client");
            config.put("metadataDescriptorUrl", faulty.discoveryUri().toString());
            config.put("parMode", "required");

            KeycloakAdminClient.Response answer =
                    realm.tryIdentityProvider("par-required", "partner-openid-connect", config);

            assertThat(faulty.discoveryFetchCount())
                    .as("the save read the metadata")
                    .isPositive();
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.json().path("errorMessage").asText())
                    .isEqualTo("\"Pushed authorization requests (PAR)\" is required, but the partner metadata at "
                            + faulty.discoveryUri()
                            + " has no pushed_authorization_request_endpoint: choose advertised or off, or have"
                            + " the partner enable PAR.");

            config.put("parMode", "advertised");
            assertThat(realm.tryIdentityProvider("par-required", "partner-openid-connect", config)
                            .status())
                    .as("advertised against the same OP is accepted")
                    .isEqualTo(201);
        }
    }
}
