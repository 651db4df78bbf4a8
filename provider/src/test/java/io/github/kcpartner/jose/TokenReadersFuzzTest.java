package io.github.kcpartner.jose;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.util.List;
import java.util.Set;

/**
 * Fuzzing (Jazzer) of the token readers that hostile partners and networks feed: the ID token
 * (signed, and signed then encrypted), the userinfo answer (JSON or JWT) and the back-channel
 * logout token. Each gets either raw text or a token correctly signed (and encrypted) around
 * fuzzed claims, so the fuzzer reaches the claim checks and not only the parser. The only
 * exception allowed out is {@link TokenValidationException} (a login refused with a reason);
 * anything else would reach Keycloak unchecked and is a finding.
 */
class TokenReadersFuzzTest {

    private static final JoseProfile SIGNED =
            JoseProfile.signed(SignatureAlgorithm.RS256, TestSupport.verificationKeys(SignatureAlgorithm.RS256));
    private static final JoseProfile HMAC =
            JoseProfile.signed(SignatureAlgorithm.HS256, TestSupport.verificationKeys(SignatureAlgorithm.HS256));
    private static final JoseProfile ENCRYPTED = new JoseProfile(
            SignatureAlgorithm.RS256,
            TestSupport.verificationKeys(SignatureAlgorithm.RS256),
            KeyManagementAlgorithm.RSA_OAEP_256,
            ContentEncryption.A256GCM,
            DecryptionKeys.privateJwks(List.of(TestSupport.RSA_ENC)));
    /** Unsigned: plain JSON userinfo is read only then. */
    private static final JoseProfile NONE = JoseProfile.signed(SignatureAlgorithm.NONE, null);

    private static final List<JoseProfile> PROFILES = List.of(SIGNED, HMAC, ENCRYPTED, NONE);

    @FuzzTest(maxDuration = "30s")
    void tokens(FuzzedDataProvider data) {
        JoseProfile profile = data.pickValue(PROFILES);
        int target = data.consumeInt(0, 2);
        boolean wellFormed = data.consumeBoolean();
        String token = wellFormed ? token(profile, data.consumeString(2000)) : data.consumeRemainingAsString();
        if (token == null) {
            return;
        }
        IdTokenPolicy policy = IdTokenPolicy.of(TestSupport.ISSUER, TestSupport.CLIENT_ID, profile, 5);
        try {
            switch (target) {
                case 0 ->
                    new IdTokenValidator(policy, TestSupport.fixedClock())
                            .validate(
                                    token,
                                    new IdTokenExpectations(
                                            "n-1", "at", "code", "code id_token", wellFormed, 300L, Set.of("gold")));
                case 1 ->
                    new UserInfoValidator(TestSupport.ISSUER, TestSupport.CLIENT_ID, profile)
                            .validate(
                                    wellFormed && profile != NONE ? "application/jwt" : "application/json",
                                    token,
                                    "user-42");
                default -> new LogoutTokenValidator(policy, TestSupport.fixedClock()).validate(token);
            }
        } catch (TokenValidationException expected) {
            // refused with a reason: what must happen to hostile input
        }
    }

    /** A token signed (and, for the encrypted profile, encrypted) as the profile expects, around fuzzed claims. */
    private static String token(JoseProfile profile, String claimsJson) {
        JWTClaimsSet claims;
        try {
            claims = JWTClaimsSet.parse(claimsJson);
        } catch (ParseException | RuntimeException e) {
            // not a claims set (Nimbus answers "null" with a NullPointerException): nothing to sign
            return null;
        }
        if (profile == NONE) {
            return new com.nimbusds.jwt.PlainJWT(claims).serialize();
        }
        String signed = TestSupport.sign(profile == HMAC ? SignatureAlgorithm.HS256 : SignatureAlgorithm.RS256, claims);
        if (profile != ENCRYPTED) {
            return signed;
        }
        JWEObject jwe = new JWEObject(
                new JWEHeader.Builder(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM)
                        .contentType("JWT")
                        .keyID(TestSupport.RSA_ENC.getKeyID())
                        .build(),
                new Payload(signed));
        try {
            jwe.encrypt(new RSAEncrypter(TestSupport.RSA_ENC.toRSAPublicKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwe.serialize();
    }
}
