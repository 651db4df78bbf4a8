package io.github.kcpartner.broker.partner;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * {@code private_key_jwt} (RFC 7523, OpenID Connect Core 9) with a key of our own keystore and a
 * chosen algorithm (RS, PS or ES), for the token and pushed-authorization requests: {@code iss}
 * and {@code sub} the client id, {@code aud} the partner's issuer and token endpoint, a fresh
 * {@code jti}, valid 60 s. The public half is published, with {@code use=sig}, in our JWKS
 * ({@link PartnerJwksResource}) for the partner's {@code jwks_uri}.
 */
final class PartnerClientAssertion {

    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /** The asymmetric algorithms a keystore key can sign with. */
    static final List<String> ALGORITHMS =
            List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");

    private static final Duration LIFETIME = Duration.ofSeconds(60);

    /** A signing key of the keystore: private half, public JWK (kid = label), algorithm. */
    record Key(PrivateKey privateKey, JWK publicJwk, JWSAlgorithm alg) {}

    private PartnerClientAssertion() {}

    /**
     * The key {@code label} of {@code store}, for {@code alg} (empty: RS256 for RSA, ES256/384/512
     * by the EC curve). A key that cannot sign with {@code alg} is refused.
     */
    static Key key(KeyStore store, String label, char[] password, String alg) {
        try {
            if (!(store.getKey(label, password) instanceof PrivateKey privateKey)) {
                throw new IllegalArgumentException("the keystore has no private key " + label);
            }
            Certificate cert = store.getCertificate(label);
            if (cert == null) {
                throw new IllegalArgumentException("the keystore has no certificate for " + label);
            }
            if (cert.getPublicKey() instanceof RSAPublicKey rsa) {
                JWSAlgorithm a = JWSAlgorithm.parse(alg == null || alg.isBlank() ? "RS256" : alg);
                if (!JWSAlgorithm.Family.RSA.contains(a)) {
                    throw new IllegalArgumentException("an RSA key cannot sign " + a);
                }
                return new Key(
                        privateKey,
                        new RSAKey.Builder(rsa)
                                .keyUse(KeyUse.SIGNATURE)
                                .keyID(label)
                                .algorithm(a)
                                .build(),
                        a);
            }
            if (cert.getPublicKey() instanceof ECPublicKey ec) {
                Curve curve = Curve.forECParameterSpec(ec.getParams());
                JWSAlgorithm byCurve = curve == null
                        ? null
                        : switch (curve.getName()) {
                            case "P-256" -> JWSAlgorithm.ES256;
                            case "P-384" -> JWSAlgorithm.ES384;
                            case "P-521" -> JWSAlgorithm.ES512;
                            default -> null;
                        };
                JWSAlgorithm a = alg == null || alg.isBlank() ? byCurve : JWSAlgorithm.parse(alg);
                if (byCurve == null || !byCurve.equals(a)) {
                    throw new IllegalArgumentException("the EC key of curve " + curve + " cannot sign " + a);
                }
                return new Key(
                        privateKey,
                        new ECKey.Builder(curve, ec)
                                .keyUse(KeyUse.SIGNATURE)
                                .keyID(label)
                                .algorithm(a)
                                .build(),
                        a);
            }
            throw new IllegalArgumentException("the key " + label + " is neither RSA nor EC");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "the key " + label + " cannot be read: " + e.getClass().getSimpleName());
        }
    }

    /** A signed client assertion for {@code clientId}, addressed to the partner's issuer and token endpoint. */
    static String sign(Key key, String clientId, String issuer, String tokenEndpoint, Clock clock) {
        List<String> audience = new ArrayList<>(2);
        for (String aud : new String[] {issuer, tokenEndpoint}) {
            if (aud != null && !aud.isBlank() && !audience.contains(aud)) {
                audience.add(aud);
            }
        }
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(clientId)
                .subject(clientId)
                .audience(audience)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(key.alg())
                        .keyID(key.publicJwk().getKeyID())
                        .build(),
                claims);
        try {
            jwt.sign(signer(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("the client assertion could not be signed: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    private static JWSSigner signer(Key key) throws JOSEException {
        if (key.privateKey() instanceof ECPrivateKey ec) {
            return new ECDSASigner(ec);
        }
        return new RSASSASigner(key.privateKey());
    }
}
