package io.github.kcpartner.it.partner;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWSAlgorithm;
import io.github.kcpartner.it.faultyop.ClientSettings;
import io.github.kcpartner.it.faultyop.FaultyOp;
import io.github.kcpartner.it.faultyop.RegisteredClient;
import io.github.kcpartner.it.harness.KeycloakExtension;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.harness.PartnerLoginFlow;
import io.github.kcpartner.it.harness.TestRealm;
import io.github.kcpartner.it.keycloak.KeycloakAdminClient;
import io.github.kcpartner.it.op.OidcProviderPeer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The options around the flows: what oidc-provider refuses to do (RSA1_5, alg none) through our
 * own OP, ISVA's metadata rule for the signature algorithm, our published JWKS, public
 * clients with PKCE, secrets from the vault, and the combinations refused at save time.
 */
@ExtendWith(KeycloakExtension.class)
@DisplayName("partner-oidc options")
class PartnerOptionsIT {

    private static final String REALM = "partner-options";

    private static TestRealm realm;
    private static FaultyOp op;
    private static RpKeys rpKeys;

    @BeforeAll
    static void start(KeycloakServer server) throws Exception {
        realm = TestRealm.create(server, REALM);
        op = new FaultyOp().start();
        rpKeys = RpKeys.create(Path.of(System.getProperty("kc.home"), "conf", "partner", "rp-keys-options"));
    }

    @AfterAll
    static void stop() {
        op.close();
        realm.close();
    }

    @AfterEach
    void forgetUsers() {
        realm.deleteUsers();
        op.advertiseIdTokenSigningAlgs(null);
    }

    @Test
    @DisplayName("given RSA1_5 + A128CBC-HS256 ID tokens to our keystore key, then the login succeeds")
    void rsa15(KeycloakServer server) {
        String alias = "rsa15";
        RegisteredClient client = op.registerClient(settings(server, alias)
                .encryptIdToken(JWEAlgorithm.RSA1_5, EncryptionMethod.A128CBC_HS256)
                .rpEncryptionKey(rpKeys.publicKey("enc-rsa"))
                .build());
        Map<String, String> config = faultyConfig(client, alias);
        config.put("keyManagementAlgorithm", "RSA1_5");
        config.put("contentEncryptionAlgorithm", "A128CBC-HS256");
        config.putAll(rpKeys.decryptionConfig("RSA1_5", REALM));
        assertLogsIn(server, alias, config);
    }

    @Test
    @DisplayName("given alg none chosen for the code flow, then the unsigned back-channel ID token is accepted")
    void algNoneInCodeFlow(KeycloakServer server) {
        String alias = "alg-none";
        RegisteredClient client = op.registerClient(
                settings(server, alias).idTokenAlg(ClientSettings.NONE).build());
        Map<String, String> config = faultyConfig(client, alias);
        config.put("signatureAlgorithm", "none");
        assertLogsIn(server, alias, config);
    }

    @Test
    @DisplayName("given metadata listing exactly one alg (ES256) and RS256 configured, then ES256 is used")
    void metadataSingleAlgWins(KeycloakServer server) {
        op.advertiseIdTokenSigningAlgs(List.of("ES256"));
        String alias = "meta-one-alg";
        RegisteredClient client = op.registerClient(
                settings(server, alias).idTokenAlg(JWSAlgorithm.ES256).build());
        Map<String, String> config = faultyConfig(client, alias);
        config.put("signatureAlgorithm", "RS256");
        assertLogsIn(server, alias, config);
    }

    @Test
    @DisplayName("given metadata listing several algs and RS256 configured, then an ES256 token is refused")
    void metadataSeveralAlgsUsesSetting(KeycloakServer server) {
        op.advertiseIdTokenSigningAlgs(List.of("ES256", "RS256"));
        String alias = "meta-two-algs";
        RegisteredClient client = op.registerClient(
                settings(server, alias).idTokenAlg(JWSAlgorithm.ES256).build());
        Map<String, String> config = faultyConfig(client, alias);
        config.put("signatureAlgorithm", "RS256");
        realm.putIdentityProvider(alias, "partner-openid-connect", config);
        realm.clearEvents();
        PartnerLoginFlow.Outcome outcome = login(server, alias, "", "");
        assertThat(outcome.success()).isFalse();
        assertThat(realm.loginErrors().get(0).path("details").path("reason").asText())
                .isEqualTo("unexpected_alg");
    }

