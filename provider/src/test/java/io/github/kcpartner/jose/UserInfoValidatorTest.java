package io.github.kcpartner.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.Payload;
import com.nimbusds.jwt.JWTClaimsSet;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class UserInfoValidatorTest {

    private static final String JSON = "{\"sub\":\"user-42\",\"email\":\"a@b.example\"}";

    private static JWTClaimsSet userInfo(String sub) {
        return new JWTClaimsSet.Builder()
                .subject(sub)
                .issuer(TestSupport.ISSUER)
                .audience(TestSupport.CLIENT_ID)
                .claim("email", "a@b.example")
                .build();
    }

    private static UserInfoValidator validator(JoseProfile profile) {
        return new UserInfoValidator(TestSupport.ISSUER, TestSupport.CLIENT_ID, profile);
    }

    private static void assertReason(ThrowingCallable call, String reason) {
        assertThatThrownBy(call)
                .isInstanceOf(TokenValidationException.class)
                .extracting(e -> ((TokenValidationException) e).reason())
                .isEqualTo(reason);
    }

    @Test
    void plainJson() throws Exception {
        UserInfoValidator v = validator(JoseProfile.signed(SignatureAlgorithm.NONE, null));
        assertThat(v.validate("application/json; charset=utf-8", JSON, "user-42"))
                .containsEntry("email", "a@b.example");
        assertReason(
                () -> v.validate("application/json", JSON, "user-7"), TokenValidationException.USERINFO_SUB_MISMATCH);
        assertReason(
                () -> v.validate("application/json", "{\"email\":\"x\"}", "user-42"),
                TokenValidationException.USERINFO_SUB_MISMATCH);
        assertReason(() -> v.validate("application/json", "[1]", "user-42"), TokenValidationException.MALFORMED_TOKEN);
    }

    @Test
    void signedJwt() throws Exception {
        UserInfoValidator v = validator(
                JoseProfile.signed(SignatureAlgorithm.ES256, TestSupport.verificationKeys(SignatureAlgorithm.ES256)));
        String jwt = TestSupport.sign(SignatureAlgorithm.ES256, userInfo("user-42"));
        assertThat(v.validate("application/jwt", jwt, "user-42")).containsEntry("email", "a@b.example");
        assertReason(
                () -> v.validate(
                        "application/jwt", TestSupport.sign(SignatureAlgorithm.ES256, userInfo("user-7")), "user-42"),
                TokenValidationException.USERINFO_SUB_MISMATCH);
        assertReason(() -> v.validate("application/json", JSON, "user-42"), TokenValidationException.UNEXPECTED_ALG);
        assertReason(
                () -> v.validate(
                        "application/jwt",
                        TestSupport.sign(
                                SignatureAlgorithm.ES256,
                                new JWTClaimsSet.Builder(userInfo("user-42"))
                                        .issuer("https://evil.example")
                                        .build()),
                        "user-42"),
                TokenValidationException.INVALID_ISSUER);
        assertReason(
                () -> v.validate(
                        "application/jwt",
                        TestSupport.sign(
                                SignatureAlgorithm.ES256,
                                new JWTClaimsSet.Builder(userInfo("user-42"))
                                        .audience("other")
                                        .build()),
                        "user-42"),
                TokenValidationException.INVALID_AUDIENCE);
        assertReason(
                () -> v.validate(
                        "application/jwt", TestSupport.sign(SignatureAlgorithm.RS256, userInfo("user-42")), "user-42"),
                TokenValidationException.UNEXPECTED_ALG);
    }

    @Test
    void encryptedNestedJwt() throws Exception {
        JoseProfile profile = new JoseProfile(
                SignatureAlgorithm.RS256,
                TestSupport.verificationKeys(SignatureAlgorithm.RS256),
                KeyManagementAlgorithm.A256KW,
                ContentEncryption.A128CBC_HS256,
                DecryptionKeys.clientSecret(TestSupport.SECRET));
        String jwe = GeneratedRoundTripTest.encrypt(
                KeyManagementAlgorithm.A256KW,
                ContentEncryption.A128CBC_HS256,
                null,
                new Payload(TestSupport.sign(SignatureAlgorithm.RS256, userInfo("user-42"))));
        UserInfoValidator v = validator(profile);
        assertThat(v.validate("application/jwt", jwe, "user-42")).containsEntry("sub", "user-42");
        assertReason(
                () -> v.validate("application/jwt", jwe, "user-7"), TokenValidationException.USERINFO_SUB_MISMATCH);
        assertReason(
                () -> v.validate("application/json", JSON, "user-42"), TokenValidationException.ENCRYPTION_REQUIRED);
    }

    @Test
    @DisplayName("Given encryption without signature configured, then an encrypted JSON UserInfo is accepted")
    void encryptedOnly() throws Exception {
        JoseProfile profile = new JoseProfile(
                SignatureAlgorithm.NONE,
                null,
                KeyManagementAlgorithm.RSA_OAEP,
                ContentEncryption.A256GCM,
                DecryptionKeys.privateJwks(List.of(TestSupport.RSA_ENC)));
        String jwe = GeneratedRoundTripTest.encrypt(
                KeyManagementAlgorithm.RSA_OAEP, ContentEncryption.A256GCM, null, new Payload(JSON), null);
        assertThat(validator(profile).validate("application/jwt", jwe, "user-42"))
                .containsEntry("sub", "user-42");
    }
}
