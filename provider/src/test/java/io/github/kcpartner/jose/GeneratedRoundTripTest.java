package io.github.kcpartner.jose;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEEncrypter;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.AESEncrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Nimbus signs / encrypts with fresh keys; our validator verifies / decrypts. */
class GeneratedRoundTripTest {

    private static final IdTokenExpectations BACK_CHANNEL = IdTokenExpectations.tokenEndpoint("n-1", null);

    private static IdTokenValidator validator(JoseProfile profile) {
        return new IdTokenValidator(
                IdTokenPolicy.of(TestSupport.ISSUER, TestSupport.CLIENT_ID, profile, 0), TestSupport.fixedClock());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SignatureAlgorithm.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    @DisplayName("Given an ID token signed with each listed alg, then it validates")
    void everySignatureAlgorithm(SignatureAlgorithm alg) throws Exception {
        String token = TestSupport.sign(alg, TestSupport.validClaims().build());

        JWTClaimsSet claims = validator(JoseProfile.signed(alg, TestSupport.verificationKeys(alg)))
                .validate(token, BACK_CHANNEL);

        assertThat(claims.getSubject()).isEqualTo("user-42");
    }

    @Test
    @DisplayName("Given alg none configured and an unsigned token from the token endpoint, then it validates")
    void noneOverBackChannel() throws Exception {
        String token = new PlainJWT(TestSupport.validClaims().build()).serialize();

        JWTClaimsSet claims =
                validator(JoseProfile.signed(SignatureAlgorithm.NONE, null)).validate(token, BACK_CHANNEL);

        assertThat(claims.getSubject()).isEqualTo("user-42");
    }

    /** Every key-management alg with every enc (14 x 6). */
    static Stream<Arguments> encryptionMatrix() {
        List<Arguments> out = new ArrayList<>();
        for (KeyManagementAlgorithm km : KeyManagementAlgorithm.values()) {
            for (ContentEncryption enc : ContentEncryption.values()) {
                if (km != KeyManagementAlgorithm.NONE && enc != ContentEncryption.NONE) {
                    out.add(Arguments.of(km, enc));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("encryptionMatrix")
    @DisplayName("Given a nested RS256 ID token encrypted with each alg/enc pair, then it decrypts and validates")
    void everyEncryptionPair(KeyManagementAlgorithm km, ContentEncryption enc) throws Exception {
        String inner = TestSupport.sign(
                SignatureAlgorithm.RS256, TestSupport.validClaims().build());
        String token = encrypt(km, enc, TestSupport.EC_ENC.get(Curve.P_256), new Payload(inner));
        DecryptionKeys keys = km.usesClientSecret()
                ? DecryptionKeys.clientSecret(TestSupport.SECRET)
                : DecryptionKeys.privateJwks(List.of(TestSupport.RSA_ENC, TestSupport.EC_ENC.get(Curve.P_256)));
        JoseProfile profile = new JoseProfile(
                SignatureAlgorithm.RS256, TestSupport.verificationKeys(SignatureAlgorithm.RS256), km, enc, keys);

        assertThat(validator(profile).validate(token, BACK_CHANNEL).getSubject())
                .isEqualTo("user-42");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = KeyManagementAlgorithm.class,
            names = {"ECDH_ES", "ECDH_ES_A128KW", "ECDH_ES_A256KW"})
    @DisplayName("Given ECDH-ES* to P-384 and P-521 keys among several realm keys, then the kid picks the key")
    void ecdhOtherCurves(KeyManagementAlgorithm km) throws Exception {
        DecryptionKeys keys = DecryptionKeys.privateJwks(new ArrayList<>(TestSupport.EC_ENC.values()));
        for (Curve curve : List.of(Curve.P_384, Curve.P_521)) {
            String inner = TestSupport.sign(
                    SignatureAlgorithm.ES384, TestSupport.validClaims().build());
            String token = encrypt(km, ContentEncryption.A256GCM, TestSupport.EC_ENC.get(curve), new Payload(inner));
            JoseProfile profile = new JoseProfile(
                    SignatureAlgorithm.ES384,
                    TestSupport.verificationKeys(SignatureAlgorithm.ES384),
                    km,
                    ContentEncryption.A256GCM,
                    keys);

            assertThat(validator(profile).validate(token, BACK_CHANNEL).getSubject())
                    .isEqualTo("user-42");
        }
    }

    @Test
    @DisplayName("Given dir + A256CBC-HS512 with a nested HS512 token, then both client-secret keys work")
    void symmetricEverything() throws Exception {
        String inner = TestSupport.sign(
                SignatureAlgorithm.HS512, TestSupport.validClaims().build());
        String token = encrypt(KeyManagementAlgorithm.DIR, ContentEncryption.A256CBC_HS512, null, new Payload(inner));
        JoseProfile profile = new JoseProfile(
                SignatureAlgorithm.HS512,
                VerificationKeys.clientSecret(TestSupport.SECRET),
                KeyManagementAlgorithm.DIR,
                ContentEncryption.A256CBC_HS512,
                DecryptionKeys.clientSecret(TestSupport.SECRET));

        assertThat(validator(profile).validate(token, BACK_CHANNEL).getSubject())
                .isEqualTo("user-42");
    }

    /** Encrypts with Nimbus; symmetric keys derived here independently (BouncyCastle digests). */
    static String encrypt(KeyManagementAlgorithm km, ContentEncryption enc, ECKey ecRecipient, Payload payload)
            throws JOSEException {
        return encrypt(km, enc, ecRecipient, payload, "JWT");
    }

    static String encrypt(
            KeyManagementAlgorithm km, ContentEncryption enc, ECKey ecRecipient, Payload payload, String cty)
            throws JOSEException {
        EncryptionMethod method = EncryptionMethod.parse(enc.id());
        JWEAlgorithm alg = JWEAlgorithm.parse(km.id());
        JWK recipient = switch (km.kind()) {
            case RSA -> TestSupport.RSA_ENC;
            case ECDH -> ecRecipient;
            default -> null;
        };
        JWEEncrypter encrypter = switch (km.kind()) {
            case DIRECT -> new DirectEncrypter(independentKey(method.cekBitLength()));
            case AES_KW, AES_GCM_KW ->
                new AESEncrypter(independentKey(Integer.parseInt(km.id().substring(1, 4))));
            case RSA -> new RSAEncrypter(TestSupport.RSA_ENC.toRSAPublicKey());
            case ECDH -> new ECDHEncrypter(ecRecipient.toECPublicKey());
            case NONE -> throw new IllegalArgumentException();
        };
        JWEObject jwe = new JWEObject(
                new JWEHeader.Builder(alg, method)
                        .contentType(cty)
                        .keyID(recipient == null ? null : recipient.getKeyID())
                        .build(),
                payload);
        jwe.encrypt(encrypter);
        return jwe.serialize();
    }

    /** OIDC Core 10.2, written independently of the production code. */
    static SecretKey independentKey(int bits) {
        Digest digest = bits > 384 ? new SHA512Digest() : bits > 256 ? new SHA384Digest() : new SHA256Digest();
        byte[] in = TestSupport.SECRET.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[digest.getDigestSize()];
        digest.update(in, 0, in.length);
        digest.doFinal(out, 0);
        return new SecretKeySpec(Arrays.copyOfRange(out, 0, bits / 8), "AES");
    }
}
