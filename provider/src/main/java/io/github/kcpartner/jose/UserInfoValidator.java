package io.github.kcpartner.jose;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Validates a UserInfo response: plain JSON ({@code application/json}), or a signed and/or
 * encrypted JWT ({@code application/jwt}) protected as the {@link JoseProfile} says. A JWT's
 * {@code iss} and {@code aud}, when present, must be the partner and our client_id; {@code sub}
 * must equal the ID token's {@code sub} (OIDC Core 5.3.2). Thread-safe.
 */
public final class UserInfoValidator {

    private final String issuer;
    private final String clientId;
    private final JoseProfile profile;
    private final SecuredTokenReader reader;

    public UserInfoValidator(String issuer, String clientId, JoseProfile profile) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.reader = new SecuredTokenReader(profile);
    }

    /**
     * @param contentType the response's Content-Type (parameters allowed)
     * @param body        the response body
     * @param idTokenSub  the {@code sub} of the validated ID token
     * @return the UserInfo claims
     */
    public Map<String, Object> validate(String contentType, String body, String idTokenSub)
            throws TokenValidationException {
        String type = contentType == null
                ? ""
                : contentType.toLowerCase(Locale.ROOT).split(";")[0].trim();
        Map<String, Object> claims = "application/jwt".equals(type) ? fromJwt(body) : fromJson(body);
        if (claims == null) {
            // a JSON body that parses to no object at all (found by fuzzing: a NullPointerException before;
            // the regression input is TokenReadersFuzzTestInputs/tokens/crash-3f9fbda3...)
            throw new TokenValidationException(
                    TokenValidationException.MALFORMED_TOKEN, "UserInfo is not a JSON object");
        }
        Object sub = claims.get("sub");
        if (!(sub instanceof String s) || !s.equals(idTokenSub)) {
            throw new TokenValidationException(
                    TokenValidationException.USERINFO_SUB_MISMATCH, "UserInfo sub does not match the ID token sub");
        }
        return claims;
    }

    private Map<String, Object> fromJson(String body) throws TokenValidationException {
        if (profile.encrypted()) {
            throw new TokenValidationException(
                    TokenValidationException.ENCRYPTION_REQUIRED,
                    "Plain JSON UserInfo but " + profile.keyManagement().id() + " is configured");
        }
        if (profile.signature() != SignatureAlgorithm.NONE) {
            throw new TokenValidationException(
                    TokenValidationException.UNEXPECTED_ALG,
                    "Plain JSON UserInfo but " + profile.signature().id() + " is configured");
        }
        try {
            return JSONObjectUtils.parse(body);
        } catch (ParseException e) {
            throw new TokenValidationException(
                    TokenValidationException.MALFORMED_TOKEN, "UserInfo is not a JSON object", e);
        }
    }

    private Map<String, Object> fromJwt(String body) throws TokenValidationException {
        JWTClaimsSet claims = IdTokenValidator.claimsOf(reader.read(body == null ? null : body.trim(), true));
        if (claims.getIssuer() != null) {
            IdTokenClaimChecks.issuer(claims, issuer);
        }
        List<String> aud = claims.getAudience();
        if (aud != null && !aud.isEmpty() && !aud.contains(clientId)) {
            throw new TokenValidationException(
                    TokenValidationException.INVALID_AUDIENCE, "UserInfo aud does not contain client_id " + clientId);
        }
        return claims.toJSONObject();
    }
}
