package io.github.kcpartner.jose;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keys made from the client secret. The MAC key for HS* is the UTF-8 octets of the secret
 * (OpenID Connect Core 1.0, section 10.1); symmetric encryption keys are the left-most bits
 * of SHA-256 / SHA-384 / SHA-512 of those octets for keys of up to 256 / 384 / 512 bits
 * (section 10.2).
 */
final class ClientSecretKeys {

    private ClientSecretKeys() {}

    static byte[] macKey(String clientSecret) {
        return clientSecret.getBytes(StandardCharsets.UTF_8);
    }

    /** Derives a {@code bits}-long AES key from the secret, per OIDC Core 10.2. */
    static SecretKey derive(String clientSecret, int bits) {
        if (bits <= 0 || bits > 512 || bits % 8 != 0) {
            throw new IllegalArgumentException("Unsupported derived key length: " + bits);
        }
        String digest = bits <= 256 ? "SHA-256" : bits <= 384 ? "SHA-384" : "SHA-512";
        byte[] hash;
        try {
            hash = MessageDigest.getInstance(digest).digest(macKey(clientSecret));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(digest + " not available", e);
        }
        byte[] key = Arrays.copyOf(hash, bits / 8);
        Arrays.fill(hash, (byte) 0);
        return new SecretKeySpec(key, "AES");
    }

    /**
     * The client-secret key for a symmetric key-management algorithm: for {@code dir} as long
     * as the {@code enc}'s CEK, for A*KW / A*GCMKW as long as the key-wrapping key.
     */
    static SecretKey forKeyManagement(String clientSecret, KeyManagementAlgorithm alg, ContentEncryption enc) {
        return switch (alg.kind()) {
            case DIRECT -> derive(clientSecret, enc.cekBits());
            case AES_KW, AES_GCM_KW -> derive(clientSecret, alg.wrapKeyBits());
            default -> throw new IllegalArgumentException(alg.id() + " does not use the client secret");
        };
    }
}
