package io.github.kcpartner.jose;

import com.nimbusds.jose.JWEAlgorithm;
import java.util.Optional;

/**
 * JWE key-management algorithms of ISVA's table. {@link #NONE} (the default) means
 * the ID token is not encrypted. PBES2 and RSA-OAEP-384/512 are not in the model.
 */
public enum KeyManagementAlgorithm {
    NONE(null, Kind.NONE, 0),
    DIR(JWEAlgorithm.DIR, Kind.DIRECT, 0),
    A128KW(JWEAlgorithm.A128KW, Kind.AES_KW, 128),
    A192KW(JWEAlgorithm.A192KW, Kind.AES_KW, 192),
    A256KW(JWEAlgorithm.A256KW, Kind.AES_KW, 256),
    A128GCMKW(JWEAlgorithm.A128GCMKW, Kind.AES_GCM_KW, 128),
    A192GCMKW(JWEAlgorithm.A192GCMKW, Kind.AES_GCM_KW, 192),
    A256GCMKW(JWEAlgorithm.A256GCMKW, Kind.AES_GCM_KW, 256),
    ECDH_ES(JWEAlgorithm.ECDH_ES, Kind.ECDH, 0),
    ECDH_ES_A128KW(JWEAlgorithm.ECDH_ES_A128KW, Kind.ECDH, 0),
    ECDH_ES_A192KW(JWEAlgorithm.ECDH_ES_A192KW, Kind.ECDH, 0),
    ECDH_ES_A256KW(JWEAlgorithm.ECDH_ES_A256KW, Kind.ECDH, 0),
    RSA1_5(JWEAlgorithm.RSA1_5, Kind.RSA, 0),
    RSA_OAEP(JWEAlgorithm.RSA_OAEP, Kind.RSA, 0),
    RSA_OAEP_256(JWEAlgorithm.RSA_OAEP_256, Kind.RSA, 0);

    /** How the content-encryption key is obtained. */
    public enum Kind {
        NONE,
        DIRECT,
        AES_KW,
        AES_GCM_KW,
        ECDH,
        RSA
    }

    private final JWEAlgorithm jwe;
    private final Kind kind;
    private final int wrapKeyBits;

    KeyManagementAlgorithm(JWEAlgorithm jwe, Kind kind, int wrapKeyBits) {
        this.jwe = jwe;
        this.kind = kind;
        this.wrapKeyBits = wrapKeyBits;
    }

    /** The JOSE {@code alg} value, e.g. {@code RSA-OAEP-256} or {@code none}. */
    public String id() {
        return jwe == null ? "none" : jwe.getName();
    }

    public Kind kind() {
        return kind;
    }

    /** dir, A*KW and A*GCMKW: the key is derived from the client secret. */
    public boolean usesClientSecret() {
        return kind == Kind.DIRECT || kind == Kind.AES_KW || kind == Kind.AES_GCM_KW;
    }

    /** RSA* and ECDH-ES*: a private decryption key is needed. */
    public boolean needsPrivateKey() {
        return kind == Kind.RSA || kind == Kind.ECDH;
    }

    /** Key-wrapping key length for A*KW / A*GCMKW, 0 otherwise. */
    int wrapKeyBits() {
        return wrapKeyBits;
    }

    /** The Nimbus algorithm; {@code null} for {@link #NONE}. */
    JWEAlgorithm jwe() {
        return jwe;
    }

    /** Parses an {@code alg} value exactly. */
    public static Optional<KeyManagementAlgorithm> fromId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        for (KeyManagementAlgorithm a : values()) {
            if (a.id().equals(id)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
