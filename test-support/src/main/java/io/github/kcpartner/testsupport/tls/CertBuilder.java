package io.github.kcpartner.testsupport.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/** Builds X.509 certificates with BouncyCastle's builders; the JCA does the cryptography. */
final class CertBuilder {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ORGANISATION = "kc-partner test PKI";

    private CertBuilder() {}

    static X509Certificate selfSignedCa(
            String name, KeyPair keys, KeyAlgorithm algorithm, Instant from, Instant until) {
        X500Name subject = name(name);
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            subject, serial(), Date.from(from), Date.from(until), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(
                            Extension.keyUsage,
                            true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                    .addExtension(
                            Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            return sign(builder, keys.getPrivate(), algorithm);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot build CA certificate " + name, e);
        }
    }

    static X509Certificate issue(
            X509Certificate ca, PrivateKey caKey, KeyAlgorithm caAlgorithm, CertRequest request, PublicKey subjectKey) {
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            KeyPurposeId purpose = request.usage() == CertRequest.Usage.SERVER
                    ? KeyPurposeId.id_kp_serverAuth
                    : KeyPurposeId.id_kp_clientAuth;
            int keyUsage = KeyUsage.digitalSignature
                    | (request.keyAlgorithm() == KeyAlgorithm.RSA_2048 ? KeyUsage.keyEncipherment : 0);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            ca,
                            serial(),
                            Date.from(request.notBefore()),
                            Date.from(request.notAfter()),
                            name(request.commonName()),
                            subjectKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey))
                    .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(ca));
            if (!request.subjectAltNames().isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, altNames(request.subjectAltNames()));
            }
            return sign(builder, caKey, caAlgorithm);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue certificate for " + request.commonName(), e);
        }
    }

    private static GeneralNames altNames(List<String> names) {
        GeneralName[] result = new GeneralName[names.size()];
        for (int i = 0; i < result.length; i++) {
            String name = names.get(i);
            int tag = IPAddress.isValid(name) ? GeneralName.iPAddress : GeneralName.dNSName;
            result[i] = new GeneralName(tag, name);
        }
        return new GeneralNames(result);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key, KeyAlgorithm algorithm)
            throws GeneralSecurityException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(algorithm.signatureAlgorithm()).build(key);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, ORGANISATION)
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    private static BigInteger serial() {
        return new BigInteger(63, RANDOM).add(BigInteger.ONE);
    }
}
