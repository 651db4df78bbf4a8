package io.github.kcpartner.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.EnumMap;
import java.util.Map;

/** Shared fixtures: keys generated once per JVM, a settable clock, a valid-claims builder. */
final class TestSupport {

    static final String ISSUER = "https://partner.example/op";
    static final String CLIENT_ID = "kc-client";
    /** 64 ASCII characters: long enough for HS512 (512 bits). */
    static final String SECRET = "s3cr3t-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU";

    static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");

    static final RSAKey RSA = rsa("rsa-sig-1");
    static final RSAKey RSA_ENC = rsa("rsa-enc-1");
    static final Map<Curve, ECKey> EC = new java.util.HashMap<>();
    static final Map<Curve, ECKey> EC_ENC = new java.util.HashMap<>();

    static {
        for (Curve c : new Curve[] {Curve.P_256, Curve.P_384, Curve.P_521}) {
            EC.put(c, ec(c, "ec-sig-" + c.getName()));
            EC_ENC.put(c, ec(c, "ec-enc-" + c.getName()));
        }
    }

    private TestSupport() {}

    static RSAKey rsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static ECKey ec(Curve curve, String kid) {
        try {
            return new ECKeyGenerator(curve).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static Clock fixedClock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }

    /** Claims that pass every check at {@link #NOW} with nonce {@code n-1}. */
    static JWTClaimsSet.Builder validClaims() {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("user-42")
                .audience(CLIENT_ID)
                .expirationTime(Date.from(NOW.plusSeconds(300)))
                .issueTime(Date.from(NOW.minusSeconds(10)))
                .claim("nonce", "n-1");
    }

    /** A signer and the matching verification keys for each signature algorithm. */
    static JWSSigner signer(SignatureAlgorithm alg) {
        try {
            return switch (alg.family()) {
                case HMAC -> new MACSigner(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                case RSA -> new RSASSASigner(RSA);
                case EC -> new ECDSASigner(EC.get(alg.curve()));
                case NONE -> throw new IllegalArgumentException("none has no signer");
            };
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static VerificationKeys verificationKeys(SignatureAlgorithm alg) {
        return switch (alg.family()) {
            case HMAC -> VerificationKeys.clientSecret(SECRET);
            case RSA -> VerificationKeys.jwkSet(new com.nimbusds.jose.jwk.JWKSet(RSA.toPublicJWK()));
            case EC ->
                VerificationKeys.jwkSet(
                        new com.nimbusds.jose.jwk.JWKSet(EC.get(alg.curve()).toPublicJWK()));
            case NONE -> null;
        };
    }

    static String kidFor(SignatureAlgorithm alg) {
        return switch (alg.family()) {
            case RSA -> RSA.getKeyID();
            case EC -> EC.get(alg.curve()).getKeyID();
            default -> null;
        };
    }

    static String sign(SignatureAlgorithm alg, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.parse(alg.id()))
                            .keyID(kidFor(alg))
                            .build(),
                    claims);
            jwt.sign(signer(alg));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The RFC 7520 cookbook vectors, kept as test resources under {@code rfc7520/} (see its README). */
    static Path rfc7520Dir() {
        try {
            java.net.URL url = TestSupport.class.getResource("/rfc7520/README.md");
            if (url == null) {
                throw new IllegalStateException("rfc7520 test resources are missing from the test classpath");
            }
            return Path.of(url.toURI()).getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static <K extends Enum<K>, V> EnumMap<K, V> enumMap(Class<K> type) {
        return new EnumMap<>(type);
    }
}
