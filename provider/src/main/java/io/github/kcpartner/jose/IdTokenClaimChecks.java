package io.github.kcpartner.jose;

import static io.github.kcpartner.jose.TokenValidationException.*;

import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** The ID-token claim rules of OIDC Core 3.1.3.7 / 3.2.2.11 / 3.3.2.12, one method per rule. */
final class IdTokenClaimChecks {

    private IdTokenClaimChecks() {}

    static void check(JWTClaimsSet claims, IdTokenPolicy policy, IdTokenExpectations expect, Instant now)
            throws TokenValidationException {
        issuer(claims, policy.issuer());
        require(claims.getSubject(), "sub");
        audience(claims, policy.clientId());
        times(claims, now, policy.clockSkew(), expect.maxAgeSeconds());
        nonce(claims, expect.nonce());
        acr(claims, expect.acrValues());
        hashes(claims, expect, policy.jose().signature());
    }

    static void issuer(JWTClaimsSet claims, String expected) throws TokenValidationException {
        String iss = claims.getIssuer();
        if (!expected.equals(iss)) {
            throw new TokenValidationException(INVALID_ISSUER, "iss " + iss + " is not the expected " + expected);
        }
    }

    static void audience(JWTClaimsSet claims, String clientId) throws TokenValidationException {
        List<String> aud = claims.getAudience();
        if (aud == null || !aud.contains(clientId)) {
            throw new TokenValidationException(INVALID_AUDIENCE, "aud does not contain client_id " + clientId);
        }
        String azp = stringClaim(claims, "azp");
        if (aud.size() > 1 && azp == null) {
            throw new TokenValidationException(INVALID_AZP, "Several audiences but no azp");
        }
        if (azp != null && !azp.equals(clientId)) {
            throw new TokenValidationException(INVALID_AZP, "azp " + azp + " is not client_id " + clientId);
        }
    }

    private static void times(JWTClaimsSet claims, Instant now, Duration skew, Long maxAgeSeconds)
            throws TokenValidationException {
        Instant exp = require(claims.getExpirationTime(), "exp").toInstant();
        if (!now.isBefore(exp.plus(skew))) {
            throw new TokenValidationException(EXPIRED, "Token expired at " + exp);
        }
        Instant iat = require(claims.getIssueTime(), "iat").toInstant();
        if (iat.isAfter(now.plus(skew))) {
            throw new TokenValidationException(ISSUED_IN_FUTURE, "Token issued in the future at " + iat);
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().isAfter(now.plus(skew))) {
            throw new TokenValidationException(NOT_YET_VALID, "Token not valid before " + nbf.toInstant());
        }
        if (maxAgeSeconds != null) {
            Instant authTime =
                    require(dateClaim(claims, "auth_time"), "auth_time").toInstant();
            if (now.isAfter(authTime.plusSeconds(maxAgeSeconds).plus(skew))) {
                throw new TokenValidationException(AUTH_TIME_TOO_OLD, "auth_time " + authTime + " exceeds max_age");
            }
        }
    }

    private static void acr(JWTClaimsSet claims, java.util.Set<String> required) throws TokenValidationException {
        String acr = stringClaim(claims, "acr");
        if (!required.isEmpty() && (acr == null || !required.contains(acr))) {
            throw new TokenValidationException(ACR_NOT_SATISFIED, "acr is not one of the requested acr_values");
        }
    }

    private static void nonce(JWTClaimsSet claims, String expected) throws TokenValidationException {
        // Every login we start sends a nonce: without one there is nothing that binds the token to it.
        if (expected == null || expected.isEmpty()) {
            throw new TokenValidationException(INVALID_NONCE, "no nonce was sent for this login");
        }
        if (!TokenHashes.constantTimeEquals(expected, stringClaim(claims, "nonce"))) {
            throw new TokenValidationException(INVALID_NONCE, "nonce does not match the one sent");
        }
    }

    private static void hashes(JWTClaimsSet claims, IdTokenExpectations expect, SignatureAlgorithm alg)
            throws TokenValidationException {
        String atHash = stringClaim(claims, "at_hash");
        if (atHash == null && expect.atHashRequired()) {
            throw new TokenValidationException(MISSING_AT_HASH, "at_hash is required for " + expect.responseType());
        }
        if (atHash != null
                && expect.accessToken() != null
                && !TokenHashes.accessTokenMatches(atHash, expect.accessToken(), alg)) {
            throw new TokenValidationException(INVALID_AT_HASH, "at_hash does not match the access token");
        }
        String cHash = stringClaim(claims, "c_hash");
        if (cHash == null && expect.cHashRequired()) {
            throw new TokenValidationException(MISSING_C_HASH, "c_hash is required for " + expect.responseType());
        }
        if (cHash != null && expect.code() != null && !TokenHashes.codeMatches(cHash, expect.code(), alg)) {
            throw new TokenValidationException(INVALID_C_HASH, "c_hash does not match the code");
        }
    }

    private static <T> T require(T value, String name) throws TokenValidationException {
        if (value == null) {
            throw new TokenValidationException(MISSING_CLAIM, "Required claim " + name + " is missing");
        }
        return value;
    }

    static String stringClaim(JWTClaimsSet claims, String name) throws TokenValidationException {
        try {
            return claims.getStringClaim(name);
        } catch (ParseException e) {
            throw new TokenValidationException(MALFORMED_TOKEN, "Claim " + name + " is not a string", e);
        }
    }

    private static Date dateClaim(JWTClaimsSet claims, String name) throws TokenValidationException {
        try {
            return claims.getDateClaim(name);
        } catch (ParseException e) {
            throw new TokenValidationException(MALFORMED_TOKEN, "Claim " + name + " is not a date", e);
        }
    }
}
