package io.github.kcpartner.jose;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.claims.HashClaim;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code at_hash} / {@code c_hash}: the base64url left half of the hash whose size matches
 * the ID token's alg (SHA-256 for *256, SHA-384 for *384, SHA-512 for *512). For {@code none},
 * which names no hash, SHA-256 is used.
 */
final class TokenHashes {

    private TokenHashes() {
    }

    static boolean accessTokenMatches(String claim, String accessToken, SignatureAlgorithm alg) {
        String expected = HashClaim.computeValue(new BearerAccessToken(accessToken), hashAlg(alg));
        return constantTimeEquals(claim, expected);
    }

    static boolean codeMatches(String claim, String code, SignatureAlgorithm alg) {
        String expected = HashClaim.computeValue(new AuthorizationCode(code), hashAlg(alg));
        return constantTimeEquals(claim, expected);
    }

    private static JWSAlgorithm hashAlg(SignatureAlgorithm alg) {
        return alg == SignatureAlgorithm.NONE ? JWSAlgorithm.HS256 : alg.jws();
    }

    static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
