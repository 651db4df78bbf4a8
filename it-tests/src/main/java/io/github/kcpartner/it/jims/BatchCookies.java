package io.github.kcpartner.it.jims;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

/**
 * Batch cookies of one simulator instance. A cookie carries the batch's start timestamp and the
 * log position of the next page, tagged with a random instance id, so that another instance (or a
 * forged value) is refused. Stateless: nothing to evict, any number of clients.
 */
final class BatchCookies {

    /** Where a batch continues. */
    record Cursor(Instant since, long nextSequence) {}

    private final String instanceId;

    BatchCookies() {
        byte[] bytes = new byte[9];
        new SecureRandom().nextBytes(bytes);
        this.instanceId = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    String encode(Cursor cursor) {
        String plain = instanceId + ":" + cursor.since().getEpochSecond() + ":" + cursor.nextSequence();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor in a cookie of this instance; {@link IllegalArgumentException} for anything else. */
    Cursor decode(String cookie) {
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(cookie), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown cookie");
        }
        String[] parts = plain.split(":");
        if (parts.length != 3 || !parts[0].equals(instanceId)) {
            throw new IllegalArgumentException("unknown cookie");
        }
        try {
            long sequence = Long.parseLong(parts[2]);
            if (sequence < 0) {
                throw new IllegalArgumentException("unknown cookie");
            }
            return new Cursor(Instant.ofEpochSecond(Long.parseLong(parts[1])), sequence);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unknown cookie");
        }
    }
}
