package io.github.kcpartner.it.partner;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kcpartner.it.harness.KeycloakExtension;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.harness.TestRealm;
import io.github.kcpartner.it.op.OidcProviderPeer;
import io.github.kcpartner.it.op.RegisteredClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every signature family, every key-management algorithm that oidc-provider supports (13) and
 * every content encryption (6), end to end: oidc-provider signs and encrypts the ID token and
 * the userinfo answer, Keycloak with our jar verifies and decrypts them in a browser login.
 */
@ExtendWith(KeycloakExtension.class)
@DisplayName("partner-oidc against oidc-provider: signatures and JWE, ID token and userinfo")
class JoseAlgorithmsIT {

    private static TestRealm realm;
    private static RpKeys rpKeys;

    @BeforeAll
    static void realm(KeycloakServer server) throws Exception {
        realm = TestRealm.create(server, "partner-jose");
        rpKeys = RpKeys.create(Path.of(System.getProperty("kc.home"), "conf", "partner", "rp-keys"));
    }

    @AfterAll
    static void dropRealm() {
        realm.close();
    }

    @AfterEach
    void forgetUsers() {
        realm.deleteUsers();
    }

    @ParameterizedTest(name = "{0} / {1} / {2}")
    @CsvSource({
        // signature families, no encryption
        "HS256, none,           none",
        "HS512, none,           none",
        "RS384, none,           none",
        "PS256, none,           none",
        "ES256, none,           none",
        "ES384, none,           none",
        "ES512, none,           none",
        // the 13 key-management algorithms oidc-provider supports
        "RS256, dir,            A256GCM",
        "RS256, A128KW,         A128CBC-HS256",
        "RS256, A192KW,         A192CBC-HS384",
        "RS256, A256KW,         A256CBC-HS512",
        "RS256, A128GCMKW,      A128GCM",
        "RS256, A192GCMKW,      A192GCM",
        "RS256, A256GCMKW,      A256GCM",
        "ES256, ECDH-ES,        A128GCM",
        "ES256, ECDH-ES+A128KW, A256GCM",
        "RS256, ECDH-ES+A192KW, A128CBC-HS256",
        "PS256, ECDH-ES+A256KW, A256CBC-HS512",
        "RS256, RSA-OAEP,       A256GCM",
        "RS256, RSA-OAEP-256,   A192CBC-HS384",
        // content encryptions not yet paired with an asymmetric algorithm
        "RS256, RSA-OAEP,       A128CBC-HS256",
        "RS256, dir,            A128CBC-HS256",
    })
    @DisplayName("given the OP signs and encrypts ID token and userinfo so, then alice logs in")
    void logsIn(String sig, String km, String enc, KeycloakServer server, OidcProviderPeer op) {
        String alias = ("j-" + sig + "-" + km + "-" + enc).toLowerCase().replace('+', '-');
        Map<String, Object> metadata = PartnerFixture.clientMetadata(server, realm, alias, "code");
        metadata.put("id_token_signed_response_alg", sig);
        metadata.put("userinfo_signed_response_alg", sig);
        if (!"none".equals(km)) {
            metadata.put("id_token_encrypted_response_alg", km);
            metadata.put("id_token_encrypted_response_enc", enc);
            metadata.put("userinfo_encrypted_response_alg", km);
            metadata.put("userinfo_encrypted_response_enc", enc);
            if (km.startsWith("RSA") || km.startsWith("ECDH")) {
                metadata.put("jwks", rpKeys.publicJwks());
            }
        }
        RegisteredClient client = op.registerClient(metadata);
        Map<String, String> config = PartnerFixture.idpConfig(op, client, "code");
        config.put("signatureAlgorithm", sig);
        config.put("keyManagementAlgorithm", km);
        config.put("contentEncryptionAlgorithm", enc);
        if (km.startsWith("RSA") || km.startsWith("ECDH")) {
            config.putAll(rpKeys.decryptionConfig(km, realm.name()));
        }
        realm.putIdentityProvider(alias, "partner-openid-connect", config);
        op.reset();

        PartnerFixture.assertAliceLogsIn(server, realm, alias);
        assertThat(op.userinfoRequests()).as("userinfo was fetched").isNotEmpty();
        assertThat(realm.user("alice")).isNotNull();
    }
}
