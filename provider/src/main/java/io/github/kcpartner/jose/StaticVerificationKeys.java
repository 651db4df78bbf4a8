package io.github.kcpartner.jose;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWK;
import java.util.List;

/** Verification keys fixed at configuration time: a checked-in certificate or a JWK list. */
final class StaticVerificationKeys implements VerificationKeys {

    private final JwkCandidates keys;

    StaticVerificationKeys(List<JWK> keys) {
        this.keys = JwkCandidates.of(keys);
    }

    @Override
    public List<JWSVerifier> verifiersFor(JWSHeader header, SignatureAlgorithm alg) throws TokenValidationException {
        List<JWSVerifier> selected = keys.select(header, alg);
        if (selected.isEmpty()) {
            throw new TokenValidationException(
                    TokenValidationException.UNKNOWN_KEY,
                    "No configured key matches alg " + alg.id() + " kid " + header.getKeyID());
        }
        return selected;
    }
}
