package io.github.kcpartner.it.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition by polling it, with a deadline. This is the only way the harness
 * waits for a peer: never a fixed sleep.
 */
public final class Poll {

    private Poll() {}

    /**
     * Polls {@code ready} every {@code interval} until it answers true; throws when the
     * deadline passes or {@code alive} answers false (the awaited process died).
     */
    public static void until(
            String what, Duration timeout, Duration interval, BooleanSupplier alive, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (ready.getAsBoolean()) {
                return;
            }
            if (!alive.getAsBoolean()) {
                throw new IllegalStateException(what + ": the process exited before it was ready");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": not ready after " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(what + ": interrupted while waiting", e);
            }
        }
    }
}
