package io.github.kcpartner.it.partner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcpartner.it.faultyop.FaultyOp;
import io.github.kcpartner.it.harness.KeycloakExtension;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.harness.PartnerLoginFlow;
import io.github.kcpartner.it.harness.TestRealm;
import io.github.kcpartner.it.harness.TestVault;
import io.github.kcpartner.it.keycloak.KeycloakAdminClient;
import io.github.kcpartner.it.op.OidcProviderPeer;
import io.github.kcpartner.it.op.OpPeerSettings;
import io.github.kcpartner.it.op.RegisteredClient;
import io.github.kcpartner.testsupport.tls.IssuedCert;
import io.github.kcpartner.testsupport.tls.TestPki;
import java.io.IOException;
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
 * Sender-constrained tokens against oidc-provider: DPoP (RFC 9449; the peer demands a nonce, so
 * every proof is first answered with use_dpop_nonce) and mutual TLS (RFC 8705; a second peer with
 * an HTTPS listener that asks for client certificates and names it in mtls_endpoint_aliases), each
 * a Chromium login, each negative refused with the reason in the login error event.
 */
@ExtendWith(KeycloakExtension.class)
@DisplayName("partner-oidc DPoP and mutual TLS")
class SenderConstrainedIT {

    private static final String STORE_PASSWORD = "mtls-store-password";
    private static final String CLIENT_CN = "partner-rp";

    private static TestRealm realm;
    private static OidcProviderPeer mtlsOp;
    private static Path clientKeystore;
    private static Path foreignKeystore;
    private static Path truststore;

    @BeforeAll
    static void setUp(KeycloakServer server) throws IOException {
        realm = TestRealm.create(server, "partner-sender");
        Path files = Files.createDirectories(Path.of(System.getProperty("kc.home"), "conf", "partner", "mtls"));
        Path peerDir = Files.createTempDirectory("mtls-op");
        TestPki pki = TestPki.create("it-mtls");
        IssuedCert serverCert = pki.issueServer("127.0.0.1", "localhost");
        OpPeerSettings.MutualTls tls = new OpPeerSettings.MutualTls(
                serverCert.writeChainPem(peerDir.resolve("server-chain.pem")),
                serverCert.writePrivateKeyPem(peerDir.resolve("server-key.pem")),
                pki.writeCaPem(peerDir.resolve("client-ca.pem")));
        mtlsOp = OidcProviderPeer.start(OpPeerSettings.fromSystemProperties().withMutualTls(tls));
        clientKeystore = pki.issueClient(CLIENT_CN)
                .writePkcs12(files.resolve("client.p12"), "client", STORE_PASSWORD.toCharArray());
        truststore = pki.writeTrustStore(files.resolve("trust.p12"), STORE_PASSWORD.toCharArray());
        foreignKeystore = TestPki.create("it-mtls-foreign")
                .issueClient(CLIENT_CN)
                .writePkcs12(files.resolve("foreign.p12"), "client", STORE_PASSWORD.toCharArray());
    }

    @AfterAll
    static void tearDown() {
        if (mtlsOp != null) {
            mtlsOp.close();
        }
        realm.close();
    }

    @AfterEach
    void forgetUsers() {
        realm.deleteUsers();
    }

    @Test
    @DisplayName(
            "given DPoP advertised and a client whose tokens the OP binds, then token and userinfo requests carry proofs (the nonce on the second try), the token is DPoP-bound and alice logs in")
    void dpopLogin(KeycloakServer server, OidcProviderPeer op) {
        assertThat(op.discovery().path("dpop_signing_alg_values_supported").toString())
                .contains("ES256");
        String alias = "dpop-advertised";
        putDpopPartner(server, op, alias, "advertised");
        op.reset();

        PartnerFixture.assertAliceLogsIn(server, realm, alias);

        List<JsonNode> tokens = op.tokenRequests();
        assertThat(tokens).hasSize(2);
        assertThat(tokens.get(0).path("dpopProof").asBoolean()).isTrue();
        assertThat(tokens.get(0).path("status").asInt()).isEqualTo(400);
        assertThat(tokens.get(0).path("error").asText()).isEqualTo("use_dpop_nonce");
        assertThat(tokens.get(1).path("dpopProof").asBoolean()).isTrue();
        assertThat(tokens.get(1).path("status").asInt()).isEqualTo(200);
        assertThat(tokens.get(1).path("tokenType").asText()).isEqualTo("DPoP");
        List<JsonNode> userinfo = op.userinfoRequests();
        assertThat(userinfo).isNotEmpty();
        JsonNode last = userinfo.get(userinfo.size() - 1);
        assertThat(last.path("status").asInt()).isEqualTo(200);
        assertThat(last.path("tokenIn").asText()).isEqualTo("DPoP");
        assertThat(last.path("dpopProof").asBoolean()).isTrue();
    }

