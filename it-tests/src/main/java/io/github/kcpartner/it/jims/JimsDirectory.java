package io.github.kcpartner.it.jims;

import io.github.kcpartner.it.jims.JimsEntry.Device;
import io.github.kcpartner.it.jims.JimsEntry.Operation;
import io.github.kcpartner.testsupport.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The simulated Active Directory event log behind one or more JIMS servers.
 *
 * <p>Thread-safe. A primary and a secondary {@link JimsSimulator} share one directory, because
 * both real JIMS servers read the same AD. Events keep the order they were added in (their
 * sequence number); batch queries page through that order, keeping events whose timestamp is at
 * or after the requested one. A logon sets the IP's current entry; a logoff ends it.
 */
public final class JimsDirectory {

    private final Clock clock;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final List<JimsEntry> log = new ArrayList<>();
    private final Map<String, JimsEntry> current = new HashMap<>();
    /** Sequence number of {@code log.get(0)}: grows on {@link #clear()} so old cookies stay behind. */
    private long firstSequence;

    /** A directory whose default timestamps come from the system clock. */
    public JimsDirectory() {
        this(Clock.systemUTC());
    }

    /** A directory whose default timestamps come from {@code clock} (see {@link MutableClock}). */
    public JimsDirectory(Clock clock) {
        this.clock = clock;
    }

    /** Appends an event (the IP is stored in canonical form) and returns what was stored. */
    public JimsEntry add(JimsEntry entry) {
        JimsEntry stored = entry.withIp(IpLiterals.canonical(entry.ip()));
        lock.writeLock().lock();
        try {
            append(stored);
        } finally {
            lock.writeLock().unlock();
        }
        return stored;
    }

    /** A logon now from Active Directory with an unknown device. */
    public JimsEntry logon(String ip, String domain, String user, String... groups) {
        return add(JimsEntry.logon(clock.instant(), ip, domain, user, Arrays.asList(groups), Device.NONE));
    }

    /** A logon at a given time, with device details. */
    public JimsEntry logon(String ip, String domain, String user, List<String> groups, Device device, Instant at) {
        return add(JimsEntry.logon(at, ip, domain, user, groups, device));
    }

    /** A logoff now: ends the IP's entry (the event repeats the user and domain that were there). */
    public JimsEntry logoff(String ip) {
        return logoff(ip, clock.instant());
    }

    /** A logoff at a given time. */
    public JimsEntry logoff(String ip, Instant at) {
        String key = IpLiterals.canonical(ip);
        lock.writeLock().lock();
        try {
            JimsEntry was = current.get(key);
            JimsEntry event = was == null
                    ? new JimsEntry(Operation.LOGOFF, at, null, key, "", "", List.of(), Device.NONE)
                    : new JimsEntry(
                            Operation.LOGOFF,
                            at,
                            was.source(),
                            key,
                            was.domain(),
                            was.user(),
                            was.groups(),
                            was.device());
            append(event);
            return event;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The current logon at an IP (any textual form of the address), if any. */
    public Optional<JimsEntry> at(String ip) {
        String key = IpLiterals.canonical(ip);
        lock.readLock().lock();
        try {
            return Optional.ofNullable(current.get(key));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** All events with a timestamp at or after {@code from}, in log order. */
    public List<JimsEntry> since(Instant from) {
        return page(from, 0, Integer.MAX_VALUE).entries();
    }

    /** Number of events in the log. */
    public int size() {
        lock.readLock().lock();
        try {
            return log.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Number of IPs that currently have a logon. */
    public int activeCount() {
        lock.readLock().lock();
        try {
            return current.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Forgets all events and logons; cookies issued before stay valid and see only new events. */
    public void clear() {
        lock.writeLock().lock();
        try {
            firstSequence += log.size();
            log.clear();
            current.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Appends {@code count} synthetic logons: IPs counting up from 10.0.0.1, users {@code user000001}…
     * in domain {@code corp.example.com}, a few rotating groups, one device each, timestamps
     * {@code start}, {@code start + step}, … Fast enough for 100,000 entries in well under a second.
     */
    public void generate(int count, Instant start, Duration step) {
        List<JimsEntry> batch = SyntheticEntries.create(count, start, step);
        lock.writeLock().lock();
        try {
            for (JimsEntry entry : batch) {
                append(entry);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Up to {@code max} events from sequence {@code fromSequence} on whose timestamp is not before {@code since}. */
    Page page(Instant since, long fromSequence, int max) {
        lock.readLock().lock();
        try {
            int index = (int) Math.max(0, fromSequence - firstSequence);
            List<JimsEntry> entries = new ArrayList<>(Math.min(max, 1024));
            while (index < log.size() && entries.size() < max) {
                JimsEntry entry = log.get(index++);
                if (!entry.timestamp().isBefore(since)) {
                    entries.add(entry);
                }
            }
            return new Page(entries, firstSequence + Math.max(index, 0));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The sequence number the next added event will get. */
    long endSequence() {
        lock.readLock().lock();
        try {
            return firstSequence + log.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    private void append(JimsEntry entry) {
        log.add(entry);
        if (entry.operation() == Operation.LOGON) {
            current.put(entry.ip(), entry);
        } else {
            current.remove(entry.ip());
        }
    }

    /** One page of a batch: the entries and the sequence number where the next page starts. */
    record Page(List<JimsEntry> entries, long nextSequence) {}
}
