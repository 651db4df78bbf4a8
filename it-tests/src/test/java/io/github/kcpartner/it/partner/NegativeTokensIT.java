package io.github.kcpartner.it.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each defect our own fault-injecting OP can put into an answer fails the login: the user sees
 * Keycloak's error page (no stack trace), the realm records an IDENTITY_PROVIDER_LOGIN_ERROR
 * event whose reason names the defect, and no user is created.
 */
@ExtendWith(KeycloakExtension.class)
@DisplayName("partner-oidc rejects defective partner answers with the right event reason")
class NegativeTokensIT {

    private static TestRealm realm;
    private static FaultyOp op;

    @BeforeAll
    static void start(KeycloakServer server) {
        realm = TestRealm.create(server, "partner-negative");
        op = new FaultyOp().start();
    }

    @AfterAll
    static void stop() {
        op.close();
        realm.close();
    }

    @ParameterizedTest(name = "{0} in {1} -> {3}")
    @CsvSource({
            "WRONG_ISS,             code,                query,    invalid_issuer",
            "WRONG_ISS_PARAMETER,   code,                query,    invalid_issuer",
            "WRONG_AUD,             code,                query,    invalid_audience",
            "BAD_SIGNATURE,         code,                query,    invalid_signature",
            "WRONG_ALG,             code,                query,    unexpected_alg",
            "ALG_CONFUSION,         code,                query,    unexpected_alg",
            "EXPIRED,               code,                query,    expired",
            "BAD_NONCE,             code,                query,    invalid_nonce",
            "BAD_AT_HASH,           id_token token,      fragment, invalid_at_hash",
            "MISSING_AT_HASH,       id_token token,      fragment, missing_at_hash",
            "BAD_C_HASH,            code id_token,       fragment, invalid_c_hash",
            "MISSING_C_HASH,        code id_token,       fragment, missing_c_hash",
            "USERINFO_SUB_MISMATCH, code,                query,    userinfo_sub_mismatch",
            "TOKEN_ENDPOINT_ERROR,  code,                query,    token_request_failed",
            "UNKNOWN_KID,           code,                query,    unknown_key",
    })
    @DisplayName("given one defect, then the login fails with that reason and no user")
    void rejects(Fault fault, String responseType, String responseMode, String reason, KeycloakServer server) {
        String alias = "bad-" + fault.name().toLowerCase().replace('_', '-');
        RegisteredClient client = op.registerClient(ClientSettings.builder()
                .redirectUri(PartnerFixture.brokerEndpoint(server, realm, alias)).build());
        op.faults().enable(client.clientId(), fault);
        realm.putIdentityProvider(alias, "partner-oidc", config(client, responseType, responseMode));
        realm.clearEvents();

        PartnerLoginFlow.Outcome outcome;
        try (Browser browser = Browser.start()) {
            outcome = PartnerLoginFlow.login(browser, server, realm, alias, "unused", "unused");
        }

        assertThat(outcome.success()).isFalse();
        assertThat(outcome.errorText()).isNotBlank().doesNotContain("Exception").doesNotContain("at io.");
        List<JsonNode> errors = realm.loginErrors();
        assertThat(errors).isNotEmpty();
        assertThat(errors.get(0).path("details").path("reason").asText()).isEqualTo(reason);
        assertThat(errors.get(0).path("details").path("identity_provider").asText()).isEqualTo(alias);
        assertThat(errors.get(0).toString()).doesNotContain(client.clientSecret());
        assertThat(realm.user("partner-user")).isNull();
    }

    private static Map<String, String> config(RegisteredClient client, String responseType, String responseMode) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("clientId", client.clientId());
        config.put("clientSecret", client.clientSecret());
        config.put("metadataDescriptorUrl", op.discoveryUri().toString());
        config.put("issuer", op.issuer());
        config.put("useJwksUrl", "true");
        config.put("jwksMinRefetchSeconds", "0");
        config.put("defaultScope", "openid profile email");
        config.put("responseType", responseType);
        config.put("responseMode", responseMode);
        config.put("clientAuthMethod", "client_secret_post");
        return config;
    }
}
