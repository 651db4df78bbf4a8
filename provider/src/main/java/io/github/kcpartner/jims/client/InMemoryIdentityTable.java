package io.github.kcpartner.jims.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe {@link IdentityTable} in one JVM, with lazy expiry against an injectable clock.
 * {@link #findByUser} scans the table: fine for tests and single nodes of modest size.
 */
public final class InMemoryIdentityTable implements IdentityTable {

    private record Slot(IdentityRecord record, Instant expiresAt) {
        boolean expired(Instant now) {
            return expiresAt != null && !now.isBefore(expiresAt);
        }
    }

    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryIdentityTable(Clock clock) {
        this.clock = clock;
    }

    public InMemoryIdentityTable() {
        this(Clock.systemUTC());
    }

    @Override
    public void putValid(IdentityRecord record, Duration ttl) {
        slots.put(record.ip(), new Slot(record, expiry(ttl)));
    }

    @Override
    public void putInvalid(String ip, Duration ttl) {
        slots.put(ip, new Slot(IdentityRecord.invalid(ip, clock.instant()), expiry(ttl)));
    }

    @Override
    public Optional<IdentityRecord> get(String ip) {
        Slot s = slots.get(ip);
        if (s == null) {
            return Optional.empty();
        }
        if (s.expired(clock.instant())) {
            slots.remove(ip, s);
            return Optional.empty();
        }
        return Optional.of(s.record());
    }

    @Override
    public void remove(String ip) {
        slots.remove(ip);
    }

    @Override
    public List<IdentityRecord> findByUser(String domain, String user) {
        Instant now = clock.instant();
        return slots.values().stream()
                .filter(s -> !s.expired(now) && s.record().matchesUser(domain, user))
                .map(Slot::record)
                .toList();
    }

    /** Drops expired entries; returns how many. */
    public int purgeExpired() {
        Instant now = clock.instant();
        int before = slots.size();
        slots.values().removeIf(s -> s.expired(now));
        return before - slots.size();
    }

    /** Entries held, expired ones included until read or purged. */
    public int size() {
        return slots.size();
    }

    private Instant expiry(Duration ttl) {
        return ttl == null || ttl.isZero() || ttl.isNegative() ? null : clock.instant().plus(ttl);
    }
}
