package io.github.kcpartner.it.faultyop;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Authorization codes (single use) and access tokens, each bound to the grant that made it. */
final class Grants {

    /** What one authorization request granted. */
    record Grant(
            String clientId,
            String redirectUri,
            String nonce,
            String codeChallenge,
            String codeChallengeMethod,
            String scope,
            Instant authTime,
            User user,
            String acrValues) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, Grant> accessTokens = new ConcurrentHashMap<>();

    String issueCode(Grant grant) {
        String code = random();
        codes.put(code, grant);
        return code;
    }

    /** The grant of {@code code}, which is spent by this call; null if unknown or spent. */
    Grant redeemCode(String code) {
        return code == null ? null : codes.remove(code);
    }

    String issueAccessToken(Grant grant) {
        String token = random();
        accessTokens.put(token, grant);
        return token;
    }

    Grant forAccessToken(String token) {
        return token == null ? null : accessTokens.get(token);
    }

    static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
