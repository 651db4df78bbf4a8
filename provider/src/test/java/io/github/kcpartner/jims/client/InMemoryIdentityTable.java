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
    public boolean putValid(IdentityRecord record, Duration ttl) {
        boolean[] stored = {false};
        slots.compute(record.ip(), (ip, slot) -> {
            IdentityRecord current = slot == null || slot.expired(clock.instant()) ? null : slot.record();
            stored[0] = IdentityRecord.replaces(record, current);
            return stored[0] ? new Slot(record, expiry(ttl)) : slot;
        });
        return stored[0];
    }

    @Override
    public boolean putInvalid(String ip, Optional<IdentityRecord> seen, Duration ttl) {
        boolean[] stored = {false};
        slots.compute(ip, (key, slot) -> {
            IdentityRecord current = slot == null || slot.expired(clock.instant()) ? null : slot.record();
            stored[0] = current == null
                    || !current.valid()
                    || seen.filter(current::equals).isPresent();
            return stored[0] ? new Slot(IdentityRecord.invalid(ip, clock.instant()), expiry(ttl)) : slot;
        });
        return stored[0];
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
    public boolean remove(String ip, Instant at) {
        boolean[] removed = {false};
        slots.computeIfPresent(ip, (key, slot) -> {
            removed[0] = !slot.expired(clock.instant()) && IdentityRecord.endedBy(at, slot.record());
            return removed[0] ? null : slot;
        });
        return removed[0];
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
        return ttl == null || ttl.isZero() || ttl.isNegative()
                ? null
                : clock.instant().plus(ttl);
    }
}
