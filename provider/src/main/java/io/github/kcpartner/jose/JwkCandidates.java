package io.github.kcpartner.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An immutable list of public signature keys with their verifiers built once, and the
 * selection rule: same key type (and curve for EC) as the expected algorithm, {@code use}
 * absent or {@code sig}, {@code alg} absent or equal, {@code kid} equal when both sides
 * carry one. Symmetric keys from a JWK set are never used.
 */
final class JwkCandidates {

    private record Candidate(JWK jwk, JWSVerifier verifier) {}

    private final List<Candidate> candidates;

    private JwkCandidates(List<Candidate> candidates) {
        this.candidates = candidates;
    }

    static JwkCandidates of(List<JWK> keys) {
        List<Candidate> list = new ArrayList<>();
        for (JWK jwk : keys) {
            JWSVerifier verifier = verifierFor(jwk);
            if (verifier != null) {
                list.add(new Candidate(jwk, verifier));
            }
        }
        return new JwkCandidates(List.copyOf(list));
    }

    private static JWSVerifier verifierFor(JWK jwk) {
        try {
            if (jwk instanceof RSAKey rsa) {
                return new RSASSAVerifier(rsa.toRSAPublicKey());
            }
            if (jwk instanceof ECKey ec && ECDSAVerifier.SUPPORTED_CURVES.contains(ec.getCurve())) {
                return new ECDSAVerifier(ec.toECPublicKey());
            }
        } catch (JOSEException e) {
            return null;
        }
        return null;
    }

    List<JWSVerifier> select(JWSHeader header, SignatureAlgorithm alg) {
        String kid = header.getKeyID();
        List<JWSVerifier> out = new ArrayList<>(1);
        for (Candidate c : candidates) {
            JWK jwk = c.jwk();
            if (!jwk.getKeyType().equals(alg.keyType())) {
                continue;
            }
            if (alg.curve() != null && !alg.curve().equals(((ECKey) jwk).getCurve())) {
                continue;
            }
            if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
                continue;
            }
            if (jwk.getAlgorithm() != null && !jwk.getAlgorithm().getName().equals(alg.id())) {
                continue;
            }
            if (kid != null && jwk.getKeyID() != null && !Objects.equals(kid, jwk.getKeyID())) {
                continue;
            }
            out.add(c.verifier());
        }
        return out;
    }

    int size() {
        return candidates.size();
    }
}
