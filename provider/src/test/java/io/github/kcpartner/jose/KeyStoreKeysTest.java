package io.github.kcpartner.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.Payload;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.util.X509CertUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checked-in certificates and decryption keys from PKCS12 / JKS keystores and PEM. */
class KeyStoreKeysTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    private static X509Certificate selfSigned(KeyPair pair, String sigAlg) throws Exception {
        X500Name name = new X500Name("CN=partner.example");
        Date from = Date.from(TestSupport.NOW.minusSeconds(3600));
        Date to = Date.from(TestSupport.NOW.plusSeconds(86400L * 365));
        JcaX509v3CertificateBuilder builder =
                new JcaX509v3CertificateBuilder(name, BigInteger.ONE, from, to, name, pair.getPublic());
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder(sigAlg).build(pair.getPrivate())));
    }

    private static KeyStore store(String type) throws Exception {
        KeyStore ks = KeyStore.getInstance(type);
        ks.load(null, null);
        KeyPair rsaSig = TestSupport.RSA.toKeyPair();
        KeyPair ecSig = TestSupport.EC.get(Curve.P_256).toKeyPair();
        KeyPair rsaEnc = TestSupport.RSA_ENC.toKeyPair();
        KeyPair ecEnc = TestSupport.EC_ENC.get(Curve.P_384).toKeyPair();
        ks.setKeyEntry("rsa-sig", rsaSig.getPrivate(), PASSWORD, new java.security.cert.Certificate[] {
            selfSigned(rsaSig, "SHA256withRSA")
        });
        ks.setKeyEntry("ec-sig", ecSig.getPrivate(), PASSWORD, new java.security.cert.Certificate[] {
            selfSigned(ecSig, "SHA256withECDSA")
        });
        ks.setKeyEntry("rsa-enc", rsaEnc.getPrivate(), PASSWORD, new java.security.cert.Certificate[] {
            selfSigned(rsaEnc, "SHA256withRSA")
        });
        ks.setKeyEntry("ec-enc", ecEnc.getPrivate(), PASSWORD, new java.security.cert.Certificate[] {
            selfSigned(ecEnc, "SHA256withECDSA")
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ks.store(out, PASSWORD);
        return KeyStores.load(new ByteArrayInputStream(out.toByteArray()), type, PASSWORD);
    }

    private static IdTokenValidator validator(JoseProfile profile) {
        return new IdTokenValidator(
                IdTokenPolicy.of(TestSupport.ISSUER, TestSupport.CLIENT_ID, profile, 0), TestSupport.fixedClock());
    }

    private static final IdTokenExpectations BACK = IdTokenExpectations.tokenEndpoint("n-1", null);

    @ParameterizedTest
    @ValueSource(strings = {"PKCS12", "JKS"})
    @DisplayName(
            "Given a keystore, then its certificates verify RS256/ES256 and its private keys decrypt RSA-OAEP/ECDH-ES")
    void keystore(String type, @TempDir Path dir) throws Exception {
        KeyStore ks = store(type);
        String rs = TestSupport.sign(
                SignatureAlgorithm.RS256, TestSupport.validClaims().build());
        String es = TestSupport.sign(
                SignatureAlgorithm.ES256, TestSupport.validClaims().build());

        assertThat(validator(JoseProfile.signed(
                                SignatureAlgorithm.RS256, VerificationKeys.keyStoreCertificate(ks, "rsa-sig")))
                        .validate(rs, BACK))
                .isNotNull();
        assertThat(validator(JoseProfile.signed(
                                SignatureAlgorithm.ES256, VerificationKeys.keyStoreCertificate(ks, "ec-sig")))
                        .validate(es, BACK))
                .isNotNull();
        assertThatThrownBy(() -> validator(JoseProfile.signed(
                                SignatureAlgorithm.RS256, VerificationKeys.keyStoreCertificate(ks, "ec-sig")))
                        .validate(rs, BACK))
                .extracting(e -> ((TokenValidationException) e).reason())
                .isEqualTo(TokenValidationException.UNKNOWN_KEY);

        String rsaJwe = GeneratedRoundTripTest.encrypt(
                KeyManagementAlgorithm.RSA_OAEP_256, ContentEncryption.A192GCM, null, new Payload(rs));
        assertThat(validator(new JoseProfile(
                                SignatureAlgorithm.RS256,
                                VerificationKeys.keyStoreCertificate(ks, "rsa-sig"),
                                KeyManagementAlgorithm.RSA_OAEP_256,
                                ContentEncryption.A192GCM,
                                DecryptionKeys.keyStore(ks, "rsa-enc", PASSWORD)))
                        .validate(rsaJwe, BACK))
                .isNotNull();
        String ecJwe = GeneratedRoundTripTest.encrypt(
                KeyManagementAlgorithm.ECDH_ES,
                ContentEncryption.A192CBC_HS384,
                TestSupport.EC_ENC.get(Curve.P_384),
                new Payload(es));
        assertThat(validator(new JoseProfile(
                                SignatureAlgorithm.ES256,
                                VerificationKeys.keyStoreCertificate(ks, "ec-sig"),
                                KeyManagementAlgorithm.ECDH_ES,
                                ContentEncryption.A192CBC_HS384,
                                DecryptionKeys.keyStore(ks, "ec-enc", PASSWORD)))
                        .validate(ecJwe, BACK))
                .isNotNull();

        Path file = dir.resolve("keys." + type.toLowerCase());
        try (var out = Files.newOutputStream(file)) {
            ks.store(out, PASSWORD);
        }
        assertThat(KeyStores.load(file, PASSWORD).containsAlias("rsa-enc")).isTrue();
        assertThat(KeyStores.load(file, type, PASSWORD).containsAlias("ec-enc")).isTrue();
        assertThatThrownBy(() -> KeyStores.load(file, "wrong".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("wrong");
        assertThatThrownBy(() -> DecryptionKeys.keyStore(ks, "missing", PASSWORD))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PKCS12"})
    @DisplayName("Given a pasted PEM certificate, then it verifies; garbage is refused")
    void pem(String type) throws Exception {
        X509Certificate cert = (X509Certificate) store(type).getCertificate("rsa-sig");
        String pem = X509CertUtils.toPEMString(cert);
        String rs = TestSupport.sign(
                SignatureAlgorithm.PS512, TestSupport.validClaims().build());

        assertThat(validator(JoseProfile.signed(SignatureAlgorithm.PS512, VerificationKeys.pemCertificate(pem)))
                        .validate(rs, BACK))
                .isNotNull();
        assertThatThrownBy(() ->
                        VerificationKeys.pemCertificate("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
