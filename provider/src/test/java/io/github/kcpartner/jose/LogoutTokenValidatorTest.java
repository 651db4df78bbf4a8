package io.github.kcpartner.jose;

import static io.github.kcpartner.jose.TestSupport.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LogoutTokenValidatorTest {

    private static LogoutTokenValidator validator(SignatureAlgorithm alg) {
        return validator(JoseProfile.signed(alg, TestSupport.verificationKeys(alg)));
    }

    private static LogoutTokenValidator validator(JoseProfile profile) {
        return new LogoutTokenValidator(
                IdTokenPolicy.of(TestSupport.ISSUER, TestSupport.CLIENT_ID, profile, 5), TestSupport.fixedClock());
    }

    /** A logout token that passes every check at {@link TestSupport#NOW}. */
    private static JWTClaimsSet.Builder logoutClaims() {
        return new JWTClaimsSet.Builder()
                .issuer(TestSupport.ISSUER)
                .subject("user-42")
                .audience(TestSupport.CLIENT_ID)
                .issueTime(Date.from(NOW.minusSeconds(3)))
                .jwtID("jti-1")
                .claim("sid", "op-session-1")
                .claim("events", Map.of(LogoutTokenValidator.BACKCHANNEL_LOGOUT_EVENT, Map.of()));
    }

    private static String rs256(JWTClaimsSet claims) {
        return TestSupport.sign(SignatureAlgorithm.RS256, claims);
    }

    private static void assertReason(ThrowingCallable call, String reason) {
        assertThatThrownBy(call)
                .isInstanceOf(TokenValidationException.class)
                .extracting(e -> ((TokenValidationException) e).reason())
                .isEqualTo(reason);
    }

    @Test
    @DisplayName("Given a valid RS256 logout token, then its sid, sub and jti come back")
    void valid() throws Exception {
        JWTClaimsSet claims = validator(SignatureAlgorithm.RS256)
                .validate(rs256(logoutClaims().build()));
        assertThat(claims.getStringClaim("sid")).isEqualTo("op-session-1");
        assertThat(claims.getSubject()).isEqualTo("user-42");
        assertThat(claims.getJWTID()).isEqualTo("jti-1");
    }

    @Test
    @DisplayName("Given ES256 pinned, then an ES256 logout token with only sub passes")
    void es256SubOnly() throws Exception {
        String token = TestSupport.sign(
                SignatureAlgorithm.ES256, logoutClaims().claim("sid", null).build());
        assertThat(validator(SignatureAlgorithm.ES256).validate(token).getSubject())
                .isEqualTo("user-42");
    }

    @Test
    @DisplayName("Given encryption configured, then an encrypted logout token passes, and a signed-only one too")
    void encryptedOrSigned() throws Exception {
        JoseProfile profile = new JoseProfile(
                SignatureAlgorithm.RS256,
                TestSupport.verificationKeys(SignatureAlgorithm.RS256),
                KeyManagementAlgorithm.RSA_OAEP_256,
                ContentEncryption.A256GCM,
                DecryptionKeys.privateJwks(List.of(TestSupport.RSA_ENC)));
        String signed = rs256(logoutClaims().build());
        String encrypted = GeneratedRoundTripTest.encrypt(
                KeyManagementAlgorithm.RSA_OAEP_256, ContentEncryption.A256GCM, null, new Payload(signed));
        assertThat(validator(profile).validate(encrypted).getJWTID()).isEqualTo("jti-1");
        assertThat(validator(profile).validate(signed).getJWTID()).isEqualTo("jti-1");
    }

    @Test
    @DisplayName("Given RS256 pinned, then an ES256 or an unsigned logout token is refused")
    void wrongAlg() {
        assertReason(
                () -> validator(SignatureAlgorithm.RS256)
                        .validate(TestSupport.sign(
                                SignatureAlgorithm.ES256, logoutClaims().build())),
                TokenValidationException.UNEXPECTED_ALG);
        assertReason(
                () -> validator(SignatureAlgorithm.RS256)
                        .validate(new PlainJWT(logoutClaims().build()).serialize()),
                TokenValidationException.ALG_NONE_NOT_ALLOWED);
    }

    @Test
    @DisplayName("Given a logout token signed by another key under the partner's kid, then invalid_signature")
    void wrongKey() throws Exception {
        SignedJWT other = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-sig-1").build(),
                logoutClaims().build());
        other.sign(new RSASSASigner(TestSupport.rsa("rsa-sig-1")));
        assertReason(
                () -> validator(SignatureAlgorithm.RS256).validate(other.serialize()),
                TokenValidationException.INVALID_SIGNATURE);
    }

    @Test
    void wrongIssuer() {
        assertReason(
                () -> validator(SignatureAlgorithm.RS256)
                        .validate(rs256(
                                logoutClaims().issuer("https://evil.example").build())),
                TokenValidationException.INVALID_ISSUER);
    }

    @Test
    void wrongAudience() {
        assertReason(
                () -> validator(SignatureAlgorithm.RS256)
                        .validate(rs256(logoutClaims().audience("other-client").build())),
                TokenValidationException.INVALID_AUDIENCE);
    }

    @Test
    @DisplayName("Given a nonce (an ID token, say), then nonce_not_allowed")
    void noncePresent() {
        assertReason(
                () -> validator(SignatureAlgorithm.RS256)
                        .validate(rs256(logoutClaims().claim("nonce", "n-1").build())),
                LogoutTokenValidator.NONCE_NOT_ALLOWED);
    }

    @Test
    @DisplayName("Given no events, or events without the back-channel logout event, then not_a_logout_token")
    void noEvents() {
        assertReason(
                () -> validator(SignatureAlgorithm.RS256)
                        .validate(rs256(logoutClaims().claim("events", null).build())),
                LogoutTokenValidator.NOT_A_LOGOUT_TOKEN);
        assertReason(
                () -> validator(SignatureAlgorithm.RS256)
                        .validate(rs256(logoutClaims()
                                .claim("events", Map.of("http://schemas.openid.net/event/other", Map.of()))
                                .build())),
                LogoutTokenValidator.NOT_A_LOGOUT_TOKEN);
        assertReason(
                () -> validator(SignatureAlgorithm.RS256)
                        .validate(rs256(logoutClaims()
                                .claim("events", "backchannel-logout")
                                .build())),
                LogoutTokenValidator.NOT_A_LOGOUT_TOKEN);
    }

    @Test
    @DisplayName("Given a valid ID token (nonce, no events), then it is no logout token")
    void idTokenRefused() {
        assertReason(
                () -> validator(SignatureAlgorithm.RS256)
                        .validate(rs256(TestSupport.validClaims().build())),
                LogoutTokenValidator.NOT_A_LOGOUT_TOKEN);
    }

    @Test
    @DisplayName("Given neither sid nor sub, then missing_claim")
    void noSidNorSub() {
        assertReason(
                () -> validator(SignatureAlgorithm.RS256)
                        .validate(rs256(
                                logoutClaims().subject(null).claim("sid", null).build())),
                TokenValidationException.MISSING_CLAIM);
    }

    @Test
    @DisplayName("Given no jti or no iat, then missing_claim")
    void noJtiOrIat() {
        assertReason(
                () -> validator(SignatureAlgorithm.RS256)
                        .validate(rs256(logoutClaims().jwtID(null).build())),
                TokenValidationException.MISSING_CLAIM);
        assertReason(
                () -> validator(SignatureAlgorithm.RS256)
                        .validate(rs256(logoutClaims().issueTime(null).build())),
                TokenValidationException.MISSING_CLAIM);
    }

    @Test
    @DisplayName("Given iat beyond the skew in the future, or older than the maximum age, then refused")
    void iatOutsideWindow() {
        assertReason(
                () -> validator(SignatureAlgorithm.RS256)
                        .validate(rs256(logoutClaims()
                                .issueTime(Date.from(NOW.plusSeconds(6)))
                                .build())),
                TokenValidationException.ISSUED_IN_FUTURE);
        assertReason(
                () -> validator(SignatureAlgorithm.RS256)
                        .validate(rs256(logoutClaims()
                                .issueTime(Date.from(
                                        NOW.minus(LogoutTokenValidator.MAX_AGE).minusSeconds(6)))
                                .build())),
                TokenValidationException.EXPIRED);
        assertReason(
                () -> validator(SignatureAlgorithm.RS256)
                        .validate(rs256(logoutClaims()
                                .expirationTime(Date.from(NOW.minusSeconds(6)))
                                .build())),
                TokenValidationException.EXPIRED);
    }
}
