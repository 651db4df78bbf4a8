package io.github.kcpartner.jose.bench;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.kcpartner.jose.ContentEncryption;
import io.github.kcpartner.jose.DecryptionKeys;
import io.github.kcpartner.jose.IdTokenExpectations;
import io.github.kcpartner.jose.IdTokenPolicy;
import io.github.kcpartner.jose.IdTokenValidator;
import io.github.kcpartner.jose.JoseProfile;
import io.github.kcpartner.jose.KeyManagementAlgorithm;
import io.github.kcpartner.jose.SignatureAlgorithm;
import io.github.kcpartner.jose.VerificationKeys;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Our ID-token validation (alg check, key selection, verify/decrypt, all claim checks) against
 * a raw Nimbus parse + verify (+ decrypt) of the same token with a prebuilt verifier.
 * An HS256 pair shows the fixed overhead where the crypto is cheap.
 * Run: {@code mvn -o -pl provider -Pbench test-compile exec:exec}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class IdTokenBenchmark {

    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
    private static final String ISSUER = "https://partner.example/op";
    private static final String CLIENT_ID = "kc-client";

    private static final String SECRET = "s3cr3t-0123456789abcdefghijklmnopqrstuvwxyz";

    private String hs256;
    private String rs256;
    private String es256;
    private String rsaOaepA256Gcm;
    private JWSVerifier nimbusMac;
    private JWSVerifier nimbusRsa;
    private JWSVerifier nimbusEc;
    private RSADecrypter nimbusDecrypter;
    private IdTokenValidator oursHs256;
    private IdTokenValidator oursRs256;
    private IdTokenValidator oursEs256;
    private IdTokenValidator oursRsaOaep;
    private IdTokenExpectations expectations;

    @Setup
    public void setUp() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        RSAKey rsaEnc = new RSAKeyGenerator(2048).keyID("enc-1").generate();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("user-42")
                .audience(CLIENT_ID)
                .expirationTime(Date.from(NOW.plusSeconds(300)))
                .issueTime(Date.from(NOW.minusSeconds(10)))
                .claim("nonce", "n-1")
                .claim("email", "user@example.org")
                .build();
        hs256 = sign(JWSAlgorithm.HS256, null, new MACSigner(SECRET), claims);
        rs256 = sign(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(rsa), claims);
        es256 = sign(JWSAlgorithm.ES256, "ec-1", new ECDSASigner(ec), claims);
        JWEObject jwe = new JWEObject(
                new JWEHeader.Builder(JWEAlgorithm.RSA_OAEP, EncryptionMethod.A256GCM)
                        .contentType("JWT")
                        .keyID("enc-1")
                        .build(),
                new Payload(rs256));
        jwe.encrypt(new RSAEncrypter(rsaEnc.toRSAPublicKey()));
        rsaOaepA256Gcm = jwe.serialize();

        nimbusMac = new MACVerifier(SECRET);
        nimbusRsa = new RSASSAVerifier(rsa.toRSAPublicKey());
        nimbusEc = new ECDSAVerifier(ec.toECPublicKey());
        nimbusDecrypter = new RSADecrypter(rsaEnc.toPrivateKey());

        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        VerificationKeys jwks = VerificationKeys.jwkSet(new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())));
        oursHs256 = new IdTokenValidator(
                IdTokenPolicy.of(
                        ISSUER,
                        CLIENT_ID,
                        JoseProfile.signed(SignatureAlgorithm.HS256, VerificationKeys.clientSecret(SECRET)),
                        30),
                clock);
        oursRs256 = new IdTokenValidator(
                IdTokenPolicy.of(ISSUER, CLIENT_ID, JoseProfile.signed(SignatureAlgorithm.RS256, jwks), 30), clock);
        oursEs256 = new IdTokenValidator(
                IdTokenPolicy.of(ISSUER, CLIENT_ID, JoseProfile.signed(SignatureAlgorithm.ES256, jwks), 30), clock);
        oursRsaOaep = new IdTokenValidator(
                IdTokenPolicy.of(
                        ISSUER,
                        CLIENT_ID,
                        new JoseProfile(
                                SignatureAlgorithm.RS256,
                                jwks,
                                KeyManagementAlgorithm.RSA_OAEP,
                                ContentEncryption.A256GCM,
                                DecryptionKeys.privateJwks(List.of(rsaEnc))),
                        30),
                clock);
        expectations = IdTokenExpectations.tokenEndpoint("n-1", null);
        // fail fast if a path is broken
        oursHs256.validate(hs256, expectations);
        oursRs256.validate(rs256, expectations);
        oursEs256.validate(es256, expectations);
        oursRsaOaep.validate(rsaOaepA256Gcm, expectations);
    }

    private static String sign(JWSAlgorithm alg, String kid, JWSSigner signer, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static JWTClaimsSet nimbusVerify(String token, JWSVerifier verifier) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        if (!jwt.verify(verifier)) {
            throw new IllegalStateException("bad signature");
        }
        return jwt.getJWTClaimsSet();
    }

    /** Cheap crypto: shows our fixed overhead (alg check, key selection, claim checks) in absolute terms. */
    @Benchmark
    public JWTClaimsSet hs256Ours() throws Exception {
        return oursHs256.validate(hs256, expectations);
    }

    @Benchmark
    public JWTClaimsSet hs256Nimbus() throws Exception {
        return nimbusVerify(hs256, nimbusMac);
    }

    @Benchmark
    public JWTClaimsSet rs256Ours() throws Exception {
        return oursRs256.validate(rs256, expectations);
    }

    @Benchmark
    public JWTClaimsSet rs256Nimbus() throws Exception {
        return nimbusVerify(rs256, nimbusRsa);
    }

    @Benchmark
    public JWTClaimsSet es256Ours() throws Exception {
        return oursEs256.validate(es256, expectations);
    }

    @Benchmark
    public JWTClaimsSet es256Nimbus() throws Exception {
        return nimbusVerify(es256, nimbusEc);
    }

    @Benchmark
    public JWTClaimsSet rsaOaepA256GcmRs256Ours() throws Exception {
        return oursRsaOaep.validate(rsaOaepA256Gcm, expectations);
    }

    @Benchmark
    public JWTClaimsSet rsaOaepA256GcmRs256Nimbus() throws Exception {
        JWEObject jwe = JWEObject.parse(rsaOaepA256Gcm);
        jwe.decrypt(nimbusDecrypter);
        return nimbusVerify(jwe.getPayload().toString(), nimbusRsa);
    }
}
