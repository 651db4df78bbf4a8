package io.github.kcpartner.jims.client;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe live counters of one server. */
final class CounterSet {

    private final LongAdder batchSent = new LongAdder();
    private final LongAdder batchReturned = new LongAdder();
    private final LongAdder batchErrors = new LongAdder();
    private final AtomicReference<Instant> batchLast = new AtomicReference<>();
    private final LongAdder ipSent = new LongAdder();
    private final LongAdder ipReturned = new LongAdder();
    private final LongAdder ipErrors = new LongAdder();
    private final AtomicReference<Instant> ipLast = new AtomicReference<>();
    private final LongAdder ipTimeTotalNanos = new LongAdder();
    private final AtomicLong ipTimeMaxNanos = new AtomicLong();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder onlineToOffline = new LongAdder();

    void sent(QueryKind kind) {
        switch (kind) {
            case BATCH -> batchSent.increment();
            case IP, USER -> ipSent.increment();
            default -> {}
        }
    }

    void returned(QueryKind kind, Instant at, long nanos) {
        switch (kind) {
            case BATCH -> {
                batchReturned.increment();
                batchLast.set(at);
            }
            case IP, USER -> {
                ipReturned.increment();
                ipLast.set(at);
                ipTimeTotalNanos.add(nanos);
                ipTimeMaxNanos.accumulateAndGet(nanos, Math::max);
            }
            default -> {}
        }
    }

    void error(QueryKind kind) {
        switch (kind) {
            case BATCH -> batchErrors.increment();
            case IP, USER -> ipErrors.increment();
            default -> {}
        }
    }

    void skipped(int n) {
        skipped.add(n);
    }

    void wentOffline() {
        onlineToOffline.increment();
    }

    ServerCounters snapshot() {
        long returned = ipReturned.sum();
        long avg = returned == 0 ? 0 : ipTimeTotalNanos.sum() / returned / 1_000_000;
        return new ServerCounters(
                batchSent.sum(),
                batchReturned.sum(),
                batchErrors.sum(),
                batchLast.get(),
                ipSent.sum(),
                returned,
                ipErrors.sum(),
                ipLast.get(),
                avg,
                ipTimeMaxNanos.get() / 1_000_000,
                skipped.sum(),
                onlineToOffline.sum());
    }

    /** Clears every counter (not atomic across counters, like the SRX's clear command). */
    void clear() {
        for (LongAdder a : new LongAdder[] {
            batchSent,
            batchReturned,
            batchErrors,
            ipSent,
            ipReturned,
            ipErrors,
            ipTimeTotalNanos,
            skipped,
            onlineToOffline
        }) {
            a.reset();
        }
        batchLast.set(null);
        ipLast.set(null);
        ipTimeMaxNanos.set(0);
    }
}
