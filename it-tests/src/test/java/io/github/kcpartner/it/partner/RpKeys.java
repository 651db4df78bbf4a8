package io.github.kcpartner.it.partner;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import io.github.kcpartner.testsupport.tls.CertRequest;
import io.github.kcpartner.testsupport.tls.IssuedCert;
import io.github.kcpartner.testsupport.tls.KeyAlgorithm;
import io.github.kcpartner.testsupport.tls.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;

/**
 * Our (the relying party's) decryption keys for a test run: an RSA and an EC P-256 key, each in
 * a PKCS12 keystore on disk that Keycloak reads ("decryption certificate database + label"),
 * and their public halves as a JWK set for the OP's client registration.
 */
final class RpKeys {

    static final String PASSWORD = "rp-keystore-password";

    private final Path rsaStore;
    private final Path ecStore;
    private final JWKSet publicJwks;

    private RpKeys(Path rsaStore, Path ecStore, JWKSet publicJwks) {
        this.rsaStore = rsaStore;
        this.ecStore = ecStore;
        this.publicJwks = publicJwks;
    }

    static RpKeys create(Path dir) throws Exception {
        Files.createDirectories(dir);
        TestPki pki = TestPki.create("rp-encryption");
        IssuedCert rsa = pki.issue(CertRequest.client("rp-enc-rsa").withKeyAlgorithm(KeyAlgorithm.RSA_2048));
        IssuedCert ec = pki.issue(CertRequest.client("rp-enc-ec").withKeyAlgorithm(KeyAlgorithm.EC_P256));
        Path rsaStore = rsa.writePkcs12(dir.resolve("rp-enc-rsa.p12"), "enc-rsa", PASSWORD.toCharArray());
        Path ecStore = ec.writePkcs12(dir.resolve("rp-enc-ec.p12"), "enc-ec", PASSWORD.toCharArray());
        JWKSet jwks = new JWKSet(List.of(
                new RSAKey.Builder((RSAPublicKey) rsa.certificate().getPublicKey())
                        .keyUse(KeyUse.ENCRYPTION)
                        .keyID("enc-rsa")
                        .build(),
                new ECKey.Builder(Curve.P_256, (ECPublicKey) ec.certificate().getPublicKey())
                        .keyUse(KeyUse.ENCRYPTION)
                        .keyID("enc-ec")
                        .build()));
        return new RpKeys(rsaStore, ecStore, jwks);
    }

    /** The public keys, as the {@code jwks} member of a client registration. */
    Map<String, Object> publicJwks() {
        return publicJwks.toJSONObject(true);
    }

    /** One public key by id ({@code enc-rsa} or {@code enc-ec}). */
    com.nimbusds.jose.jwk.JWK publicKey(String kid) {
        return publicJwks.getKeyByKeyId(kid);
    }

    /**
     * Keycloak-side settings of the decryption keystore that fits {@code keyManagement}, its
     * password in {@code realm}'s vault.
     */
    Map<String, String> decryptionConfig(String keyManagement, String realm) {
        boolean ec = keyManagement.startsWith("ECDH");
        return Map.of(
                "decryptionKeystore",
                (ec ? ecStore : rsaStore).toAbsolutePath().toString(),
                "decryptionKeystoreType",
                "PKCS12",
                "decryptionKeystorePassword",
                io.github.kcpartner.it.harness.TestVault.put(realm, "rp_keystore", PASSWORD),
                "decryptionKeyLabel",
                ec ? "enc-ec" : "enc-rsa");
    }
}
