package io.github.kcpartner.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import java.text.ParseException;
import java.util.List;
import java.util.Objects;

/**
 * Decrypts a compact JWE whose {@code alg} and {@code enc} must equal the configured ones.
 * Content compressed with {@code zip: DEF} is inflated by Nimbus within its size limits.
 */
public final class JweTokenDecrypter {

    private final KeyManagementAlgorithm alg;
    private final ContentEncryption enc;
    private final DecryptionKeys keys;

    public JweTokenDecrypter(KeyManagementAlgorithm alg, ContentEncryption enc, DecryptionKeys keys) {
        if (alg == KeyManagementAlgorithm.NONE || enc == ContentEncryption.NONE) {
            throw new IllegalArgumentException("Decryption needs a key-management and a content-encryption alg");
        }
        this.alg = alg;
        this.enc = enc;
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** Decrypts a compact JWE and returns its payload. */
    public Payload decrypt(String compactJwe) throws TokenValidationException {
        try {
            return decrypt(JWEObject.parse(compactJwe));
        } catch (ParseException e) {
            throw new TokenValidationException(TokenValidationException.MALFORMED_TOKEN, "Not a compact JWE", e);
        }
    }

    Payload decrypt(JWEObject jwe) throws TokenValidationException {
        JWEHeader header = jwe.getHeader();
        String headerAlg = header.getAlgorithm().getName();
        if (!headerAlg.equals(alg.id())) {
            throw new TokenValidationException(
                    TokenValidationException.UNEXPECTED_ALG,
                    "JWE alg " + headerAlg + " but " + alg.id() + " is configured");
        }
        String headerEnc = header.getEncryptionMethod() == null
                ? null
                : header.getEncryptionMethod().getName();
        if (!enc.id().equals(headerEnc)) {
            throw new TokenValidationException(
                    TokenValidationException.UNEXPECTED_ENC,
                    "JWE enc " + headerEnc + " but " + enc.id() + " is configured");
        }
        List<JWEDecrypter> decrypters = keys.decryptersFor(header, alg, enc);
        JOSEException last = null;
        for (JWEDecrypter decrypter : decrypters) {
            try {
                jwe.decrypt(decrypter);
                return jwe.getPayload();
            } catch (JOSEException e) {
                last = e;
            }
        }
        throw new TokenValidationException(
                TokenValidationException.DECRYPTION_FAILED,
                "JWE " + headerAlg + "/" + headerEnc + " kid " + header.getKeyID() + " could not be decrypted",
                last);
    }
}
