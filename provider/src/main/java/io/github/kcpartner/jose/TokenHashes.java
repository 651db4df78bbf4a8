package io.github.kcpartner.jose;

import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * {@code at_hash} / {@code c_hash} (OpenID Connect Core 3.1.3.6, 3.3.2.11): the base64url
 * encoding of the left half of the hash of the value's ASCII octets, with the hash of the ID
 * token's {@code alg} (SHA-256 for *256, SHA-384 for *384, SHA-512 for *512). For {@code none},
 * which names no hash, SHA-256 is used. The JDK computes the digest, Nimbus JOSE encodes it.
 */
final class TokenHashes {

    private TokenHashes() {}

    static boolean accessTokenMatches(String claim, String accessToken, SignatureAlgorithm alg) {
        return constantTimeEquals(claim, of(accessToken, alg));
    }

    static boolean codeMatches(String claim, String code, SignatureAlgorithm alg) {
        return constantTimeEquals(claim, of(code, alg));
    }

    /** The hash claim of {@code value} for an ID token signed with {@code alg}. */
    static String of(String value, SignatureAlgorithm alg) {
        byte[] full = digest(alg).digest(value.getBytes(StandardCharsets.US_ASCII));
        return Base64URL.encode(Arrays.copyOf(full, full.length / 2)).toString();
    }

    private static MessageDigest digest(SignatureAlgorithm alg) {
        String name = alg == SignatureAlgorithm.NONE ? "" : alg.jws().getName();
        String hash = name.endsWith("512") ? "SHA-512" : name.endsWith("384") ? "SHA-384" : "SHA-256";
        try {
            return MessageDigest.getInstance(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(hash + " is not available", e);
        }
    }

    static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
