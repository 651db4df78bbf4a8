package io.github.kcpartner.jims.client;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The table of who is at which IP, keyed by canonical IP literal. Implementations (in memory,
 * or a clustered cache) must be thread-safe and expire entries after their TTL;
 * {@link Duration#ZERO} means the entry never expires. The preserve-valid-user rule is applied by
 * the callers in this package, not by the table.
 */
public interface IdentityTable {

    /** Stores a valid entry for {@code record.ip()}, replacing what is there. */
    void putValid(IdentityRecord record, Duration ttl);

    /** Stores a "nobody at this IP" entry, replacing what is there. */
    void putInvalid(String ip, Duration ttl);

    /** The unexpired record for {@code ip} (valid or invalid). */
    Optional<IdentityRecord> get(String ip);

    /** Removes the entry for {@code ip} (a logoff). */
    void remove(String ip);

    /** Every unexpired valid record of {@code user} in {@code domain} (case-insensitive; empty domain = any). */
    List<IdentityRecord> findByUser(String domain, String user);
}
