package io.github.kcpartner.it.faultyop;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.AESDecrypter;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Encrypted ID tokens and userinfo, decrypted here with Nimbus: every key-management alg and every enc. */
class FaultyOpJweTest {

    private static final List<JWEAlgorithm> ALGS =
            DiscoveryEndpoint.ENCRYPTION_ALGS.stream().map(JWEAlgorithm::parse).toList();
    private static final List<EncryptionMethod> ENCS = DiscoveryEndpoint.ENCRYPTION_ENCS.stream()
            .map(EncryptionMethod::parse)
            .toList();

    private static FaultyOp op;
    private static TestRp rp;
    private static RSAKey rpRsa;
    private static ECKey rpEc;
    private static HttpServer rpJwks;

    @BeforeAll
    static void start() throws Exception {
        op = new FaultyOp().start();
        rp = new TestRp(op);
        rpRsa = new RSAKeyGenerator(2048)
                .keyID("rp-rsa")
                .keyUse(KeyUse.ENCRYPTION)
                .generate();
        rpEc = new ECKeyGenerator(Curve.P_384)
                .keyID("rp-ec")
                .keyUse(KeyUse.ENCRYPTION)
                .generate();
        byte[] jwks = new JWKSet(List.of(rpRsa, rpEc)).toString(true).getBytes(StandardCharsets.UTF_8);
        rpJwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        rpJwks.createContext("/jwks", exchange -> {
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        rpJwks.start();
    }

    @AfterAll
    static void stop() {
        op.stop();
        rpJwks.stop(0);
    }

    static Stream<Arguments> everyAlg() {
        return IntStream.range(0, ALGS.size()).mapToObj(i -> Arguments.of(ALGS.get(i), ENCS.get(i % ENCS.size())));
    }

    static Stream<Arguments> everyEnc() {
        return ENCS.stream()
                .flatMap(enc -> Stream.of(JWEAlgorithm.RSA_OAEP_256, JWEAlgorithm.DIR, JWEAlgorithm.ECDH_ES_A128KW)
                        .map(alg -> Arguments.of(alg, enc)));
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource({"everyAlg", "everyEnc"})
    @DisplayName("Given an ID token encryption setting, the JWE decrypts to a clean signed ID token")
    void encryptedIdToken(JWEAlgorithm alg, EncryptionMethod enc) throws Exception {
        RegisteredClient client = op.registerClient(ClientSettings.builder()
                .idTokenAlg(JWSAlgorithm.PS256)
                .encryptIdToken(alg, enc)
                .rpEncryptionKey(JWEAlgorithm.Family.ECDH_ES.contains(alg) ? rpEc : rpRsa)
                .build());
        TestRp.Answer answer = rp.authorize(client, "code id_token");
        JWEObject jwe = JWEObject.parse(answer.get("id_token"));
        assertThat(jwe.getHeader().getAlgorithm()).isEqualTo(alg);
        assertThat(jwe.getHeader().getEncryptionMethod()).isEqualTo(enc);
        assertThat(jwe.getHeader().getContentType()).hasToString("JWT");
        jwe.decrypt(decrypter(client, alg, enc));
        String idToken = jwe.getPayload().toSignedJWT().serialize();
        assertThat(new IdTokenCheck(op.issuer(), client, rp.jwks()).defects(idToken, "n-456", null, answer.get("code")))
                .isEmpty();
    }

    @Test
    @DisplayName("Given the RP's jwks_uri instead of a key, the OP fetches the key and encrypts to it")
    void keyFromRpJwksUri() throws Exception {
        URI jwksUri = URI.create("http://127.0.0.1:" + rpJwks.getAddress().getPort() + "/jwks");
        for (JWEAlgorithm alg : List.of(JWEAlgorithm.ECDH_ES, JWEAlgorithm.RSA_OAEP_256)) {
            RegisteredClient client = op.registerClient(ClientSettings.builder()
                    .rpJwksUri(jwksUri)
                    .encryptIdToken(alg, EncryptionMethod.A256GCM)
                    .build());
            JWEObject jwe = JWEObject.parse(rp.authorize(client, "id_token").get("id_token"));
            assertThat(jwe.getHeader().getKeyID()).isEqualTo(alg == JWEAlgorithm.ECDH_ES ? "rp-ec" : "rp-rsa");
            jwe.decrypt(decrypter(client, alg, EncryptionMethod.A256GCM));
            assertThat(jwe.getPayload().toSignedJWT().getJWTClaimsSet().getSubject())
                    .isEqualTo("partner-user-1");
        }
    }

    @Test
    @DisplayName(
            "Given userinfo encryption, signed userinfo is nested in a JWE and unsigned userinfo is encrypted JSON")
    void encryptedUserinfo() throws Exception {
        RegisteredClient nested = op.registerClient(ClientSettings.builder()
                .userinfoAlg(JWSAlgorithm.HS512)
                .encryptUserinfo(JWEAlgorithm.A256GCMKW, EncryptionMethod.A128CBC_HS256)
                .build());
        JWEObject jwe = JWEObject.parse(
                rp.userinfo(rp.authorize(nested, "id_token token").get("access_token"))
                        .body());
        jwe.decrypt(decrypter(nested, JWEAlgorithm.A256GCMKW, EncryptionMethod.A128CBC_HS256));
        SignedJWT signed = jwe.getPayload().toSignedJWT();
        assertThat(signed.verify(new com.nimbusds.jose.crypto.MACVerifier(nested.clientSecret())))
                .isTrue();
        assertThat(signed.getJWTClaimsSet().getAudience()).containsExactly(nested.clientId());

        RegisteredClient json = op.registerClient(ClientSettings.builder()
                .rpEncryptionKey(rpRsa)
                .encryptUserinfo(JWEAlgorithm.RSA1_5, EncryptionMethod.A192GCM)
                .build());
        var response = rp.userinfo(rp.authorize(json, "id_token token").get("access_token"));
        assertThat(response.headers().firstValue("Content-Type")).contains("application/jwt");
        JWEObject plain = JWEObject.parse(response.body());
        assertThat(plain.getHeader().getContentType()).isNull();
        plain.decrypt(decrypter(json, JWEAlgorithm.RSA1_5, EncryptionMethod.A192GCM));
        Map<String, Object> claims = JSONObjectUtils.parse(plain.getPayload().toString());
        assertThat(claims).containsEntry("sub", "partner-user-1").containsEntry("email", "ada@partner.example");
    }

    @Test
    @DisplayName("Given encryption and WRONG_AUD, the decrypted ID token has exactly that defect")
    void faultsSurviveEncryption() throws Exception {
        RegisteredClient client = op.registerClient(ClientSettings.builder()
                .encryptIdToken(JWEAlgorithm.DIR, EncryptionMethod.A256CBC_HS512)
                .build());
        op.faults().enable(client.clientId(), Fault.WRONG_AUD);
        JWEObject jwe = JWEObject.parse(rp.authorize(client, "id_token").get("id_token"));
        jwe.decrypt(decrypter(client, JWEAlgorithm.DIR, EncryptionMethod.A256CBC_HS512));
        assertThat(new IdTokenCheck(op.issuer(), client, rp.jwks())
                        .defects(jwe.getPayload().toString(), "n-456", null, null))
                .containsExactly(Fault.WRONG_AUD);
    }

    @Test
    @DisplayName("Given a client secret, the derived keys are the left-most bits of SHA-256/384/512 of it")
    void secretDerivedKeyLengths() throws Exception {
        byte[] sha512 =
                java.security.MessageDigest.getInstance("SHA-512").digest("s3cret".getBytes(StandardCharsets.UTF_8));
        assertThat(SecretDerivedKey.of("s3cret", 512).getEncoded()).isEqualTo(sha512);
        byte[] sha384 =
                java.security.MessageDigest.getInstance("SHA-384").digest("s3cret".getBytes(StandardCharsets.UTF_8));
        assertThat(SecretDerivedKey.of("s3cret", 384).getEncoded()).isEqualTo(sha384);
        assertThat(SecretDerivedKey.of("s3cret", 192).getEncoded()).hasSize(24);
        byte[] sha256 =
                java.security.MessageDigest.getInstance("SHA-256").digest("s3cret".getBytes(StandardCharsets.UTF_8));
        assertThat(SecretDerivedKey.of("s3cret", 128).getEncoded()).isEqualTo(java.util.Arrays.copyOf(sha256, 16));
    }

    private static JWEDecrypter decrypter(RegisteredClient client, JWEAlgorithm alg, EncryptionMethod enc)
            throws Exception {
        if (JWEAlgorithm.DIR.equals(alg)) {
            return new DirectDecrypter(SecretDerivedKey.of(client.clientSecret(), enc.cekBitLength()));
        }
        if (JWEAlgorithm.Family.SYMMETRIC.contains(alg)) {
            return new AESDecrypter(SecretDerivedKey.of(client.clientSecret(), TokenEncrypter.keyBits(alg)));
        }
        if (JWEAlgorithm.Family.ECDH_ES.contains(alg)) {
            return new ECDHDecrypter(rpEc);
        }
        return new RSADecrypter(rpRsa);
    }
}
