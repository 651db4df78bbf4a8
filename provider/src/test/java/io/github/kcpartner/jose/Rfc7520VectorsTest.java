package io.github.kcpartner.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 7520 cookbook vectors through our JOSE path (payloads are not JWT claims, so at the JOSE layer). */
class Rfc7520VectorsTest {

    private static Map<String, Object> vector(String dir, String prefix) throws IOException, ParseException {
        Path folder = TestSupport.rfc7520Dir().resolve(dir);
        try (Stream<Path> files = Files.list(folder)) {
            Path file = files.filter(p -> p.getFileName().toString().startsWith(prefix + "."))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no vector " + prefix));
            return JSONObjectUtils.parse(Files.readString(file, StandardCharsets.UTF_8));
        }
    }

    @SuppressWarnings("unchecked")
    private static JWK key(Map<String, Object> v) throws ParseException {
        return JWK.parse((Map<String, Object>) ((Map<String, Object>) v.get("input")).get("key"));
    }

    private static String input(Map<String, Object> v, String field) {
        return (String) ((Map<?, ?>) v.get("input")).get(field);
    }

    private static String compact(Map<String, Object> v) {
        return (String) ((Map<?, ?>) v.get("output")).get("compact");
    }

    static Stream<String> signatureVectors() {
        return Stream.of("4_1", "4_2", "4_3", "4_4");
    }

    private static VerificationKeys verificationKeys(JWK jwk) {
        if (jwk instanceof OctetSequenceKey oct) {
            return new ClientSecretVerificationKey(oct.toByteArray());
        }
        return VerificationKeys.jwkSet(new JWKSet(jwk.toPublicJWK()));
    }

    @ParameterizedTest(name = "JWS {0}")
    @MethodSource("signatureVectors")
    @DisplayName("Given an RFC 7520 JWS vector, then our reader verifies it and returns its payload")
    void verifiesSignatureVectors(String id) throws Exception {
        Map<String, Object> v = vector("jws", id);
        SignatureAlgorithm alg = SignatureAlgorithm.fromId(input(v, "alg")).orElseThrow();
        SecuredTokenReader reader = new SecuredTokenReader(JoseProfile.signed(alg, verificationKeys(key(v))));

        assertThat(reader.read(compact(v), false).toString()).isEqualTo(input(v, "payload"));
    }

    @ParameterizedTest(name = "JWS {0} tampered")
    @MethodSource("signatureVectors")
    @DisplayName("Given an RFC 7520 JWS vector with one payload character changed, then invalid_signature")
    void rejectsTamperedSignatureVectors(String id) throws Exception {
        Map<String, Object> v = vector("jws", id);
        SignatureAlgorithm alg = SignatureAlgorithm.fromId(input(v, "alg")).orElseThrow();
        SecuredTokenReader reader = new SecuredTokenReader(JoseProfile.signed(alg, verificationKeys(key(v))));
        String[] parts = compact(v).split("\\.");
        char c = parts[1].charAt(10);
        parts[1] = parts[1].substring(0, 10) + (c == 'A' ? 'B' : 'A') + parts[1].substring(11);

        assertThatThrownBy(() -> reader.read(String.join(".", parts), false))
                .isInstanceOf(TokenValidationException.class)
                .extracting(e -> ((TokenValidationException) e).reason())
                .isEqualTo(TokenValidationException.INVALID_SIGNATURE);
    }

    static Stream<String> encryptionVectors() {
        return Stream.of("5_1", "5_2", "5_4", "5_5", "5_6", "5_7", "5_8", "5_9");
    }

    private static DecryptionKeys decryptionKeys(JWK jwk) throws Exception {
        if (jwk instanceof OctetSequenceKey oct) {
            return ClientSecretDecryptionKeys.fixedKey(oct.toSecretKey("AES"));
        }
        return DecryptionKeys.privateJwks(List.of(jwk));
    }

    @ParameterizedTest(name = "JWE {0}")
    @MethodSource("encryptionVectors")
    @DisplayName("Given an RFC 7520 compact JWE vector, then our decrypter returns its plaintext")
    void decryptsEncryptionVectors(String id) throws Exception {
        Map<String, Object> v = vector("jwe", id);
        KeyManagementAlgorithm alg =
                KeyManagementAlgorithm.fromId(input(v, "alg")).orElseThrow();
        ContentEncryption enc = ContentEncryption.fromId(input(v, "enc")).orElseThrow();
        JweTokenDecrypter decrypter = new JweTokenDecrypter(alg, enc, decryptionKeys(key(v)));

        assertThat(decrypter.decrypt(compact(v)).toString()).isEqualTo(input(v, "plaintext"));
    }

    @ParameterizedTest(name = "JWE {0} with a wrong key")
    @MethodSource("encryptionVectors")
    @DisplayName("Given an RFC 7520 JWE vector and a fresh key of the same type, then decryption fails")
    void rejectsEncryptionVectorsWithWrongKey(String id) throws Exception {
        Map<String, Object> v = vector("jwe", id);
        KeyManagementAlgorithm alg =
                KeyManagementAlgorithm.fromId(input(v, "alg")).orElseThrow();
        ContentEncryption enc = ContentEncryption.fromId(input(v, "enc")).orElseThrow();
        JWK original = key(v);
        JWK wrong = original instanceof OctetSequenceKey oct
                ? new OctetSequenceKey.Builder(new byte[oct.size() / 8])
                        .keyID(original.getKeyID())
                        .build()
                : original instanceof com.nimbusds.jose.jwk.ECKey ec
                        ? TestSupport.ec(ec.getCurve(), original.getKeyID())
                        : TestSupport.rsa(original.getKeyID());
        JweTokenDecrypter decrypter = new JweTokenDecrypter(alg, enc, decryptionKeys(wrong));

        assertThatThrownBy(() -> decrypter.decrypt(compact(v)))
                .isInstanceOf(TokenValidationException.class)
                .extracting(e -> ((TokenValidationException) e).reason())
                .isEqualTo(TokenValidationException.DECRYPTION_FAILED);
    }

    @Test
    @DisplayName("Given the PBES2 vector (5.3), then its alg is outside the model and a reader rejects it")
    void rejectsPbes2() throws Exception {
        Map<String, Object> v = vector("jwe", "5_3");
        assertThat(KeyManagementAlgorithm.fromId(input(v, "alg"))).isEmpty();
        JweTokenDecrypter decrypter = new JweTokenDecrypter(
                KeyManagementAlgorithm.A256KW,
                ContentEncryption.A128CBC_HS256,
                DecryptionKeys.clientSecret(TestSupport.SECRET));

        assertThatThrownBy(() -> decrypter.decrypt(compact(v)))
                .isInstanceOf(TokenValidationException.class)
                .extracting(e -> ((TokenValidationException) e).reason())
                .isEqualTo(TokenValidationException.UNEXPECTED_ALG);
    }

    @Test
    @DisplayName("Given a vector decrypted with a decrypter configured for another enc, then unexpected_enc")
    void rejectsOtherEnc() throws Exception {
        Map<String, Object> v = vector("jwe", "5_8");
        JweTokenDecrypter decrypter =
                new JweTokenDecrypter(KeyManagementAlgorithm.A128KW, ContentEncryption.A256GCM, decryptionKeys(key(v)));

        assertThatThrownBy(() -> decrypter.decrypt(compact(v)))
                .extracting(e -> ((TokenValidationException) e).reason())
                .isEqualTo(TokenValidationException.UNEXPECTED_ENC);
    }
}
