package io.github.kcpartner.it.partner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcpartner.it.harness.KeycloakExtension;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.harness.TestRealm;
import io.github.kcpartner.it.op.OidcProviderPeer;
import io.github.kcpartner.it.op.RegisteredClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * private_key_jwt with a key of our own keystore and a chosen algorithm, against oidc-provider,
 * which reads our public key from our JWKS ({@code jwks_uri}): logins with PS256 (RSA) and ES256
 * (EC P-256), the pushed authorization request and the token request both authenticated so; a
 * partner that holds another key refuses the token request.
 */
@ExtendWith(KeycloakExtension.class)
@DisplayName("partner private_key_jwt with a keystore key")
class PrivateKeyJwtIT {

    private static TestRealm realm;
    private static RpSigningKeys keys;

    @BeforeAll
    static void keys(KeycloakServer server) {
        realm = TestRealm.create(server, "partner-pkjwt");
        keys = RpSigningKeys.create("rp-sig-keys");
    }

    @AfterAll
    static void dropRealm() {
        realm.close();
    }

    @AfterEach
    void forgetUsers() {
        realm.deleteUsers();
        realm.clearEvents();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"PS256, rsa", "ES256, ec"})
    @DisplayName(
            "given private_key_jwt with our keystore key, then the partner verifies the PAR and token requests with the key from our JWKS and alice logs in")
    void logsIn(String alg, String keyType, KeycloakServer server, OidcProviderPeer op) {
        String alias = "pkjwt-" + alg.toLowerCase();
        RegisteredClient client = register(server, op, alias, alg, Map.of("jwks_uri", jwksUri(server, alias)));
        realm.putIdentityProvider(alias, "partner-openid-connect", config(op, client, alias, alg, keyType));
        op.reset();

        PartnerFixture.assertAliceLogsIn(server, realm, alias);

        JsonNode published = server.admin()
                .getPublic(jwksUri(server, alias))
                .expect(200)
                .json()
                .path("keys");
        assertThat(published)
                .as("our signing key in the JWKS")
                .anyMatch(k -> "sig".equals(k.path("use").asText())
                        && alg.equals(k.path("alg").asText())
                        && ("sig-" + keyType).equals(k.path("kid").asText())
                        && !k.has("d"));
        List<JsonNode> pars = op.parRequests();
        assertThat(pars).hasSize(1);
        assertThat(pars.get(0).path("status").asInt()).isEqualTo(201);
        assertThat(pars.get(0).path("authenticatedWith").asText()).isEqualTo("private_key_jwt");
        assertThat(realm.loginErrors()).isEmpty();
    }

    @Test
    @DisplayName(
            "given a partner that registered another public key for us, then the token request is refused and the login fails with token_request_failed")
    void otherKeyRefused(KeycloakServer server, OidcProviderPeer op) throws Exception {
        String alias = "pkjwt-other-key";
        com.nimbusds.jose.jwk.RSAKey other = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048)
                .keyID("sig-rsa")
                .keyUse(com.nimbusds.jose.jwk.KeyUse.SIGNATURE)
                .generate();
        RegisteredClient client = register(
                server,
                op,
                alias,
                "PS256",
                Map.of("jwks", new com.nimbusds.jose.jwk.JWKSet(other.toPublicJWK()).toJSONObject(true)));
        Map<String, String> config = config(op, client, alias, "PS256", "rsa");
        config.put("parMode", "off");
        realm.putIdentityProvider(alias, "partner-openid-connect", config);

        var outcome = PartnerFixture.login(server, realm, alias, "alice", "alice-password");

        assertThat(outcome.success()).isFalse();
        assertThat(realm.loginErrors())
                .singleElement()
                .satisfies(e ->
                        assertThat(e.path("details").path("reason").asText()).isEqualTo("token_request_failed"));
        assertThat(realm.user("alice")).isNull();
    }

    private static RegisteredClient register(
            KeycloakServer server, OidcProviderPeer op, String alias, String alg, Map<String, Object> keys) {
        Map<String, Object> metadata = PartnerFixture.clientMetadata(server, realm, alias, "code");
        metadata.put("token_endpoint_auth_method", "private_key_jwt");
        metadata.put("token_endpoint_auth_signing_alg", alg);
        metadata.putAll(keys);
        return op.registerClient(metadata);
    }

    private static Map<String, String> config(
            OidcProviderPeer op, RegisteredClient client, String alias, String alg, String keyType) {
        return keys.privateKeyJwt(op, client, realm, alg, keyType);
    }

    private static String jwksUri(KeycloakServer server, String alias) {
        return RpSigningKeys.jwksUri(server, realm, alias);
    }
}
