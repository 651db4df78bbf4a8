package io.github.kcpartner.it.partner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcpartner.it.harness.KeycloakExtension;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.harness.TestRealm;
import io.github.kcpartner.it.op.OidcProviderPeer;
import io.github.kcpartner.it.op.RegisteredClient;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(KeycloakExtension.class)
@DisplayName("partner-oidc against oidc-provider: every response type, through the browser")
class ResponseTypesIT {

    private static TestRealm realm;

    @BeforeAll
    static void realm(KeycloakServer server) {
        realm = TestRealm.create(server, "partner-types");
    }

    @AfterAll
    static void dropRealm() {
        realm.close();
    }

    @AfterEach
    void forgetUsers() {
        realm.deleteUsers();
    }

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource({
        "code,                 '',        client_secret_basic",
        "code,                 form_post, client_secret_post",
        "id_token,             '',        client_secret_basic",
        "id_token,             fragment,  client_secret_basic",
        "id_token token,       '',        client_secret_basic",
        "id_token token,       fragment,  client_secret_basic",
        "code id_token,        '',        client_secret_post",
        "code id_token,        fragment,  client_secret_basic",
        "code token,           '',        client_secret_basic",
        "code id_token token,  '',        client_secret_post",
        "code id_token token,  fragment,  client_secret_basic",
    })
    @DisplayName(
            "given a response type and mode, then alice logs in and the OP saw exactly that request (response type, response mode, nonce, client authentication)")
    void logsIn(
            String responseType, String responseMode, String authMethod, KeycloakServer server, OidcProviderPeer op) {
        String alias =
                ("p-" + responseType + "-" + responseMode).replace(' ', '-').replaceAll("-+$", "");
        Map<String, Object> metadata = PartnerFixture.clientMetadata(server, realm, alias, responseType);
        metadata.put("token_endpoint_auth_method", authMethod);
        RegisteredClient client = op.registerClient(metadata);
        Map<String, String> config = PartnerFixture.idpConfig(op, client, responseType);
        config.put("responseMode", responseMode);
        config.put("clientAuthMethod", authMethod);
        realm.putIdentityProvider(alias, "partner-openid-connect", config);
        op.reset();

        PartnerFixture.assertAliceLogsIn(server, realm, alias);
        JsonNode authRequest = op.authorizationRequests().get(0);
        assertThat(authRequest.toString()).contains("\"response_type\":\"" + responseType + "\"");
        assertThat(authRequest.toString()).contains("\"nonce\"");
        // the mode asked for, or the default: query for code (then not sent at all), form_post otherwise
        String expectedMode =
                !responseMode.isEmpty() ? responseMode : "code".equals(responseType) ? "query" : "form_post";
        JsonNode sentMode = authRequest.findValue("response_mode");
        if ("query".equals(expectedMode)) {
            assertThat(sentMode)
                    .as("code with the query mode sends no response_mode")
                    .isNull();
        } else {
            assertThat(sentMode).as("response_mode sent").isNotNull();
            assertThat(sentMode.asText()).isEqualTo(expectedMode);
        }
        JsonNode user = realm.user("alice");
        assertThat(user).as("brokered user").isNotNull();
        assertThat(user.path("email").asText()).isNotBlank();
        if (responseType.contains("code")) {
            assertThat(op.lastTokenRequest().toString()).contains(authMethod);
        }
    }
}
