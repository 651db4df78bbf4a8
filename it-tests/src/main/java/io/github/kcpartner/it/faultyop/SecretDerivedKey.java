package io.github.kcpartner.it.faultyop;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The symmetric encryption key OpenID Connect Core 1.0 section 10.2 derives from a client secret:
 * the left-most bits of SHA-256 (keys up to 256 bits), SHA-384 (up to 384) or SHA-512 (up to 512)
 * of the UTF-8 secret.
 */
public final class SecretDerivedKey {

    private SecretDerivedKey() {}

    /** The {@code bits}-long AES key for {@code clientSecret}; public so tests can decrypt. */
    public static SecretKey of(String clientSecret, int bits) {
        if (bits <= 0 || bits > 512 || bits % 8 != 0) {
            throw new IllegalArgumentException("no derivation for a " + bits + "-bit key");
        }
        String hash = bits <= 256 ? "SHA-256" : bits <= 384 ? "SHA-384" : "SHA-512";
        try {
            byte[] digest = MessageDigest.getInstance(hash).digest(clientSecret.getBytes(StandardCharsets.UTF_8));
            return new SecretKeySpec(Arrays.copyOf(digest, bits / 8), "AES");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(hash + " missing from the JDK", e);
        }
    }
}