    @Test
    @DisplayName(
            "given a client whose tokens the OP binds and DPoP off, then the OP refuses the token request and the login fails with token_request_failed")
    void dpopOffButRequiredByOp(KeycloakServer server, OidcProviderPeer op) {
        String alias = "dpop-off";
        putDpopPartner(server, op, alias, "off");
        realm.clearEvents();
        op.reset();

        PartnerLoginFlow.Outcome outcome = PartnerFixture.login(server, realm, alias, "alice", "alice-password");

        assertThat(outcome.success()).isFalse();
        assertThat(op.tokenRequests()).singleElement().satisfies(t -> {
            assertThat(t.path("dpopProof").asBoolean()).isFalse();
            assertThat(t.path("status").asInt()).isEqualTo(400);
        });
        assertThat(reasons()).contains("token_request_failed");
    }

    @Test
    @DisplayName(
            "given DPoP required and an OP whose metadata lists no DPoP algorithm, then saving is refused with the English message, and advertised is accepted")
    void dpopRequiredRefusedAtSave() {
        try (FaultyOp faulty = new FaultyOp().start()) {
            Map<String, String> config = new LinkedHashMap<>();
            config.put("clientId", "dpop-client");
            config.put("metadataDescriptorUrl", faulty.discoveryUri().toString());
            config.put("dpopMode", "required");

            KeycloakAdminClient.Response answer =
                    realm.tryIdentityProvider("dpop-required", "partner-openid-connect", config);

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.json().path("errorMessage").asText())
                    .isEqualTo("\"DPoP proofs\" is required, but the partner metadata at " + faulty.discoveryUri()
                            + " lists none of ES256, PS256, RS256 in dpop_signing_alg_values_supported: choose"
                            + " advertised or off, or have the partner enable DPoP.");
            config.put("dpopMode", "advertised");
            assertThat(realm.tryIdentityProvider("dpop-required", "partner-openid-connect", config)
                            .status())
                    .isEqualTo(201);
        }
    }

    @Test
    @DisplayName(
            "given tls_client_auth with our certificate, then PAR, token and userinfo requests go to the mTLS aliases with the certificate, the token is bound to it and alice logs in")
    void mutualTlsLogin(KeycloakServer server) {
        assertThat(mtlsOp.discovery()
                        .path("mtls_endpoint_aliases")
                        .path("token_endpoint")
                        .asText())
                .startsWith("https://");
        String alias = "mtls";
        RegisteredClient client = registerMtlsClient(server, alias);
        assertThat(client.metadata("tls_client_certificate_bound_access_tokens"))
                .isEqualTo("true");
        realm.putIdentityProvider(alias, "partner-openid-connect", mtlsConfig(client, clientKeystore));
        mtlsOp.reset();

        PartnerFixture.assertAliceLogsIn(server, realm, alias);

        assertThat(mtlsOp.parRequests()).singleElement().satisfies(p -> {
            assertThat(p.path("status").asInt()).isEqualTo(201);
            assertThat(p.path("clientCertificate").asBoolean()).isTrue();
        });
        assertThat(mtlsOp.tokenRequests()).singleElement().satisfies(t -> {
            assertThat(t.path("status").asInt()).isEqualTo(200);
            assertThat(t.path("clientCertificate").asBoolean()).isTrue();
            assertThat(t.path("authenticatedWith").asText()).isEqualTo("tls_client_auth");
            assertThat(t.path("clientAuth").asText()).isEqualTo("none");
        });
        List<JsonNode> userinfo = mtlsOp.userinfoRequests();
        assertThat(userinfo).isNotEmpty();
        JsonNode last = userinfo.get(userinfo.size() - 1);
        assertThat(last.path("status").asInt()).isEqualTo(200);
        assertThat(last.path("clientCertificate").asBoolean()).isTrue();
    }

    @Test
    @DisplayName(
            "given tls_client_auth with a certificate of another CA, then TLS presents none (the OP names its CA) and the OP refuses the client at its first back-channel call (PAR): par_request_failed")
    void mutualTlsForeignCertificate(KeycloakServer server) {
        String alias = "mtls-foreign";
        RegisteredClient client = registerMtlsClient(server, alias);
        realm.putIdentityProvider(alias, "partner-openid-connect", mtlsConfig(client, foreignKeystore));
        realm.clearEvents();
        mtlsOp.reset();

        PartnerLoginFlow.Outcome outcome = PartnerFixture.login(server, realm, alias, "alice", "alice-password");

        assertThat(outcome.success()).isFalse();
        assertThat(mtlsOp.parRequests()).singleElement().satisfies(t -> {
            // the JDK sends only a certificate of a CA the server's certificate request names
            assertThat(t.path("clientCertificate").asBoolean()).isFalse();
            assertThat(t.path("status").asInt()).isEqualTo(401);
            assertThat(t.path("error").asText()).isEqualTo("invalid_client");
        });
        assertThat(mtlsOp.tokenRequests()).isEmpty();
        assertThat(reasons()).contains("par_request_failed");
    }

    @Test
    @DisplayName("given tls_client_auth without a TLS client keystore, then saving is refused with the English message")
    void tlsClientAuthNeedsKeystore() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("clientId", "mtls-client");
        config.put("metadataDescriptorUrl", mtlsOp.discoveryUri().toString());
        config.put("clientAuthMethod", "tls_client_auth");

        KeycloakAdminClient.Response answer =
                realm.tryIdentityProvider("mtls-no-keystore", "partner-openid-connect", config);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("errorMessage").asText())
                .isEqualTo("Client authentication tls_client_auth needs a \"TLS client keystore file\".");
    }

    private static void putDpopPartner(KeycloakServer server, OidcProviderPeer op, String alias, String mode) {
        Map<String, Object> metadata = PartnerFixture.clientMetadata(server, realm, alias, "code");
        metadata.put("dpop_bound_access_tokens", true);
        RegisteredClient client = op.registerClient(metadata);
        Map<String, String> config = PartnerFixture.idpConfig(op, client, "code");
        config.put("dpopMode", mode);
        realm.putIdentityProvider(alias, "partner-openid-connect", config);
    }

    private static RegisteredClient registerMtlsClient(KeycloakServer server, String alias) {
        Map<String, Object> metadata = PartnerFixture.clientMetadata(server, realm, alias, "code");
        metadata.put("token_endpoint_auth_method", "tls_client_auth");
        metadata.put("tls_client_auth_subject_dn", "CN=" + CLIENT_CN);
        metadata.put("tls_client_certificate_bound_access_tokens", true);
        return mtlsOp.registerClient(metadata);
    }

    private static Map<String, String> mtlsConfig(RegisteredClient client, Path keystore) {
        Map<String, String> config = PartnerFixture.idpConfig(mtlsOp, client, "code");
        config.remove("clientSecret");
        config.put("clientAuthMethod", "tls_client_auth");
        config.put("tlsClientKeystore", keystore.toAbsolutePath().toString());
        config.put("tlsClientKeystoreType", "PKCS12");
        config.put("tlsClientKeystorePassword", TestVault.put(realm.name(), "mtls-store", STORE_PASSWORD));
        config.put("tlsTruststore", truststore.toAbsolutePath().toString());
        config.put("tlsTruststorePassword", TestVault.put(realm.name(), "mtls-trust", STORE_PASSWORD));
        return config;
    }

    private static List<String> reasons() {
        return realm.loginErrors().stream()
                .map(e -> e.path("details").path("reason").asText())
                .toList();
    }
}
