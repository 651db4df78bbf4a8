package io.github.kcpartner.jose;

import com.nimbusds.jose.Payload;
import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * Validates a partner's ID token: decrypts it if configured, checks that its {@code alg}
 * (and {@code enc}) are the expected ones, verifies the signature, and checks iss, aud/azp,
 * exp, iat, nbf, auth_time, nonce, at_hash and c_hash. Build one per partner configuration
 * and reuse it; it is thread-safe.
 */
public final class IdTokenValidator {

    private final IdTokenPolicy policy;
    private final SecuredTokenReader reader;
    private final Clock clock;

    public IdTokenValidator(IdTokenPolicy policy, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.reader = new SecuredTokenReader(policy.jose());
    }

    public IdTokenValidator(IdTokenPolicy policy) {
        this(policy, Clock.systemUTC());
    }

    /**
     * @return the validated claims
     * @throws TokenValidationException with the reason code of the first failed check
     */
    public JWTClaimsSet validate(String idToken, IdTokenExpectations expectations) throws TokenValidationException {
        Payload payload = reader.read(idToken, expectations.backChannel());
        JWTClaimsSet claims = claimsOf(payload);
        IdTokenClaimChecks.check(claims, policy, expectations, clock.instant());
        return claims;
    }

    static JWTClaimsSet claimsOf(Payload payload) throws TokenValidationException {
        Map<String, Object> json = payload.toJSONObject();
        if (json == null) {
            throw new TokenValidationException(
                    TokenValidationException.MALFORMED_TOKEN, "Payload is not a JSON object");
        }
        try {
            return JWTClaimsSet.parse(json);
        } catch (ParseException e) {
            throw new TokenValidationException(
                    TokenValidationException.MALFORMED_TOKEN, "Payload is not a JWT claims set", e);
        }
    }
}