    @Test
    @DisplayName("given the OP encrypts to our published JWKS URL, then it fetched our key and the login succeeds")
    void publishedJwks(KeycloakServer server) {
        String alias = "rp-jwks";
        URI jwksUri = URI.create(server.baseUrl() + "/realms/" + REALM + "/partner-oidc/" + alias + "/jwks");
        RegisteredClient client = op.registerClient(settings(server, alias)
                .encryptIdToken(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM)
                .rpJwksUri(jwksUri)
                .build());
        Map<String, String> config = faultyConfig(client, alias);
        config.put("keyManagementAlgorithm", "RSA-OAEP-256");
        config.put("contentEncryptionAlgorithm", "A256GCM");
        config.putAll(rpKeys.decryptionConfig("RSA-OAEP-256", REALM));
        realm.putIdentityProvider(alias, "partner-openid-connect", config);
        KeycloakAdminClient.Response jwks =
                new KeycloakAdminClient(server.baseUrl(), "", "").getPublic(jwksUri.toString());
        assertThat(jwks.status()).isEqualTo(200);
        assertThat(jwks.body()).contains("\"kid\":\"enc-rsa\"").doesNotContain("\"d\"");
        assertLogsIn(server, alias, config);
    }

    @Test
    @DisplayName("given a client secret in Keycloak's vault, then the token request authenticates with it")
    void vaultSecret(KeycloakServer server) throws Exception {
        String alias = "vault-secret";
        RegisteredClient client = op.registerClient(settings(server, alias).build());
        Map<String, String> config = faultyConfig(client, alias);
        config.put(
                "clientSecret",
                io.github.kcpartner.it.harness.TestVault.put(REALM, "partner_secret", client.clientSecret()));
        assertLogsIn(server, alias, config);
        assertThat(op.lastTokenRequest()).isPresent();
        assertThat(op.lastTokenRequest().get().status()).isEqualTo(200);
    }

    @Test
    @DisplayName("given no client secret (public client), then PKCE S256 is sent and the login succeeds")
    void publicClientUsesPkce(KeycloakServer server, OidcProviderPeer oidcProvider) {
        String alias = "public-client";
        Map<String, Object> metadata = PartnerFixture.clientMetadata(server, realm, alias, "code");
        metadata.put("token_endpoint_auth_method", "none");
        var client = oidcProvider.registerClient(metadata);
        Map<String, String> config = PartnerFixture.idpConfig(oidcProvider, client, "code");
        config.remove("clientSecret");
        config.put("clientAuthMethod", "client_secret_post");
        realm.putIdentityProvider(alias, "partner-openid-connect", config);
        oidcProvider.reset();
        PartnerLoginFlow.Outcome outcome = login(server, alias, "alice", "alice-password");
        assertThat(outcome.errorText()).isNull();
        assertThat(outcome.success()).isTrue();
        assertThat(oidcProvider.authorizationRequests().get(0).toString())
                .contains("\"code_challenge_method\":\"S256\"")
                .contains("\"code_challenge\"");
    }

    @Test
    @DisplayName(
            "given the partner rotates its signing key right after our fetch, then the next login refetches the JWKS at once and succeeds")
    void keyRotation(KeycloakServer server) {
        String alias = "rotation";
        RegisteredClient client = op.registerClient(settings(server, alias).build());
        Map<String, String> config = faultyConfig(client, alias);
        // an interval far longer than the test: only the rotation exception can let the new key in
        config.put("jwksMinRefetchSeconds", "3600");
        assertLogsIn(server, alias, config);
        realm.deleteUsers();
        int fetches = op.jwksFetchCount();
        op.faults().enable(client.clientId(), io.github.kcpartner.it.faultyop.Fault.ROTATE_KEYS);
        try {
            assertLogsIn(server, alias, config);
        } finally {
            op.faults().disable(client.clientId(), io.github.kcpartner.it.faultyop.Fault.ROTATE_KEYS);
        }
        assertThat(op.jwksFetchCount()).isEqualTo(fetches + 1);
    }

