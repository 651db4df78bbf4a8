package io.github.kcpartner.it.faultyop;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/** Signs claims as the registered alg says, unless a signing fault says otherwise. */
final class TokenSigner {

    private static final List<List<JWSAlgorithm>> SIBLINGS = List.of(
            List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512),
            List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512),
            List.of(JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512),
            List.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512));

    private final OpKeys keys;

    TokenSigner(OpKeys keys) {
        this.keys = keys;
    }

    /** The alg the JOSE header will carry under {@code faults}. */
    static JWSAlgorithm effectiveAlg(JWSAlgorithm registered, Set<Fault> faults) {
        if (faults.contains(Fault.ALG_CONFUSION)) {
            return JWSAlgorithm.HS256;
        }
        return faults.contains(Fault.WRONG_ALG) ? sibling(registered) : registered;
    }

    /** The next alg of the same family (RS256 to RS384, ..., RS512 to RS256); none becomes RS256. */
    static JWSAlgorithm sibling(JWSAlgorithm alg) {
        for (List<JWSAlgorithm> family : SIBLINGS) {
            int at = family.indexOf(alg);
            if (at >= 0) {
                return family.get((at + 1) % family.size());
            }
        }
        return JWSAlgorithm.RS256;
    }

    static boolean isNone(JWSAlgorithm alg) {
        return ClientSettings.NONE.equals(alg);
    }

    /** The compact JWT: signed (or unsecured for none) with at most the faults' defects. */
    String sign(JWTClaimsSet claims, JWSAlgorithm registered, String clientSecret, Set<Fault> faults) {
        JWSAlgorithm alg = effectiveAlg(registered, faults);
        if (isNone(alg)) {
            return new PlainJWT(claims).serialize();
        }
        try {
            JWSHeader.Builder header = new JWSHeader.Builder(alg).type(JOSEObjectType.JWT);
            JWSSigner signer;
            if (faults.contains(Fault.ALG_CONFUSION)) {
                RSAKey rsa = keys.current().rsa();
                header.keyID(rsa.getKeyID());
                signer = new MACSigner(rsa.toRSAPublicKey().getEncoded());
            } else if (JWSAlgorithm.Family.HMAC_SHA.contains(alg)) {
                signer = new MACSigner(clientSecret.getBytes(StandardCharsets.UTF_8));
            } else {
                JWK key = keys.get(generation(faults)).forAlg(alg);
                header.keyID(key.getKeyID());
                signer = key instanceof ECKey ? new ECDSASigner((ECKey) key) : new RSASSASigner((RSAKey) key);
            }
            SignedJWT jwt = new SignedJWT(header.build(), claims);
            jwt.sign(signer);
            return faults.contains(Fault.BAD_SIGNATURE) ? flipSignature(jwt) : jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign with " + alg, e);
        }
    }

    private static OpKeys.Generation generation(Set<Fault> faults) {
        if (faults.contains(Fault.UNKNOWN_KID)) {
            return OpKeys.Generation.UNPUBLISHED;
        }
        return faults.contains(Fault.ROTATE_KEYS) ? OpKeys.Generation.ROTATED : OpKeys.Generation.CURRENT;
    }

    private static String flipSignature(SignedJWT jwt) {
        String[] parts = jwt.serialize().split("\\.");
        byte[] signature = jwt.getSignature().decode();
        signature[signature.length / 2] ^= 0x01;
        return parts[0] + "." + parts[1] + "." + Base64URL.encode(signature);
    }
}
