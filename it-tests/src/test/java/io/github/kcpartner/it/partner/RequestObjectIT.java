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

/**
 * Signed request objects (RFC 9101) against oidc-provider, for clients registered with
 * {@code require_signed_request_object}: signed with our keystore key (read from our JWKS) and
 * pushed with PAR; signed with the realm's key (read from the realm's certs) and sent in the
 * browser's request; and a plain request refused by the partner.
 */
@ExtendWith(KeycloakExtension.class)
@DisplayName("partner signed request objects")
class RequestObjectIT {

    private static TestRealm realm;
    private static RpSigningKeys keys;

    @BeforeAll
    static void keys(KeycloakServer server) {
        realm = TestRealm.create(server, "partner-request-object");
        keys = RpSigningKeys.create("rp-ro-keys");
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

    @Test
    @DisplayName(
            "given a partner that requires signed request objects, then ours, signed PS256 with the keystore key and pushed with PAR, logs alice in")
    void keystoreKeyPushed(KeycloakServer server, OidcProviderPeer op) {
        String alias = "ro-keystore";
        RegisteredClient client = requireSigned(
                server,
                op,
                alias,
                "PS256",
                RpSigningKeys.jwksUri(server, realm, alias),
                Map.of("token_endpoint_auth_method", "private_key_jwt", "token_endpoint_auth_signing_alg", "PS256"));
        Map<String, String> config = keys.privateKeyJwt(op, client, realm, "PS256", "rsa");
        config.put("requestObject", "signed");
        realm.putIdentityProvider(alias, "partner-openid-connect", config);
        op.reset();

        PartnerFixture.assertAliceLogsIn(server, realm, alias);

        List<JsonNode> pars = op.parRequests();
        assertThat(pars).hasSize(1);
        assertThat(pars.get(0).path("status").asInt()).isEqualTo(201);
        assertThat(realm.loginErrors()).isEmpty();
    }

    @Test
    @DisplayName(
            "given no keystore, then the request object is signed with the realm's RS256 key (read from the realm's certs) and sent in the browser's request")
    void realmKeyInBrowser(KeycloakServer server, OidcProviderPeer op) {
        String alias = "ro-realm-key";
        RegisteredClient client = requireSigned(server, op, alias, "RS256", realmCerts(server), Map.of());
        Map<String, String> config = PartnerFixture.idpConfig(op, client, "code");
        config.put("requestObject", "signed");
        config.put("parMode", "off");
        realm.putIdentityProvider(alias, "partner-openid-connect", config);
        op.reset();

        PartnerFixture.assertAliceLogsIn(server, realm, alias);

        assertThat(op.parRequests()).isEmpty();
        assertThat(realm.loginErrors()).isEmpty();
    }

    @Test
    @DisplayName(
            "given request objects off for a partner that requires them, then the partner refuses the plain request and the login fails with its error as reason")
    void plainRequestRefused(KeycloakServer server, OidcProviderPeer op) {
        String alias = "ro-required-off";
        RegisteredClient client = requireSigned(server, op, alias, "RS256", realmCerts(server), Map.of());
        Map<String, String> config = PartnerFixture.idpConfig(op, client, "code");
        config.put("parMode", "off");
        realm.putIdentityProvider(alias, "partner-openid-connect", config);

        var outcome = PartnerFixture.login(server, realm, alias, "alice", "alice-password");

        assertThat(outcome.success()).isFalse();
        assertThat(realm.loginErrors())
                .singleElement()
                .satisfies(e -> assertThat(e.path("details").path("reason").asText())
                        .startsWith("partner_error:invalid_request"));
        assertThat(realm.user("alice")).isNull();
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} {1}")
    @org.junit.jupiter.params.provider.CsvSource({"RSA-OAEP-256, A256GCM", "ECDH-ES+A256KW, A128CBC-HS256"})
    @DisplayName(
            "given requestObject encrypted, then the browser carries a JWE (5 parts, the OP's enc key's kid) that the partner decrypts and verifies, and alice logs in")
    void encryptedInBrowser(String alg, String enc, KeycloakServer server, OidcProviderPeer op) throws Exception {
        String alias = "ro-enc-" + alg.toLowerCase(java.util.Locale.ROOT).replace("+", "-");
        RegisteredClient client = requireSigned(
                server,
                op,
                alias,
                "RS256",
                realmCerts(server),
                Map.of("request_object_encryption_alg", alg, "request_object_encryption_enc", enc));
        Map<String, String> config = PartnerFixture.idpConfig(op, client, "code");
        config.put("requestObject", "encrypted");
        config.put("requestObjectEncryptionAlg", alg);
        config.put("requestObjectEncryptionEnc", enc);
        config.put("parMode", "off");
        realm.putIdentityProvider(alias, "partner-openid-connect", config);
        op.reset();

        PartnerFixture.assertAliceLogsIn(server, realm, alias);

        String request =
                op.authorizationRequests().get(0).path("sent").path("request").asText();
        assertThat(request.split("\\.", -1)).hasSize(5);
        com.nimbusds.jose.JWEHeader header =
                com.nimbusds.jose.JWEObject.parse(request).getHeader();
        assertThat(header.getAlgorithm().getName()).isEqualTo(alg);
        assertThat(header.getEncryptionMethod().getName()).isEqualTo(enc);
        assertThat(header.getContentType()).isEqualTo("JWT");
        assertThat(header.getKeyID()).startsWith(alg.startsWith("RSA") ? "enc-rsa-" : "enc-ec-p256-");
        assertThat(realm.loginErrors()).isEmpty();
    }

    @Test
    @DisplayName("given an encryption algorithm outside the list, then saving is refused with the English message")
    void unknownEncryptionAlgRefused(KeycloakServer server, OidcProviderPeer op) {
        Map<String, String> config = new java.util.LinkedHashMap<>();
        config.put("clientId", "ro-client");
        config.put("metadataDescriptorUrl", op.discoveryUri().toString());
        config.put("requestObject", "encrypted");
        config.put("requestObjectEncryptionAlg", "RSA1_5");

        var answer = realm.tryIdentityProvider("ro-bad-alg", "partner-openid-connect", config);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("errorMessage").asText())
                .isEqualTo("The request object setting must be off, signed or encrypted, with an encryption"
                        + " algorithm and content encryption from their lists.");
    }

    /** A client at the OP that requires request objects signed with {@code alg}, verified with the keys at {@code jwksUri}. */
    private static RegisteredClient requireSigned(
            KeycloakServer server,
            OidcProviderPeer op,
            String alias,
            String alg,
            String jwksUri,
            Map<String, Object> more) {
        Map<String, Object> metadata = PartnerFixture.clientMetadata(server, realm, alias, "code");
        metadata.put("require_signed_request_object", true);
        metadata.put("request_object_signing_alg", alg);
        metadata.put("jwks_uri", jwksUri);
        metadata.putAll(more);
        return op.registerClient(metadata);
    }

    /** The realm's own keys (its signing key signs request objects when no keystore is set). */
    private static String realmCerts(KeycloakServer server) {
        return server.baseUrl() + "/realms/" + realm.name() + "/protocol/openid-connect/certs";
    }
}
