package io.github.kcpartner.it.partner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcpartner.it.faultyop.ClientSettings;
import io.github.kcpartner.it.faultyop.Fault;
import io.github.kcpartner.it.faultyop.FaultyOp;
import io.github.kcpartner.it.faultyop.RegisteredClient;
import io.github.kcpartner.it.harness.KeycloakExtension;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.harness.PartnerLoginFlow;
import io.github.kcpartner.it.harness.TestRealm;
import java.util.List;
import java.util.Map;
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
        "MISSING_NONCE,         code,                query,    invalid_nonce",
        "NO_ID_TOKEN,           code,                query,    missing_id_token",
    })
    @DisplayName("given one defect, then the login fails with that reason and no user")
    void rejects(Fault fault, String responseType, String responseMode, String reason, KeycloakServer server) {
        String alias = "bad-" + fault.name().toLowerCase().replace('_', '-');
        RegisteredClient client = op.registerClient(ClientSettings.builder()
                .redirectUri(PartnerFixture.brokerEndpoint(server, realm, alias))
                .build());
        op.faults().enable(client.clientId(), fault);
        realm.putIdentityProvider(alias, "partner-openid-connect", config(client, alias, responseType, responseMode));
        realm.clearEvents();
        realm.deleteUsers();

        PartnerLoginFlow.Outcome outcome = PartnerFixture.login(server, realm, alias, "unused", "unused");

        assertThat(outcome.success()).isFalse();
        assertThat(outcome.errorText()).isNotBlank().doesNotContain("Exception").doesNotContain("at io.");
        List<JsonNode> errors = realm.loginErrors();
        assertThat(errors).isNotEmpty();
        assertThat(errors.get(0).path("details").path("reason").asText()).isEqualTo(reason);
        assertThat(errors.get(0).path("details").path("identity_provider").asText())
                .isEqualTo(alias);
        assertThat(errors.get(0).toString()).doesNotContain(client.clientSecret());
        assertThat(realm.userCount()).as("no user was created").isZero();
    }

    @org.junit.jupiter.api.Test
    @DisplayName(
            "given no defect, then the same setup logs in and creates the partner's user (the check above can fail)")
    void control(KeycloakServer server) {
        String alias = "no-defect";
        RegisteredClient client = op.registerClient(ClientSettings.builder()
                .redirectUri(PartnerFixture.brokerEndpoint(server, realm, alias))
                .build());
        realm.putIdentityProvider(alias, "partner-openid-connect", config(client, alias, "code", "query"));
        realm.deleteUsers();
        PartnerLoginFlow.Outcome outcome = PartnerFixture.login(server, realm, alias, "unused", "unused");
        assertThat(outcome.errorText()).isNull();
        assertThat(outcome.success()).isTrue();
        assertThat(realm.userCount()).isEqualTo(1);
        realm.deleteUsers();
    }

    private static Map<String, String> config(
            RegisteredClient client, String alias, String responseType, String responseMode) {
        Map<String, String> config = PartnerFixture.faultyOpConfig(op, client, alias);
        config.put("jwksMinRefetchSeconds", "1");
        config.put("responseType", responseType);
        config.put("responseMode", responseMode);
        config.put("clientAuthMethod", "client_secret_post");
        return config;
    }
}
