package io.github.kcpartner.jims.client;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Writes JIMS answers into the identity table with the configured TTLs and the preserve-valid-user rule. */
final class TableWriter {

    private final IdentityTable table;
    private final JimsClientConfig config;
    private final EntryFilter filter;
    private final Clock clock;
    private final Consumer<List<String>> groupsSeen;

    TableWriter(IdentityTable table, JimsClientConfig config, Clock clock, Consumer<List<String>> groupsSeen) {
        this.table = table;
        this.config = config;
        this.filter = new EntryFilter(config);
        this.clock = clock;
        this.groupsSeen = groupsSeen;
    }

    EntryFilter filter() {
        return filter;
    }

    /** A batch entry: a logon stores a valid entry, a logoff ends the IP's entry. False if filtered out. */
    boolean apply(JimsEntry e) {
        if (!filter.accepts(e)) {
            return false;
        }
        if (e.operation() == JimsEntry.Operation.LOGON) {
            IdentityRecord r = IdentityRecord.of(e);
            if (table.putValid(r, config.validEntryTtl())) {
                announceGroups(r);
            }
        } else {
            table.remove(e.ip(), e.timestamp());
        }
        return true;
    }

    /**
     * An IP-query answer for {@code ip}: the newest accepted entry for that IP decides. No entry is a
     * "null answer": an invalid entry is stored, unless preserve-valid-user keeps a valid user there,
     * or the entry changed since {@code seen} was read before the query (a newer logon stays).
     *
     * @return the valid record now in the table for {@code ip}, if any
     */
    Optional<IdentityRecord> applyAnswer(String ip, Optional<IdentityRecord> seen, List<JimsEntry> entries) {
        Optional<JimsEntry> newest = entries.stream()
                .filter(e -> e.ip().equals(ip) && filter.accepts(e))
                .max(Comparator.comparing(JimsEntry::timestamp));
        if (newest.isPresent() && newest.get().operation() == JimsEntry.Operation.LOGON) {
            IdentityRecord r = IdentityRecord.of(newest.get());
            if (table.putValid(r, config.validEntryTtl())) {
                announceGroups(r);
                return Optional.of(r);
            }
            return table.get(ip).filter(IdentityRecord::valid); // a newer logon was there already
        }
        if (newest.isEmpty() && config.preserveValidUser()) {
            Optional<IdentityRecord> existing = table.get(ip);
            if (existing.isPresent() && existing.get().hasUser()) {
                return existing;
            }
        }
        if (!table.putInvalid(ip, seen, config.invalidEntryTtl())) {
            return table.get(ip).filter(IdentityRecord::valid); // changed while JIMS was asked
        }
        return Optional.empty();
    }

    private void announceGroups(IdentityRecord r) {
        if (!r.groups().isEmpty()) {
            try {
                groupsSeen.accept(r.groups());
            } catch (RuntimeException ignored) {
                // creating groups is a side effect; the entry is stored either way
            }
        }
    }

    Clock clock() {
        return clock;
    }
}
