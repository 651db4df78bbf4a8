package io.github.kcpartner.jims.client;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The table of who is at which IP, keyed by canonical IP literal. Implementations (in memory,
 * or a clustered cache) must be thread-safe and expire entries after their TTL;
 * {@link Duration#ZERO} means the entry never expires. Writes are conditional and atomic per IP
 * (compare-and-set), so concurrent writers (batch pages, IP queries, two nodes) end with the entry
 * {@link IdentityRecord#replaces} picks, whatever their order. The preserve-valid-user rule is
 * applied by the callers in this package, not by the table.
 */
public interface IdentityTable {

    /**
     * Stores a valid entry for {@code record.ip()} unless the entry there is a logon with a later
     * entry time.
     *
     * @return whether it was stored
     */
    boolean putValid(IdentityRecord record, Duration ttl);

    /**
     * Stores a "nobody at this IP" entry if the entry there is still {@code seen} (what the caller
     * read before it asked JIMS) or is itself a "nobody" entry: an answer to an older question never
     * removes a logon written meanwhile.
     *
     * @return whether it was stored
     */
    boolean putInvalid(String ip, Optional<IdentityRecord> seen, Duration ttl);

    /** The unexpired record for {@code ip} (valid or invalid). */
    Optional<IdentityRecord> get(String ip);

    /**
     * A logoff at {@code at}: removes the entry for {@code ip} if it is a logon not later than
     * {@code at} (a logoff older than the logon there leaves it).
     *
     * @return whether an entry was removed
     */
    boolean remove(String ip, java.time.Instant at);

    /** Every unexpired valid record of {@code user} in {@code domain} (case-insensitive; empty domain = any). */
    List<IdentityRecord> findByUser(String domain, String user);
}
