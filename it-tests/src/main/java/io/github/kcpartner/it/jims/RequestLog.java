package io.github.kcpartner.it.jims;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Counters per request kind and a bounded list of recent requests; waiters are woken on each arrival. */
final class RequestLog {

    private final int capacity;
    private final Deque<SeenRequest> recent = new ArrayDeque<>();
    private final Map<RequestKind, Long> counts = new EnumMap<>(RequestKind.class);

    RequestLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    synchronized void record(SeenRequest request) {
        if (recent.size() == capacity) {
            recent.removeFirst();
        }
        recent.addLast(request);
        counts.merge(request.kind(), 1L, Long::sum);
        notifyAll();
    }

    synchronized long count(RequestKind kind) {
        return counts.getOrDefault(kind, 0L);
    }

    synchronized List<SeenRequest> recent() {
        return new ArrayList<>(recent);
    }

    synchronized void reset() {
        recent.clear();
        counts.clear();
        notifyAll();
    }

    /** Waits until {@code count(kind) >= atLeast}; false on timeout. */
    synchronized boolean await(RequestKind kind, long atLeast, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count(kind) < atLeast) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
