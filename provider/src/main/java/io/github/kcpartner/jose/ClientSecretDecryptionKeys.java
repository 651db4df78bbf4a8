package io.github.kcpartner.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.crypto.AESDecrypter;
import com.nimbusds.jose.crypto.DirectDecrypter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import javax.crypto.SecretKey;

/**
 * Symmetric decrypters (dir, A*KW, A*GCMKW), built once per (alg, enc) pair from keys
 * derived from the client secret (or, for tests of the JOSE layer, one fixed key).
 */
final class ClientSecretDecryptionKeys implements DecryptionKeys {

    private final BiFunction<KeyManagementAlgorithm, ContentEncryption, SecretKey> keyFor;
    private final Map<String, List<JWEDecrypter>> cache = new ConcurrentHashMap<>();

    ClientSecretDecryptionKeys(String clientSecret) {
        this.keyFor = (alg, enc) -> ClientSecretKeys.forKeyManagement(clientSecret, alg, enc);
    }

    private ClientSecretDecryptionKeys(SecretKey fixed) {
        this.keyFor = (alg, enc) -> fixed;
    }

    /** A fixed symmetric key instead of the client-secret derivation. */
    static ClientSecretDecryptionKeys fixedKey(SecretKey key) {
        return new ClientSecretDecryptionKeys(key);
    }

    @Override
    public List<JWEDecrypter> decryptersFor(JWEHeader header, KeyManagementAlgorithm alg, ContentEncryption enc)
            throws TokenValidationException {
        if (!alg.usesClientSecret()) {
            throw new TokenValidationException(
                    TokenValidationException.UNKNOWN_KEY, "The client secret cannot decrypt alg " + alg.id());
        }
        String cacheKey = alg.kind() == KeyManagementAlgorithm.Kind.DIRECT ? alg.id() + "/" + enc.id() : alg.id();
        List<JWEDecrypter> decrypters = cache.get(cacheKey);
        if (decrypters == null) {
            try {
                JWEDecrypter d = alg.kind() == KeyManagementAlgorithm.Kind.DIRECT
                        ? new DirectDecrypter(keyFor.apply(alg, enc))
                        : new AESDecrypter(keyFor.apply(alg, enc));
                decrypters = List.of(d);
            } catch (JOSEException e) {
                throw new TokenValidationException(
                        TokenValidationException.DECRYPTION_FAILED,
                        "Cannot derive a key for " + alg.id() + "/" + enc.id(),
                        e);
            }
            cache.putIfAbsent(cacheKey, decrypters);
        }
        return decrypters;
    }
}
