package io.github.kcpartner.it.op;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.AESDecrypter;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;

/**
 * JOSE for the peer's own test, through Nimbus: read JWS/JWE headers and payloads, check HS
 * signatures, decrypt the JWE variants the test uses. Symmetric keys are derived from the client
 * secret as OIDC Core 10.2 says (and oidc-provider does): the left-most bytes of
 * SHA-256/384/512(secret) for keys of up to 32/48/64 bytes.
 */
final class Jose {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Jose() {}

    static JsonNode header(String compact) {
        return MAPPER.valueToTree(parse(compact).getHeader().toJSONObject());
    }

    static JsonNode payload(String jws) {
        try {
            return MAPPER.readTree(parse(jws).getPayload().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isJwe(String compact) {
        return parse(compact) instanceof JWEObject;
    }

    /** Verifies an HS256/384/512 JWS keyed with the raw client secret. */
    static boolean verifyHmac(String jws, String secret) throws GeneralSecurityException {
        try {
            return JWSObject.parse(jws).verify(new MACVerifier(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (ParseException | JOSEException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** Decrypts a compact JWE made with a key from the client secret (dir, A*KW, A*GCMKW). */
    static String decrypt(String jwe, String clientSecret) throws GeneralSecurityException {
        return decrypt(jwe, clientSecret, null, null);
    }

    /**
     * Decrypts a compact JWE: alg dir, A*KW, A*GCMKW (client secret), RSA-OAEP(-256/384/512) (RSA
     * key), ECDH-ES(+A*KW) (EC key); enc A*GCM or A*CBC-HS*.
     */
    static String decrypt(String jwe, String clientSecret, PrivateKey rsaKey, ECPrivateKey ecKey)
            throws GeneralSecurityException {
        try {
            JWEObject object = JWEObject.parse(jwe);
            JWEAlgorithm alg = object.getHeader().getAlgorithm();
            EncryptionMethod enc = object.getHeader().getEncryptionMethod();
            JWEDecrypter decrypter;
            if (JWEAlgorithm.DIR.equals(alg)) {
                decrypter = new DirectDecrypter(new SecretKeySpec(derive(clientSecret, enc.cekBitLength() / 8), "AES"));
            } else if (JWEAlgorithm.Family.AES_KW.contains(alg) || JWEAlgorithm.Family.AES_GCM_KW.contains(alg)) {
                decrypter = new AESDecrypter(
                        derive(clientSecret, Integer.parseInt(alg.getName().substring(1, 4)) / 8));
            } else if (JWEAlgorithm.Family.RSA.contains(alg)) {
                decrypter = new RSADecrypter(rsaKey);
            } else if (JWEAlgorithm.Family.ECDH_ES.contains(alg)) {
                decrypter = new ECDHDecrypter(ecKey);
            } else {
                throw new IllegalArgumentException("test helper cannot decrypt alg " + alg);
            }
            object.decrypt(decrypter);
            return object.getPayload().toString();
        } catch (ParseException | JOSEException e) {
            throw new GeneralSecurityException(e);
        }
    }

    static byte[] derive(String secret, int length) throws GeneralSecurityException {
        String digest = length <= 32 ? "SHA-256" : length <= 48 ? "SHA-384" : "SHA-512";
        byte[] hash = MessageDigest.getInstance(digest).digest(secret.getBytes(StandardCharsets.UTF_8));
        return Arrays.copyOf(hash, length);
    }

    /** Public JWK of an RSA encryption key ({@code alg} null: any RSA-OAEP variant). */
    static Map<String, Object> publicJwk(RSAPublicKey key, String kid, String alg) {
        return new RSAKey.Builder(key)
                .keyID(kid)
                .keyUse(KeyUse.ENCRYPTION)
                .algorithm(alg == null ? null : JWEAlgorithm.parse(alg))
                .build()
                .toJSONObject();
    }

    /** Public JWK of a P-256 encryption key ({@code alg} null: any ECDH-ES variant). */
    static Map<String, Object> publicJwk(ECPublicKey key, String kid, String alg) {
        return new ECKey.Builder(Curve.P_256, key)
                .keyID(kid)
                .keyUse(KeyUse.ENCRYPTION)
                .algorithm(alg == null ? null : JWEAlgorithm.parse(alg))
                .build()
                .toJSONObject();
    }

    private static JOSEObject parse(String compact) {
        try {
            return JOSEObject.parse(compact);
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a compact JOSE object", e);
        }
    }
}
