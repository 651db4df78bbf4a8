package io.github.kcpartner.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the keys that decrypt a partner's JWEs come from: the client secret (dir, A*KW,
 * A*GCMKW; OIDC Core 10.2 derivation) or private keys (RSA for RSA1_5 / RSA-OAEP /
 * RSA-OAEP-256, EC for ECDH-ES*) from a keystore or from the realm's encryption keys.
 */
public interface DecryptionKeys {

    /** One private key; {@code kid} may be {@code null} (e.g. a keystore entry). */
    record DecryptionKey(String kid, PrivateKey key) {
        @Override
        public String toString() {
            return "DecryptionKey[kid=" + kid + ", alg=" + (key == null ? null : key.getAlgorithm()) + "]";
        }
    }

    /**
     * Decrypters for the keys that may have encrypted a JWE with this header.
     *
     * @throws TokenValidationException {@code unknown_key} when no key matches
     */
    List<JWEDecrypter> decryptersFor(JWEHeader header, KeyManagementAlgorithm alg, ContentEncryption enc)
            throws TokenValidationException;

    /** dir / A*KW / A*GCMKW with keys derived from the client secret. */
    static DecryptionKeys clientSecret(String clientSecret) {
        if (clientSecret == null || clientSecret.isEmpty()) {
            throw new IllegalArgumentException("Symmetric JWE decryption needs a client secret");
        }
        return new ClientSecretDecryptionKeys(clientSecret);
    }

    /** RSA or EC private keys, matched by {@code kid} when the JWE header names one. */
    static DecryptionKeys privateKeys(List<DecryptionKey> keys) {
        return new PrivateKeyDecryptionKeys(keys);
    }

    /** Private JWKs (RSA or EC with private parts), e.g. the realm's encryption keys. */
    static DecryptionKeys privateJwks(List<JWK> jwks) {
        List<DecryptionKey> keys = new ArrayList<>();
        for (JWK jwk : jwks) {
            if (jwk instanceof AsymmetricJWK asym && jwk.isPrivate()) {
                try {
                    keys.add(new DecryptionKey(jwk.getKeyID(), asym.toPrivateKey()));
                } catch (JOSEException e) {
                    throw new IllegalArgumentException("Unusable private JWK " + jwk.getKeyID(), e);
                }
            }
        }
        return privateKeys(keys);
    }

    /** The private key under {@code alias} in a keystore (see {@link KeyStores}). */
    static DecryptionKeys keyStore(KeyStore keyStore, String alias, char[] keyPassword) {
        try {
            Key key = keyStore.getKey(alias, keyPassword);
            if (!(key instanceof PrivateKey privateKey)) {
                throw new IllegalArgumentException("No private key under alias " + alias);
            }
            return privateKeys(List.of(new DecryptionKey(null, privateKey)));
        } catch (KeyStoreException | NoSuchAlgorithmException | UnrecoverableKeyException e) {
            throw new IllegalArgumentException("Cannot read the private key under alias " + alias, e);
        }
    }
}
