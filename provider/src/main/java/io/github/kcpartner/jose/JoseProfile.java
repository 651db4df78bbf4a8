package io.github.kcpartner.jose;

import java.util.Objects;

/**
 * How a partner protects a token: the expected (resolved) signature algorithm and its keys,
 * and, when the token is encrypted, the expected key-management and content-encryption
 * algorithms and the decryption keys. {@code verificationKeys} may be {@code null} only for
 * {@code none}; {@code decryptionKeys} may be {@code null} only without encryption.
 */
public record JoseProfile(
        SignatureAlgorithm signature,
        VerificationKeys verificationKeys,
        KeyManagementAlgorithm keyManagement,
        ContentEncryption contentEncryption,
        DecryptionKeys decryptionKeys) {

    public JoseProfile {
        Objects.requireNonNull(signature, "signature");
        keyManagement = keyManagement == null ? KeyManagementAlgorithm.NONE : keyManagement;
        contentEncryption = contentEncryption == null ? ContentEncryption.NONE : contentEncryption;
        if (signature != SignatureAlgorithm.NONE && verificationKeys == null) {
            throw new IllegalArgumentException("alg " + signature.id() + " needs verification keys");
        }
        if ((keyManagement == KeyManagementAlgorithm.NONE) != (contentEncryption == ContentEncryption.NONE)) {
            throw new IllegalArgumentException("Key management and content encryption must both be set or both none");
        }
        if (keyManagement != KeyManagementAlgorithm.NONE && decryptionKeys == null) {
            throw new IllegalArgumentException("alg " + keyManagement.id() + " needs decryption keys");
        }
    }

    /** A signed, unencrypted token. */
    public static JoseProfile signed(SignatureAlgorithm signature, VerificationKeys verificationKeys) {
        return new JoseProfile(signature, verificationKeys, KeyManagementAlgorithm.NONE, ContentEncryption.NONE, null);
    }

    /** Whether tokens must arrive as JWEs. */
    public boolean encrypted() {
        return keyManagement != KeyManagementAlgorithm.NONE;
    }
}
