package io.github.kcpartner.it.partner;

import io.github.kcpartner.it.harness.TestRealm;
import io.github.kcpartner.it.harness.TestVault;
import io.github.kcpartner.it.op.OidcProviderPeer;
import io.github.kcpartner.it.op.RegisteredClient;
import io.github.kcpartner.testsupport.tls.CertRequest;
import io.github.kcpartner.testsupport.tls.KeyAlgorithm;
import io.github.kcpartner.testsupport.tls.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Our (the relying party's) signing keys for a test class: an RSA and an EC P-256 key, each in a
 * PKCS12 keystore in the partner files directory (labels {@code sig-rsa}, {@code sig-ec}), and the
 * provider settings that sign client assertions and request objects with one of them.
 */
public final class RpSigningKeys {

    private static final String PASSWORD = "rp-sig-password";

    private final Path rsaStore;
    private final Path ecStore;

    private RpSigningKeys(Path rsaStore, Path ecStore) {
        this.rsaStore = rsaStore;
        this.ecStore = ecStore;
    }

    /** New keys under {@code conf/partner/<dir>} of the test server's home. */
    public static RpSigningKeys create(String dir) {
        Path home = Path.of(System.getProperty("kc.home"), "conf", "partner", dir);
        try {
            Files.createDirectories(home);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        TestPki pki = TestPki.create(dir);
        Path rsa = pki.issue(CertRequest.client(dir + "-rsa").withKeyAlgorithm(KeyAlgorithm.RSA_2048))
                .writePkcs12(home.resolve("sig-rsa.p12"), "sig-rsa", PASSWORD.toCharArray());
        Path ec = pki.issue(CertRequest.client(dir + "-ec").withKeyAlgorithm(KeyAlgorithm.EC_P256))
                .writePkcs12(home.resolve("sig-ec.p12"), "sig-ec", PASSWORD.toCharArray());
        return new RpSigningKeys(rsa, ec);
    }

    /**
     * The provider config of {@code client} at the OP peer with private_key_jwt signed by our
     * {@code keyType} key ({@code rsa} or {@code ec}) and {@code alg}; no client secret.
     */
    Map<String, String> privateKeyJwt(
            OidcProviderPeer op, RegisteredClient client, TestRealm realm, String alg, String keyType) {
        return privateKeyJwt(PartnerFixture.idpConfig(op, client, "code"), realm, alg, keyType);
    }

    /**
     * {@code config} (changed and returned) with private_key_jwt signed by our {@code keyType} key
     * ({@code rsa} or {@code ec}) and {@code alg} instead of a client secret.
     */
    public Map<String, String> privateKeyJwt(Map<String, String> config, TestRealm realm, String alg, String keyType) {
        config.remove("clientSecret");
        config.put("clientAuthMethod", "private_key_jwt");
        config.put("clientAssertionSigningAlg", alg);
        config.put("clientAssertionKeystore", store(keyType).toAbsolutePath().toString());
        config.put("clientAssertionKeystoreType", "PKCS12");
        config.put("clientAssertionKeystorePassword", TestVault.put(realm.name(), "rp-sig-keystore", PASSWORD));
        config.put("clientAssertionKeyLabel", "sig-" + keyType);
        return config;
    }

    /** The keystore file of our {@code keyType} key ({@code rsa} or {@code ec}; label {@code sig-<keyType>}). */
    public Path store(String keyType) {
        return "rsa".equals(keyType) ? rsaStore : ecStore;
    }

    /** The password of both keystores and their keys. */
    public static char[] password() {
        return PASSWORD.toCharArray();
    }

    /** Our JWKS for provider {@code alias}: where the partner reads our public keys. */
    public static String jwksUri(io.github.kcpartner.it.harness.KeycloakServer server, TestRealm realm, String alias) {
        return server.baseUrl() + "/realms/" + realm.name() + "/partner-oidc/" + alias + "/jwks";
    }
}
