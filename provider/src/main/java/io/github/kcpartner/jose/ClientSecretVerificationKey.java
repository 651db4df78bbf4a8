package io.github.kcpartner.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.impl.MACProvider;
import java.util.List;

/** HS* verification with the client secret's UTF-8 octets as the MAC key. */
final class ClientSecretVerificationKey implements VerificationKeys {

    private final int secretBits;
    private final List<JWSVerifier> verifier;

    ClientSecretVerificationKey(byte[] macKey) {
        this.secretBits = macKey.length * 8;
        List<JWSVerifier> v;
        try {
            v = List.of(new MACVerifier(macKey));
        } catch (JOSEException e) {
            v = List.of(); // shorter than 256 bits: refused in verifiersFor
        }
        this.verifier = v;
    }

    @Override
    public List<JWSVerifier> verifiersFor(JWSHeader header, SignatureAlgorithm alg) throws TokenValidationException {
        if (!alg.isSymmetric()) {
            throw new TokenValidationException(
                    TokenValidationException.UNKNOWN_KEY, "The client secret cannot verify alg " + alg.id());
        }
        int minBits;
        try {
            minBits = MACProvider.getMinRequiredSecretLength(alg.jws());
        } catch (JOSEException e) {
            throw new TokenValidationException(
                    TokenValidationException.UNSUPPORTED_ALG, "Unsupported alg " + alg.id(), e);
        }
        if (verifier.isEmpty() || secretBits < minBits) {
            throw new TokenValidationException(
                    TokenValidationException.WEAK_CLIENT_SECRET,
                    "The client secret is shorter than the " + minBits + " bits " + alg.id() + " requires");
        }
        return verifier;
    }
}
