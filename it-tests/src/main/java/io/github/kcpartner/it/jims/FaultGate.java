package io.github.kcpartner.it.jims;

/**
 * Holds the current {@link Fault} and makes requests wait for {@link Fault.Kind#HANG} and
 * {@link Fault.Kind#SLOW}. Any change of fault, a release or closing wakes the waiting requests.
 */
final class FaultGate {

    private Fault fault = Fault.none();
    private long releases;
    private boolean closed;

    synchronized Fault current() {
        return fault;
    }

    synchronized void set(Fault next) {
        fault = next;
        notifyAll();
    }

    /** Lets the requests hanging now go on (new ones still hang while HANG is set). */
    synchronized void releaseHung() {
        releases++;
        notifyAll();
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }

    synchronized void open() {
        closed = false;
    }

    /** A ticket taken when a request arrives (before it is counted): later releases free it. */
    synchronized long arrive() {
        return releases;
    }

    /**
     * Waits as HANG or SLOW demand, then returns the fault the answer must show (NONE after a
     * hang was released or a slow wait ended).
     */
    synchronized Fault pass(boolean token, long releasesAtArrival) throws InterruptedException {
        while (!closed && fault.kind() == Fault.Kind.HANG && fault.appliesTo(token) && releases == releasesAtArrival) {
            wait();
        }
        if (fault.kind() == Fault.Kind.HANG) {
            return Fault.none();
        }
        if (fault.kind() == Fault.Kind.SLOW && fault.appliesTo(token)) {
            Fault slow = fault;
            long deadline = System.nanoTime() + slow.delay().toNanos();
            long left;
            while (!closed && fault == slow && (left = deadline - System.nanoTime()) > 0) {
                wait(Math.max(1, left / 1_000_000));
            }
            return fault == slow || !fault.appliesTo(token) ? Fault.none() : fault;
        }
        return fault.appliesTo(token) ? fault : Fault.none();
    }
}
