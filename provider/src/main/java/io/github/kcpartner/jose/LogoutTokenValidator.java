package io.github.kcpartner.jose;

import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Validates a partner's back-channel logout token (OpenID Connect Back-Channel Logout 1.0, 2.4
 * and 2.6) with the partner's ID-token protection: the pinned {@code alg} and the partner's keys
 * ({@code none} never passes), decrypted first when it arrives as a JWE; {@code iss}; {@code aud}
 * containing our client_id; {@code iat} at most {@link #MAX_AGE} old and not in the future
 * (both with the clock skew); {@code exp}, when present, not passed; {@code jti}; the
 * back-channel logout event; {@code sid} or {@code sub}; and no {@code nonce}. Replay of a
 * {@code jti} is the caller's to refuse (it needs a store shared by the cluster). Its reasons are
 * those of {@link TokenValidationException} plus the three below; they never reach a login event.
 * Thread-safe.
 */
public final class LogoutTokenValidator {

    public static final String BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

    /** A logout token without the back-channel logout event (an ID token, say). */
    public static final String NOT_A_LOGOUT_TOKEN = "not_a_logout_token";
    /** A logout token with a nonce (Back-Channel Logout 1.0, 2.4: it must have none). */
    public static final String NONCE_NOT_ALLOWED = "nonce_not_allowed";
    /** A logout token whose jti was accepted before (checked by the caller). */
    public static final String REPLAYED_TOKEN = "replayed_token";

    /** How old a logout token may be: it is sent as the partner's session ends. */
    public static final Duration MAX_AGE = Duration.ofMinutes(2);

    private final IdTokenPolicy policy;
    private final Clock clock;

    public LogoutTokenValidator(IdTokenPolicy policy, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @return the validated claims
     * @throws TokenValidationException with the reason code of the first failed check
     */
    public JWTClaimsSet validate(String token) throws TokenValidationException {
        JoseProfile jose = policy.jose();
        boolean jwe = token != null && token.chars().filter(c -> c == '.').count() == 4;
        if (!jwe && jose.encrypted()) {
            // encryption of logout tokens is optional (2.4); the signature is what counts
            jose = JoseProfile.signed(jose.signature(), jose.verificationKeys());
        }
        // front channel: an unsigned token never passes
        JWTClaimsSet claims = IdTokenValidator.claimsOf(new SecuredTokenReader(jose).read(token, false));
        checkIssuerAndAudience(claims);
        checkTimes(claims);
        checkLogoutClaims(claims);
        return claims;
    }

    private void checkIssuerAndAudience(JWTClaimsSet claims) throws TokenValidationException {
        if (!policy.issuer().equals(claims.getIssuer())) {
            throw new TokenValidationException(
                    TokenValidationException.INVALID_ISSUER,
                    "iss " + claims.getIssuer() + " is not the expected " + policy.issuer());
        }
        List<String> aud = claims.getAudience();
        if (aud == null || !aud.contains(policy.clientId())) {
            throw new TokenValidationException(
                    TokenValidationException.INVALID_AUDIENCE, "aud does not contain client_id " + policy.clientId());
        }
    }

    private void checkTimes(JWTClaimsSet claims) throws TokenValidationException {
        Instant now = clock.instant();
        Duration skew = policy.clockSkew();
        Date iat = claims.getIssueTime();
        if (iat == null) {
            throw new TokenValidationException(TokenValidationException.MISSING_CLAIM, "Logout token without iat");
        }
        if (iat.toInstant().isAfter(now.plus(skew))) {
            throw new TokenValidationException(
                    TokenValidationException.ISSUED_IN_FUTURE, "Logout token issued in the future: " + iat);
        }
        if (iat.toInstant().plus(MAX_AGE).plus(skew).isBefore(now)) {
            throw new TokenValidationException(
                    TokenValidationException.EXPIRED, "Logout token issued at " + iat + ", longer ago than " + MAX_AGE);
        }
        Date exp = claims.getExpirationTime();
        if (exp != null && !now.isBefore(exp.toInstant().plus(skew))) {
            throw new TokenValidationException(TokenValidationException.EXPIRED, "Logout token expired at " + exp);
        }
    }

    /** The kind of token first (events, no nonce), so an ID token is refused as not_a_logout_token. */
    private static void checkLogoutClaims(JWTClaimsSet claims) throws TokenValidationException {
        Map<String, Object> events;
        try {
            events = claims.getJSONObjectClaim("events");
        } catch (ParseException e) {
            throw new TokenValidationException(NOT_A_LOGOUT_TOKEN, "events is not a JSON object", e);
        }
        if (events == null || !events.containsKey(BACKCHANNEL_LOGOUT_EVENT)) {
            throw new TokenValidationException(NOT_A_LOGOUT_TOKEN, "No back-channel logout event in the token");
        }
        if (claims.getClaim("nonce") != null) {
            throw new TokenValidationException(NONCE_NOT_ALLOWED, "A logout token must not carry a nonce");
        }
        if (claims.getJWTID() == null || claims.getJWTID().isBlank()) {
            throw new TokenValidationException(TokenValidationException.MISSING_CLAIM, "Logout token without jti");
        }
        if (blank(claims.getClaim("sid")) && blank(claims.getSubject())) {
            throw new TokenValidationException(
                    TokenValidationException.MISSING_CLAIM, "Logout token with neither sid nor sub");
        }
    }

    private static boolean blank(Object value) {
        return value == null || String.valueOf(value).isBlank();
    }
}