    @Test
    @DisplayName("given Keycloak's built-in claim mapper on partner-oidc, then it is offered and maps a claim")
    void builtInClaimMapper(KeycloakServer server) {
        String alias = "claim-mapper";
        RegisteredClient client = op.registerClient(settings(server, alias).build());
        realm.putIdentityProvider(alias, "partner-openid-connect", faultyConfig(client, alias));
        String base = "/realms/" + REALM + "/identity-provider/instances/" + alias;
        assertThat(server.admin().get(base + "/mapper-types").expect(200).body())
                .contains("oidc-user-attribute-idp-mapper");
        server.admin()
                .post(
                        base + "/mappers",
                        Map.of(
                                "name",
                                "email-copy",
                                "identityProviderAlias",
                                alias,
                                "identityProviderMapper",
                                "oidc-user-attribute-idp-mapper",
                                "config",
                                Map.of("claim", "email", "user.attribute", "partnerEmail", "syncMode", "FORCE")))
                .expect(201);
        server.admin()
                .put("/realms/" + REALM + "/users/profile", unmanagedAttributesEnabled(server))
                .expect(200);
        PartnerLoginFlow.Outcome outcome = login(server, alias, "", "");
        assertThat(outcome.errorText()).isNull();
        var user = server.admin()
                .get("/realms/" + REALM + "/users?briefRepresentation=false&max=5")
                .expect(200)
                .json();
        assertThat(user.toString()).contains("partnerEmail");
    }

    private static com.fasterxml.jackson.databind.JsonNode unmanagedAttributesEnabled(KeycloakServer server) {
        var profile = (com.fasterxml.jackson.databind.node.ObjectNode) server.admin()
                .get("/realms/" + REALM + "/users/profile")
                .expect(200)
                .json();
        profile.put("unmanagedAttributePolicy", "ENABLED");
        return profile;
    }

    @Test
    @DisplayName(
            "given the advanced configuration rule shipped in the jar, then the OP receives max_age, acr_values and claims")
    void advancedConfigurationRule(KeycloakServer server) {
        String alias = "advanced-config";
        RegisteredClient client = op.registerClient(settings(server, alias).build());
        Map<String, String> config = faultyConfig(client, alias);
        config.put("advancedConfigurationRule", "advanced-configuration");
        assertLogsIn(server, alias, config);
        var seen = op.lastAuthorizationRequest().orElseThrow();
        assertThat(seen.maxAge()).contains("3600");
        assertThat(seen.acrValues()).contains("urn:partner:acr:password");
        assertThat(seen.claims())
                .hasValueSatisfying(claims -> assertThat(claims).contains("\"essential\":true"));
        assertThat(seen.clientId()).contains(client.clientId());
    }

    @Test
    @DisplayName(
            "given a rule that loops forever, then that login fails cleanly within the limit and other logins go on")
    void runawayRuleIsStopped(KeycloakServer server) throws Exception {
        Path rules = Path.of(System.getProperty("kc.home"), "partner-rules");
        Files.createDirectories(rules);
        Files.writeString(rules.resolve("it-runaway.js"), "var i = 0;\nwhile (true) { i++; }\n");
        RegisteredClient looping = op.registerClient(settings(server, "runaway").build());
        Map<String, String> config = faultyConfig(looping, "runaway");
        config.put("advancedConfigurationRule", "it-runaway");
        realm.putIdentityProvider("runaway", "partner-openid-connect", config);
        RegisteredClient healthy = op.registerClient(settings(server, "healthy").build());
        realm.putIdentityProvider("healthy", "partner-openid-connect", faultyConfig(healthy, "healthy"));
        realm.clearEvents();

        PartnerLoginFlow.Outcome stopped = login(server, "runaway", "", "");
        assertThat(stopped.success()).isFalse();
        assertThat(stopped.errorText()).isNotBlank().doesNotContain("Exception").doesNotContain("while (true)");
        assertThat(realm.loginErrors()).isNotEmpty();
        assertThat(realm.loginErrors()
                        .get(0)
                        .path("details")
                        .path("identity_provider")
                        .asText())
                .isEqualTo("runaway");
        assertThat(realm.loginErrors().get(0).path("details").path("reason").asText())
                .isEqualTo("advanced_configuration_failed");

        PartnerLoginFlow.Outcome other = login(server, "healthy", "", "");
        assertThat(other.errorText()).isNull();
        assertThat(other.success()).isTrue();
    }

