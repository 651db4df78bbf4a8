package io.github.kcpartner.jose;

import static io.github.kcpartner.jose.TestSupport.NOW;
import static io.github.kcpartner.jose.TestSupport.validClaims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import com.nimbusds.openid.connect.sdk.claims.CodeHash;
import java.util.Date;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IdTokenValidatorTest {

    private static final IdTokenExpectations BACK = IdTokenExpectations.tokenEndpoint("n-1", "at-1");

    private static IdTokenValidator validator(SignatureAlgorithm alg) {
        return validator(JoseProfile.signed(alg, TestSupport.verificationKeys(alg)));
    }

    private static IdTokenValidator validator(JoseProfile profile) {
        return new IdTokenValidator(
                IdTokenPolicy.of(TestSupport.ISSUER, TestSupport.CLIENT_ID, profile, 30), TestSupport.fixedClock());
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
    @DisplayName("Given a valid RS256 token, then the claims come back")
    void valid() throws Exception {
        assertThat(validator(SignatureAlgorithm.RS256)
                        .validate(rs256(validClaims().build()), BACK)
                        .getSubject())
                .isEqualTo("user-42");
    }

    @Test
    void wrongIssuer() {
        assertReason(
                () -> validator(SignatureAlgorithm.RS256)
                        .validate(
                                rs256(validClaims()
                                        .issuer("https://evil.example")
                                        .build()),
                                BACK),
                TokenValidationException.INVALID_ISSUER);
    }

    @Test
    void wrongAudience() {
        assertReason(
                () -> validator(SignatureAlgorithm.RS256)
                        .validate(rs256(validClaims().audience("other").build()), BACK),
                TokenValidationException.INVALID_AUDIENCE);
    }

    @Test
    @DisplayName("Given several audiences, then azp must be present and be our client_id")
    void azp() throws Exception {
        IdTokenValidator v = validator(SignatureAlgorithm.RS256);
        assertReason(
                () -> v.validate(
                        rs256(validClaims()
                                .audience(List.of(TestSupport.CLIENT_ID, "x"))
                                .build()),
                        BACK),
                TokenValidationException.INVALID_AZP);
        assertReason(
                () -> v.validate(rs256(validClaims().claim("azp", "x").build()), BACK),
                TokenValidationException.INVALID_AZP);
        assertThat(v.validate(
                        rs256(validClaims()
                                .audience(List.of(TestSupport.CLIENT_ID, "x"))
                                .claim("azp", TestSupport.CLIENT_ID)
                                .build()),
                        BACK))
                .isNotNull();
    }

    @Test
    void badSignature() {
        String other = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-sig-1").build(),
                validClaims().build()) {
            {
                try {
                    sign(new RSASSASigner(TestSupport.rsa("rsa-sig-1")));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }.serialize();
        assertReason(
                () -> validator(SignatureAlgorithm.RS256).validate(other, BACK),
                TokenValidationException.INVALID_SIGNATURE);
    }

    @Test
    @DisplayName("Given RS256 expected and an HS256 token MACed with the RSA public key, then unexpected_alg")
    void algConfusion() throws Exception {
        SignedJWT forged = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-sig-1").build(),
                validClaims().build());
        forged.sign(new MACSigner(TestSupport.RSA.toRSAPublicKey().getEncoded()));
        assertReason(
                () -> validator(SignatureAlgorithm.RS256).validate(forged.serialize(), BACK),
                TokenValidationException.UNEXPECTED_ALG);
        // Even if HS256 were configured against the partner's JWK set, its RSA key is never an HMAC key.
        IdTokenValidator misconfigured = validator(
                JoseProfile.signed(SignatureAlgorithm.HS256, TestSupport.verificationKeys(SignatureAlgorithm.RS256)));
        assertReason(() -> misconfigured.validate(forged.serialize(), BACK), TokenValidationException.UNKNOWN_KEY);
    }

    @Test
    @DisplayName("Given ES256 expected and an ES384 token, then unexpected_alg")
    void otherAlgOfSameFamily() {
        assertReason(
                () -> validator(SignatureAlgorithm.ES256)
                        .validate(
                                TestSupport.sign(
                                        SignatureAlgorithm.ES384, validClaims().build()),
                                BACK),
                TokenValidationException.UNEXPECTED_ALG);
    }

    @Test
    @DisplayName("Given HS256 with a client secret shorter than 256 bits, then weak_client_secret")
    void weakSecret() throws Exception {
        SignedJWT jwt =
                new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), validClaims().build());
        jwt.sign(new MACSigner(TestSupport.SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        IdTokenValidator v =
                validator(JoseProfile.signed(SignatureAlgorithm.HS256, VerificationKeys.clientSecret("short")));
        assertReason(() -> v.validate(jwt.serialize(), BACK), TokenValidationException.WEAK_CLIENT_SECRET);
    }

    @Test
    void expiredBeyondSkew() throws Exception {
        IdTokenValidator v = validator(SignatureAlgorithm.RS256);
        assertReason(
                () -> v.validate(
                        rs256(validClaims()
                                .expirationTime(Date.from(NOW.minusSeconds(31)))
                                .build()),
                        BACK),
                TokenValidationException.EXPIRED);
        assertThat(v.validate(
                        rs256(validClaims()
                                .expirationTime(Date.from(NOW.minusSeconds(29)))
                                .build()),
                        BACK))
                .isNotNull();
    }

    @Test
    void timeClaims() {
        IdTokenValidator v = validator(SignatureAlgorithm.RS256);
        assertReason(
                () -> v.validate(
                        rs256(validClaims()
                                .notBeforeTime(Date.from(NOW.plusSeconds(60)))
                                .build()),
                        BACK),
                TokenValidationException.NOT_YET_VALID);
        assertReason(
                () -> v.validate(
                        rs256(validClaims()
                                .issueTime(Date.from(NOW.plusSeconds(60)))
                                .build()),
                        BACK),
                TokenValidationException.ISSUED_IN_FUTURE);
        assertReason(
                () -> v.validate(rs256(validClaims().issueTime(null).build()), BACK),
                TokenValidationException.MISSING_CLAIM);
        assertReason(
                () -> v.validate(rs256(validClaims().expirationTime(null).build()), BACK),
                TokenValidationException.MISSING_CLAIM);
        assertReason(
                () -> v.validate(rs256(validClaims().subject(null).build()), BACK),
                TokenValidationException.MISSING_CLAIM);
    }

    @Test
    void maxAge() throws Exception {
        IdTokenValidator v = validator(SignatureAlgorithm.RS256);
        IdTokenExpectations maxAge = BACK.withMaxAge(600);
        assertReason(() -> v.validate(rs256(validClaims().build()), maxAge), TokenValidationException.MISSING_CLAIM);
        assertReason(
                () -> v.validate(
                        rs256(validClaims()
                                .claim("auth_time", NOW.minusSeconds(700).getEpochSecond())
                                .build()),
                        maxAge),
                TokenValidationException.AUTH_TIME_TOO_OLD);
        assertThat(v.validate(
                        rs256(validClaims()
                                .claim("auth_time", NOW.minusSeconds(500).getEpochSecond())
                                .build()),
                        maxAge))
                .isNotNull();
    }

    @Test
    void badNonce() {
        IdTokenValidator v = validator(SignatureAlgorithm.RS256);
        assertReason(
                () -> v.validate(rs256(validClaims().claim("nonce", "n-2").build()), BACK),
                TokenValidationException.INVALID_NONCE);
        assertReason(
                () -> v.validate(rs256(validClaims().claim("nonce", null).build()), BACK),
                TokenValidationException.INVALID_NONCE);
    }

    @Test
    @org.junit.jupiter.api.DisplayName("a login without a nonce of ours fails closed, whatever nonce the token carries")
    void noExpectedNonceFailsClosed() {
        IdTokenValidator v = validator(SignatureAlgorithm.RS256);
        for (String expected : new String[] {null, ""}) {
            IdTokenExpectations none = IdTokenExpectations.tokenEndpoint(expected, "at-1");
            assertReason(() -> v.validate(rs256(validClaims().build()), none), TokenValidationException.INVALID_NONCE);
            assertReason(
                    () -> v.validate(rs256(validClaims().claim("nonce", null).build()), none),
                    TokenValidationException.INVALID_NONCE);
        }
    }

    @Test
    @DisplayName("Given at_hash and c_hash computed per alg (ES384: SHA-384), then they pass; altered, they fail")
    void hashes() throws Exception {
        IdTokenValidator v = validator(SignatureAlgorithm.ES384);
        String at = AccessTokenHash.compute(new BearerAccessToken("at-1"), JWSAlgorithm.ES384)
                .getValue();
        String c = CodeHash.compute(new AuthorizationCode("code-1"), JWSAlgorithm.ES384)
                .getValue();
        IdTokenExpectations hybrid =
                IdTokenExpectations.authorizationEndpoint("code id_token token", "n-1", "at-1", "code-1");
        assertThat(v.validate(
                        TestSupport.sign(
                                SignatureAlgorithm.ES384,
                                validClaims()
                                        .claim("at_hash", at)
                                        .claim("c_hash", c)
                                        .build()),
                        hybrid))
                .isNotNull();
        assertReason(
                () -> v.validate(
                        TestSupport.sign(
                                SignatureAlgorithm.ES384,
                                validClaims()
                                        .claim("at_hash", at)
                                        .claim("c_hash", c)
                                        .build()),
                        IdTokenExpectations.authorizationEndpoint("code id_token token", "n-1", "at-2", "code-1")),
                TokenValidationException.INVALID_AT_HASH);
        assertReason(
                () -> v.validate(
                        TestSupport.sign(
                                SignatureAlgorithm.ES384,
                                validClaims()
                                        .claim("at_hash", at)
                                        .claim("c_hash", c)
                                        .build()),
                        IdTokenExpectations.authorizationEndpoint("code id_token token", "n-1", "at-1", "code-2")),
                TokenValidationException.INVALID_C_HASH);
        // a SHA-256 hash under ES384 is wrong
        String at256 = AccessTokenHash.compute(new BearerAccessToken("at-1"), JWSAlgorithm.RS256)
                .getValue();
        assertReason(
                () -> v.validate(
                        TestSupport.sign(
                                SignatureAlgorithm.ES384,
                                validClaims().claim("at_hash", at256).build()),
                        BACK),
                TokenValidationException.INVALID_AT_HASH);
    }

    @Test
    @DisplayName(
            "Given front-channel hybrid/implicit tokens, then c_hash / at_hash are required; at the token endpoint not")
    void requiredHashes() throws Exception {
        IdTokenValidator v = validator(SignatureAlgorithm.RS256);
        String bare = rs256(validClaims().build());
        assertReason(
                () -> v.validate(
                        bare, IdTokenExpectations.authorizationEndpoint("code id_token", "n-1", null, "code-1")),
                TokenValidationException.MISSING_C_HASH);
        assertReason(
                () -> v.validate(
                        bare, IdTokenExpectations.authorizationEndpoint("id_token token", "n-1", "at-1", null)),
                TokenValidationException.MISSING_AT_HASH);
        assertReason(
                () -> v.validate(
                        bare,
                        IdTokenExpectations.authorizationEndpoint("code id_token token", "n-1", "at-1", "code-1")),
                TokenValidationException.MISSING_AT_HASH);
        assertThat(v.validate(bare, IdTokenExpectations.authorizationEndpoint("id_token", "n-1", null, null)))
                .isNotNull();
        assertThat(v.validate(bare, BACK)).isNotNull();
    }

    @Test
    @DisplayName("Given an unsigned token, then it passes only with none configured and over the back channel")
    void noneRules() throws Exception {
        String unsigned = new PlainJWT(validClaims().build()).serialize();
        assertReason(
                () -> validator(SignatureAlgorithm.RS256).validate(unsigned, BACK),
                TokenValidationException.ALG_NONE_NOT_ALLOWED);
        IdTokenValidator none = validator(JoseProfile.signed(SignatureAlgorithm.NONE, null));
        assertReason(
                () -> none.validate(unsigned, IdTokenExpectations.authorizationEndpoint("id_token", "n-1", null, null)),
                TokenValidationException.ALG_NONE_NOT_ALLOWED);
        assertThat(none.validate(unsigned, BACK)).isNotNull();
        // configured none, but a signed token arrives: we hold no key for it
        assertReason(() -> none.validate(rs256(validClaims().build()), BACK), TokenValidationException.UNEXPECTED_ALG);
    }

    @Test
    @DisplayName("Given a JWS signed with an unknown kid against static keys, then unknown_key")
    void unknownKidStatic() throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("other").build(),
                validClaims().build());
        jwt.sign(new RSASSASigner(TestSupport.RSA));
        assertReason(
                () -> validator(SignatureAlgorithm.RS256).validate(jwt.serialize(), BACK),
                TokenValidationException.UNKNOWN_KEY);
    }

    @Test
    @DisplayName("Given a token carrying its own key in the jwk header, then that key is never trusted")
    void embeddedJwkIgnored() throws Exception {
        com.nimbusds.jose.jwk.RSAKey attacker = TestSupport.rsa("rsa-sig-1");
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID("rsa-sig-1")
                        .jwk(attacker.toPublicJWK())
                        .build(),
                validClaims().build());
        jwt.sign(new RSASSASigner(attacker));
        assertReason(
                () -> validator(SignatureAlgorithm.RS256).validate(jwt.serialize(), BACK),
                TokenValidationException.INVALID_SIGNATURE);
    }

    @Test
    @DisplayName("Given a validator shared by threads, then concurrent validations all succeed")
    void threadSafe() throws Exception {
        IdTokenValidator v = validator(SignatureAlgorithm.ES256);
        String token = TestSupport.sign(SignatureAlgorithm.ES256, validClaims().build());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<JWTClaimsSet>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                results.add(pool.submit(() -> v.validate(token, BACK)));
            }
            for (java.util.concurrent.Future<JWTClaimsSet> f : results) {
                assertThat(f.get().getSubject()).isEqualTo("user-42");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void malformed() {
        IdTokenValidator v = validator(SignatureAlgorithm.RS256);
        assertReason(() -> v.validate("not-a-token", BACK), TokenValidationException.MALFORMED_TOKEN);
        assertReason(() -> v.validate("", BACK), TokenValidationException.MALFORMED_TOKEN);
        assertReason(() -> v.validate(null, BACK), TokenValidationException.MALFORMED_TOKEN);
    }

    @Test
    @DisplayName("Given encryption configured, then plain tokens, other alg/enc and wrong keys are rejected")
    void encryptionRules() throws Exception {
        String inner = rs256(validClaims().build());
        JoseProfile profile = new JoseProfile(
                SignatureAlgorithm.RS256,
                TestSupport.verificationKeys(SignatureAlgorithm.RS256),
                KeyManagementAlgorithm.RSA_OAEP_256,
                ContentEncryption.A256GCM,
                DecryptionKeys.privateJwks(List.of(TestSupport.RSA_ENC)));
        IdTokenValidator v = validator(profile);

        assertReason(() -> v.validate(inner, BACK), TokenValidationException.ENCRYPTION_REQUIRED);
        assertReason(
                () -> v.validate(
                        GeneratedRoundTripTest.encrypt(
                                KeyManagementAlgorithm.RSA_OAEP, ContentEncryption.A256GCM, null, new Payload(inner)),
                        BACK),
                TokenValidationException.UNEXPECTED_ALG);
        assertReason(
                () -> v.validate(
                        GeneratedRoundTripTest.encrypt(
                                KeyManagementAlgorithm.RSA_OAEP_256,
                                ContentEncryption.A128GCM,
                                null,
                                new Payload(inner)),
                        BACK),
                TokenValidationException.UNEXPECTED_ENC);
        IdTokenValidator wrongKey = validator(new JoseProfile(
                SignatureAlgorithm.RS256,
                TestSupport.verificationKeys(SignatureAlgorithm.RS256),
                KeyManagementAlgorithm.RSA_OAEP_256,
                ContentEncryption.A256GCM,
                DecryptionKeys.privateJwks(List.of(TestSupport.rsa("rsa-enc-1")))));
        String token = GeneratedRoundTripTest.encrypt(
                KeyManagementAlgorithm.RSA_OAEP_256, ContentEncryption.A256GCM, null, new Payload(inner));
        assertReason(() -> wrongKey.validate(token, BACK), TokenValidationException.DECRYPTION_FAILED);
        IdTokenValidator otherKid = validator(new JoseProfile(
                SignatureAlgorithm.RS256,
                TestSupport.verificationKeys(SignatureAlgorithm.RS256),
                KeyManagementAlgorithm.RSA_OAEP_256,
                ContentEncryption.A256GCM,
                DecryptionKeys.privateJwks(List.of(TestSupport.rsa("some-other-kid")))));
        assertReason(() -> otherKid.validate(token, BACK), TokenValidationException.UNKNOWN_KEY);
        // the signed token is signed by the wrong key: the nested signature still counts
        String forged = GeneratedRoundTripTest.encrypt(
                KeyManagementAlgorithm.RSA_OAEP_256,
                ContentEncryption.A256GCM,
                null,
                new Payload(
                        TestSupport.sign(SignatureAlgorithm.ES256, validClaims().build())));
        assertReason(() -> v.validate(forged, BACK), TokenValidationException.UNEXPECTED_ALG);
        // an encrypted but unsigned claims set is an alg-none token
        String unsignedInside = GeneratedRoundTripTest.encrypt(
                KeyManagementAlgorithm.RSA_OAEP_256,
                ContentEncryption.A256GCM,
                null,
                new Payload(validClaims().build().toJSONObject()),
                null);
        assertReason(() -> v.validate(unsignedInside, BACK), TokenValidationException.ALG_NONE_NOT_ALLOWED);
        // unencrypted configuration, encrypted token
        assertReason(
                () -> validator(SignatureAlgorithm.RS256).validate(token, BACK),
                TokenValidationException.UNEXPECTED_ALG);
    }
}
