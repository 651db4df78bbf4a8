package io.github.kcpartner.it.support;

import java.util.concurrent.TimeUnit;

/** Stops a child process and everything it started: TERM first, KILL after a grace period. */
public final class ChildProcess {

    private ChildProcess() {}

    public static void stop(Process process, long graceSeconds) {
        if (process == null || !process.isAlive()) {
            return;
        }
        var descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                descendants.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
