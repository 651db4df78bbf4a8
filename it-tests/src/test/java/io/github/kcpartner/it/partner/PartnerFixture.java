package io.github.kcpartner.it.partner;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kcpartner.it.harness.Browser;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.harness.PartnerLoginFlow;
import io.github.kcpartner.it.harness.TestRealm;
import io.github.kcpartner.it.op.OidcProviderPeer;
import io.github.kcpartner.it.op.RegisteredClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registers a client at the {@code oidc-provider} peer and the matching {@code partner-oidc}
 * identity provider in a test realm: the two halves of one partnership.
 */
public final class PartnerFixture {

    private PartnerFixture() {}

    /** A browser login as the OP peer's alice through {@code alias}; asserts it reached the client. */
    public static void assertAliceLogsIn(KeycloakServer server, TestRealm realm, String alias) {
        PartnerLoginFlow.Outcome outcome;
        try (Browser browser = Browser.start()) {
            outcome = PartnerLoginFlow.login(browser, server, realm, alias, "alice", "alice-password");
        }
        assertThat(outcome.errorText()).as("Keycloak error page").isNull();
        assertThat(outcome.success()).isTrue();
    }

    public static String brokerEndpoint(KeycloakServer server, TestRealm realm, String alias) {
        return server.baseUrl() + "/realms/" + realm.name() + "/broker/" + alias + "/endpoint";
    }

    /** OP-side client metadata for a response type; callers add algorithms. */
    public static Map<String, Object> clientMetadata(
            KeycloakServer server, TestRealm realm, String alias, String responseType) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("redirect_uris", List.of(brokerEndpoint(server, realm, alias)));
        metadata.put("response_types", List.of(responseType));
        List<String> grants = new ArrayList<>();
        if (responseType.contains("code")) {
            grants.add("authorization_code");
        }
        if (responseType.contains("token")) {
            grants.add("implicit");
        }
        metadata.put("grant_types", grants);
        return metadata;
    }

    /** Keycloak-side config: metadata endpoint of the OP, our client, the response type. */
    public static Map<String, String> idpConfig(OidcProviderPeer op, RegisteredClient client, String responseType) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("clientId", client.clientId());
        if (client.clientSecret() != null) { // a public client has none
            config.put(
                    "clientSecret",
                    io.github.kcpartner.it.harness.TestVault.shared(
                            "client_" + client.clientId(), client.clientSecret()));
        }
        config.put("metadataDescriptorUrl", op.discoveryUri().toString());
        config.put("issuer", op.issuer());
        config.put("useJwksUrl", "true");
        config.put("defaultScope", "openid profile email");
        config.put("responseType", responseType);
        config.put("clientAuthMethod", "client_secret_basic");
        config.put("syncMode", "IMPORT");
        return config;
    }

    /**
     * Keycloak-side config for a code-flow client of our fault-injecting OP. The metadata URL is
     * the provider's own ({@code ?for=alias}): the cached document is per URL.
     */
    public static Map<String, String> faultyOpConfig(
            io.github.kcpartner.it.faultyop.FaultyOp op,
            io.github.kcpartner.it.faultyop.RegisteredClient client,
            String alias) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("clientId", client.clientId());
        if (client.clientSecret() != null) { // a public client has none
            config.put(
                    "clientSecret",
                    io.github.kcpartner.it.harness.TestVault.shared(
                            "client_" + client.clientId(), client.clientSecret()));
        }
        config.put("metadataDescriptorUrl", op.discoveryUri() + "?for=" + alias);
        config.put("issuer", op.issuer());
        config.put("useJwksUrl", "true");
        config.put("defaultScope", "openid profile email");
        config.put("responseType", "code");
        config.put("clientAuthMethod", "client_secret_basic");
        return config;
    }

    /** One browser login through {@code alias}, with the given credentials at the partner (if it asks). */
    static PartnerLoginFlow.Outcome login(
            KeycloakServer server, TestRealm realm, String alias, String user, String password) {
        try (Browser browser = Browser.start()) {
            return PartnerLoginFlow.login(browser, server, realm, alias, user, password);
        }
    }

    /** Registers a code-flow client at the OP peer; returns the matching {@code partner-oidc} config with {@code scope}. */
    public static Map<String, String> codeFlowPartner(
            KeycloakServer server, OidcProviderPeer op, TestRealm realm, String alias, String scope) {
        RegisteredClient client = op.registerClient(clientMetadata(server, realm, alias, "code"));
        Map<String, String> config = idpConfig(op, client, "code");
        config.put("defaultScope", scope);
        return config;
    }
}
