package io.github.kcpartner.it.faultyop;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The OP's signing keys: the current set (published), a rotated set (published only while
 * {@link Fault#ROTATE_KEYS} is on somewhere) and an unpublished set for {@link Fault#UNKNOWN_KID}.
 * The current set is generated in the background from construction on (RSA key generation takes
 * up to a second on a busy machine) and awaited on first use; the other two on first use.
 */
final class OpKeys {

    /** Which of the three key sets a token is signed with. */
    enum Generation {
        CURRENT,
        ROTATED,
        UNPUBLISHED
    }

    /** One key per family: RSA 2048 and EC P-256, P-384, P-521. */
    record KeySet(RSAKey rsa, ECKey p256, ECKey p384, ECKey p521) {

        JWK forAlg(JWSAlgorithm alg) {
            if (JWSAlgorithm.ES256.equals(alg)) {
                return p256;
            }
            if (JWSAlgorithm.ES384.equals(alg)) {
                return p384;
            }
            if (JWSAlgorithm.ES512.equals(alg)) {
                return p521;
            }
            if (JWSAlgorithm.Family.RSA.contains(alg)) {
                return rsa;
            }
            throw new IllegalArgumentException("no asymmetric key for " + alg);
        }

        List<JWK> all() {
            return List.of(rsa, p256, p384, p521);
        }

        static KeySet generate(String label) {
            String tag = label + "-" + UUID.randomUUID().toString().substring(0, 8);
            try {
                return new KeySet(
                        new RSAKeyGenerator(2048)
                                .keyID(tag + "-rsa")
                                .keyUse(KeyUse.SIGNATURE)
                                .generate(),
                        ec(Curve.P_256, tag + "-p256"),
                        ec(Curve.P_384, tag + "-p384"),
                        ec(Curve.P_521, tag + "-p521"));
            } catch (JOSEException e) {
                throw new IllegalStateException("cannot generate OP keys", e);
            }
        }

        private static ECKey ec(Curve curve, String kid) throws JOSEException {
            return new ECKeyGenerator(curve).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        }
    }

    private final CompletableFuture<KeySet> current = CompletableFuture.supplyAsync(() -> KeySet.generate("op"));
    private volatile KeySet rotated;
    private volatile KeySet unpublished;

    KeySet current() {
        return current.join();
    }

    KeySet get(Generation generation) {
        switch (generation) {
            case ROTATED:
                return rotated();
            case UNPUBLISHED:
                return unpublished();
            default:
                return current();
        }
    }

    /** The public JWKS; the rotated keys join it while a rotation is in force. */
    String publicJwksJson(boolean rotationInForce) {
        List<JWK> keys = new ArrayList<>(current().all());
        if (rotationInForce) {
            keys.addAll(rotated().all());
        }
        return new JWKSet(keys).toPublicJWKSet().toString();
    }

    private KeySet rotated() {
        KeySet set = rotated;
        if (set == null) {
            synchronized (this) {
                if (rotated == null) {
                    rotated = KeySet.generate("rotated");
                }
                set = rotated;
            }
        }
        return set;
    }

    private KeySet unpublished() {
        KeySet set = unpublished;
        if (set == null) {
            synchronized (this) {
                if (unpublished == null) {
                    unpublished = KeySet.generate("unpublished");
                }
                set = unpublished;
            }
        }
        return set;
    }
}
