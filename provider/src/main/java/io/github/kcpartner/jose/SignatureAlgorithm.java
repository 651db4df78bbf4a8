package io.github.kcpartner.jose;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.KeyType;
import java.util.Optional;

/**
 * The ID-token signature algorithms a {@code partner-oidc} partner may be configured with
 * (HMAC, RSASSA-PKCS1-v1_5, ECDSA, RSASSA-PSS with SHA-2, and {@code none}). Anything else,
 * for example {@code EdDSA}, is not part of the model and is rejected.
 */
public enum SignatureAlgorithm {
    HS256(JWSAlgorithm.HS256, Family.HMAC, null),
    HS384(JWSAlgorithm.HS384, Family.HMAC, null),
    HS512(JWSAlgorithm.HS512, Family.HMAC, null),
    RS256(JWSAlgorithm.RS256, Family.RSA, null),
    RS384(JWSAlgorithm.RS384, Family.RSA, null),
    RS512(JWSAlgorithm.RS512, Family.RSA, null),
    ES256(JWSAlgorithm.ES256, Family.EC, Curve.P_256),
    ES384(JWSAlgorithm.ES384, Family.EC, Curve.P_384),
    ES512(JWSAlgorithm.ES512, Family.EC, Curve.P_521),
    PS256(JWSAlgorithm.PS256, Family.RSA, null),
    PS384(JWSAlgorithm.PS384, Family.RSA, null),
    PS512(JWSAlgorithm.PS512, Family.RSA, null),
    NONE(null, Family.NONE, null);

    /** ISVA's default. */
    public static final SignatureAlgorithm DEFAULT = RS256;

    /** Key family an algorithm needs. */
    public enum Family {
        HMAC,
        RSA,
        EC,
        NONE
    }

    private final JWSAlgorithm jws;
    private final Family family;
    private final Curve curve;

    SignatureAlgorithm(JWSAlgorithm jws, Family family, Curve curve) {
        this.jws = jws;
        this.family = family;
        this.curve = curve;
    }

    /** The JOSE {@code alg} value, e.g. {@code RS256} or {@code none}. */
    public String id() {
        return jws == null ? "none" : jws.getName();
    }

    public Family family() {
        return family;
    }

    /** True for HS*: the client secret is the MAC key. */
    public boolean isSymmetric() {
        return family == Family.HMAC;
    }

    /** True for RS*, PS*, ES*: a certificate or a JWK set is needed. */
    public boolean needsPublicKey() {
        return family == Family.RSA || family == Family.EC;
    }

    /** The Nimbus algorithm; {@code null} for {@link #NONE}. */
    JWSAlgorithm jws() {
        return jws;
    }

    /** The EC curve an ES* algorithm is bound to, {@code null} otherwise. */
    Curve curve() {
        return curve;
    }

    KeyType keyType() {
        return switch (family) {
            case HMAC -> KeyType.OCT;
            case RSA -> KeyType.RSA;
            case EC -> KeyType.EC;
            case NONE -> null;
        };
    }

    /** Parses an {@code alg} value exactly (case-sensitive, as JOSE requires). */
    public static Optional<SignatureAlgorithm> fromId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        for (SignatureAlgorithm a : values()) {
            if (a.id().equals(id)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
