package io.github.kcpartner.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.PlainObject;
import java.text.ParseException;
import java.util.List;

/**
 * The JOSE layer: decrypts (when the profile says so) and verifies a compact token and
 * returns its payload, whatever the payload is. The header {@code alg}/{@code enc} must equal
 * the profile's; {@code none} (an unsecured JWS, or an encrypted payload that is not a
 * nested JWS) passes only when the profile's algorithm is {@code none} and the token came
 * over the back channel.
 */
final class SecuredTokenReader {

    private final JoseProfile profile;
    private final JweTokenDecrypter decrypter;

    SecuredTokenReader(JoseProfile profile) {
        this.profile = profile;
        this.decrypter = profile.encrypted()
                ? new JweTokenDecrypter(profile.keyManagement(), profile.contentEncryption(), profile.decryptionKeys())
                : null;
    }

    Payload read(String token, boolean backChannel) throws TokenValidationException {
        JOSEObject outer = parse(token);
        if (outer instanceof JWEObject jwe) {
            if (decrypter == null) {
                throw new TokenValidationException(
                        TokenValidationException.UNEXPECTED_ALG,
                        "Encrypted token (alg " + jwe.getHeader().getAlgorithm() + ") but no encryption is configured");
            }
            Payload inner = decrypter.decrypt(jwe);
            JOSEObject nested = nested(jwe, inner);
            if (nested == null) {
                requireNoneAllowed(backChannel, "Encrypted token without a nested signature");
                return inner;
            }
            if (nested instanceof JWEObject) {
                throw new TokenValidationException(TokenValidationException.MALFORMED_TOKEN, "Doubly encrypted token");
            }
            return verify(nested, backChannel);
        }
        if (decrypter != null) {
            throw new TokenValidationException(
                    TokenValidationException.ENCRYPTION_REQUIRED,
                    "Unencrypted token but " + profile.keyManagement().id() + " is configured");
        }
        return verify(outer, backChannel);
    }

    /** Parses by segment count, so the header is decoded once (JOSEObject.parse decodes it twice). */
    private static JOSEObject parse(String token) throws TokenValidationException {
        if (token == null || token.isEmpty()) {
            throw new TokenValidationException(TokenValidationException.MALFORMED_TOKEN, "Empty token");
        }
        try {
            int dots = 0;
            for (int i = 0; i < token.length(); i++) {
                if (token.charAt(i) == '.') {
                    dots++;
                }
            }
            if (dots == 4) {
                return JWEObject.parse(token);
            }
            if (dots == 2 && token.charAt(token.length() - 1) == '.') {
                return PlainObject.parse(token);
            }
            if (dots == 2) {
                return JWSObject.parse(token);
            }
            throw new ParseException("Expected 3 or 5 segments", 0);
        } catch (ParseException e) {
            throw new TokenValidationException(TokenValidationException.MALFORMED_TOKEN, "Not a compact JOSE token", e);
        }
    }

    /** The nested JOSE object if {@code cty} is JWT or the payload parses as one, else {@code null}. */
    private static JOSEObject nested(JWEObject jwe, Payload inner) throws TokenValidationException {
        String text = inner.toString();
        boolean declared = "JWT".equalsIgnoreCase(jwe.getHeader().getContentType());
        if (declared) {
            return parse(text);
        }
        if (text.isEmpty() || text.charAt(0) == '{') {
            return null;
        }
        try {
            return parse(text);
        } catch (TokenValidationException e) {
            return null;
        }
    }

    private Payload verify(JOSEObject object, boolean backChannel) throws TokenValidationException {
        if (object instanceof PlainObject) {
            requireNoneAllowed(backChannel, "Unsigned token (alg none)");
            return object.getPayload();
        }
        JWSObject jws = (JWSObject) object;
        String alg = jws.getHeader().getAlgorithm().getName();
        SignatureAlgorithm expected = profile.signature();
        if (expected == SignatureAlgorithm.NONE || !alg.equals(expected.id())) {
            throw new TokenValidationException(
                    TokenValidationException.UNEXPECTED_ALG,
                    "Token alg " + alg + " but " + expected.id() + " is expected");
        }
        List<JWSVerifier> verifiers = profile.verificationKeys().verifiersFor(jws.getHeader(), expected);
        JOSEException last = null;
        for (JWSVerifier verifier : verifiers) {
            try {
                if (jws.verify(verifier)) {
                    return jws.getPayload();
                }
            } catch (JOSEException e) {
                last = e;
            }
        }
        throw new TokenValidationException(
                TokenValidationException.INVALID_SIGNATURE,
                "Signature (alg " + alg + ", kid " + jws.getHeader().getKeyID() + ") does not verify",
                last);
    }

    private void requireNoneAllowed(boolean backChannel, String what) throws TokenValidationException {
        if (profile.signature() != SignatureAlgorithm.NONE) {
            throw new TokenValidationException(
                    TokenValidationException.ALG_NONE_NOT_ALLOWED,
                    what + " but " + profile.signature().id() + " is expected");
        }
        if (!backChannel) {
            throw new TokenValidationException(
                    TokenValidationException.ALG_NONE_NOT_ALLOWED, what + " outside the back channel");
        }
    }
}