    @Test
    @DisplayName(
            "given the admin's import from metadata, then the form is filled from the partner's discovery document")
    void importFromMetadata(KeycloakServer server) {
        KeycloakAdminClient.Response answer = server.admin()
                .post(
                        "/realms/" + REALM + "/identity-provider/import-config",
                        Map.of(
                                "providerId",
                                "partner-openid-connect",
                                "fromUrl",
                                op.discoveryUri().toString()));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("issuer").asText()).isEqualTo(op.issuer());
        assertThat(answer.json().path("authorizationUrl").asText())
                .isEqualTo(op.authorizationEndpoint().toString());
        assertThat(answer.json().path("tokenUrl").asText())
                .isEqualTo(op.tokenEndpoint().toString());
        assertThat(answer.json().path("jwksUrl").asText())
                .isEqualTo(op.jwksUri().toString());
    }

    @Test
    @DisplayName(
            "given the partner's RSA public key as Keycloak's own oidc provider stores it (bare base64 in publicKeySignatureVerifier, JWKS off), then logins verify with it")
    void publicKeyAsKeycloakOidcStoresIt(KeycloakServer server, OidcProviderPeer op) throws Exception {
        com.nimbusds.jose.jwk.RSAKey signing = null;
        for (com.nimbusds.jose.jwk.JWK key : com.nimbusds.jose.jwk.JWKSet.parse(server.admin()
                        .getPublic(op.endpoint("jwks_uri").toString())
                        .expect(200)
                        .body())
                .getKeys()) {
            if (key instanceof com.nimbusds.jose.jwk.RSAKey rsa
                    && !com.nimbusds.jose.jwk.KeyUse.ENCRYPTION.equals(key.getKeyUse())) {
                signing = rsa;
            }
        }
        assertThat(signing).as("an RSA signing key in the OP's JWKS").isNotNull();
        Map<String, String> config =
                PartnerFixture.codeFlowPartner(server, op, realm, "pem-key", "openid profile email");
        config.put("useJwksUrl", "false");
        config.put("signatureAlgorithm", "RS256");
        config.put(
                "publicKeySignatureVerifier",
                java.util.Base64.getEncoder()
                        .encodeToString(signing.toRSAPublicKey().getEncoded()));
        realm.putIdentityProvider("pem-key", "partner-openid-connect", config);

        PartnerFixture.assertAliceLogsIn(server, realm, "pem-key");
        assertRefused(with(config, "publicKeySignatureVerifier", "not-a-key"), "partnerOidc.error.publicKeyInvalid");
    }

    @Test
    @DisplayName("given refused combinations, then saving the provider fails with the rule's message key")
    void refusedAtSaveTime() {
        Map<String, String> base = new LinkedHashMap<>();
        base.put("clientId", "c");
        base.put("issuer", "https://op.example");
        base.put("authorizationUrl", "https://op.example/authorize");
        base.put("tokenUrl", "https://op.example/token");
        base.put("useJwksUrl", "true");
        base.put("jwksUrl", "https://op.example/jwks");

        assertRefused(with(base, "signatureAlgorithm", "HS256"), "partnerOidc.error.hsNeedsSecret");
        Map<String, String> both = with(base, "useCertificate", "true");
        both.put("certificateKeystore", "/tmp/none.p12");
        both.put("certificateLabel", "op");
        assertRefused(both, "partnerOidc.error.certificateXorJwks");
        // keystores are read only from the partner files directory; outside or missing: one refusal
        KeycloakAdminClient.Response outside = realm.tryIdentityProvider(
                "refused", "partner-openid-connect", with(base, "decryptionKeystore", "/etc/passwd"));
        KeycloakAdminClient.Response missing = realm.tryIdentityProvider(
                "refused", "partner-openid-connect", with(base, "decryptionKeystore", "/nonexistent/rp.p12"));
        assertThat(outside.status()).isEqualTo(400);
        assertThat(outside.body())
                .contains("is not a readable file inside the partner files directory")
                .doesNotContain("passwd")
                .isEqualTo(missing.body());
        Map<String, String> kmOnly = with(base, "clientSecret", "s".repeat(40));
        kmOnly.put("keyManagementAlgorithm", "A128KW");
        assertRefused(kmOnly, "partnerOidc.error.keyManagementNeedsContentEncryption");
        Map<String, String> rsaNoKey = with(base, "clientSecret", "s".repeat(40));
        rsaNoKey.put("keyManagementAlgorithm", "RSA-OAEP");
        rsaNoKey.put("contentEncryptionAlgorithm", "A256GCM");
        assertRefused(rsaNoKey, "partnerOidc.error.decryptionNeedsPrivateKey");
        assertRefused(with(base, "defaultScope", "profile email"), "partnerOidc.error.scopeNeedsOpenid");
        Map<String, String> noneImplicit = with(base, "signatureAlgorithm", "none");
        noneImplicit.put("responseType", "id_token");
        noneImplicit.put("clientSecret", "s".repeat(40));
        assertRefused(noneImplicit, "partnerOidc.error.noneNeedsCodeFlow");
        assertRefused(with(base, "responseType", "token"), "partnerOidc.error.responseTypeInvalid");
    }

    @Test
    @DisplayName(
            "given a metadata URL that is not a URL (\"not a url\", \"htp://x\") or a token URL over http to a public host, then the save is refused naming the field")
    void badUrlsRefusedAtSave(KeycloakServer server) {
        Map<String, String> base = new LinkedHashMap<>();
        base.put("clientId", "c");
        base.put("metadataDescriptorUrl", "https://op.example/.well-known/openid-configuration");
        for (String bad : List.of("not a url", "htp://x")) {
            KeycloakAdminClient.Response answer = realm.tryIdentityProvider(
                    "refused", "partner-openid-connect", with(base, "metadataDescriptorUrl", bad));
            assertThat(answer.status()).as(bad).isEqualTo(400);
            assertThat(answer.json().path("errorMessage").asText())
                    .contains("\"Partner: Metadata URL\" must be an absolute http or https URL");
        }
        // http to a public host where the secret travels: refused under Require SSL "external requests"
        // (Keycloak's default; the test realms run with none, which allows http everywhere)
        String path = "/realms/" + realm.name();
        com.fasterxml.jackson.databind.JsonNode before =
                server.admin().get(path).expect(200).json();
        server.admin().put(path, Map.of("sslRequired", "external")).expect(204);
        try {
            KeycloakAdminClient.Response http = realm.tryIdentityProvider(
                    "refused", "partner-openid-connect", with(base, "tokenUrl", "http://op.example.com/token"));
            assertThat(http.status()).isEqualTo(400);
            assertThat(http.json().path("errorMessage").asText()).contains("\"Endpoints: Token URL\" must use https");
        } finally {
            server.admin()
                    .put(path, Map.of("sslRequired", before.path("sslRequired").asText()))
                    .expect(204);
        }
    }

    /** Refused with the English text of {@code messageKey} (as the console shows it), not the key. */
    private static void assertRefused(Map<String, String> config, String messageKey) {
        KeycloakAdminClient.Response answer = realm.tryIdentityProvider("refused", "partner-openid-connect", config);
        assertThat(answer.status()).as(messageKey).isEqualTo(400);
        assertThat(answer.json().path("errorMessage").asText())
                .contains(io.github.kcpartner.it.support.MessageBundle.text(messageKey))
                .doesNotContain(messageKey);
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(base);
        copy.put(key, value);
        return copy;
    }

    private static ClientSettings.Builder settings(KeycloakServer server, String alias) {
        return ClientSettings.builder().redirectUri(PartnerFixture.brokerEndpoint(server, realm, alias));
    }

    private static Map<String, String> faultyConfig(RegisteredClient client, String alias) {
        return PartnerFixture.faultyOpConfig(op, client, alias);
    }

    private static void assertLogsIn(KeycloakServer server, String alias, Map<String, String> config) {
        realm.putIdentityProvider(alias, "partner-openid-connect", config);
        PartnerLoginFlow.Outcome outcome = login(server, alias, "", "");
        assertThat(outcome.errorText()).as("Keycloak error page").isNull();
        assertThat(outcome.success()).isTrue();
    }

    private static PartnerLoginFlow.Outcome login(KeycloakServer server, String alias, String user, String password) {
        return PartnerFixture.login(server, realm, alias, user, password);
    }
}
