package io.github.kcpartner.script;

import java.time.Duration;

/**
 * The bounds of one rule evaluation. A rule that passes {@code timeLimit},
 * {@code instructionBudget} or {@code maxAllocationBytes} is stopped (the check runs every
 * {@link #OBSERVER_THRESHOLD} interpreter instructions and around every guarded built-in); a rule
 * that nests calls deeper than {@code maxStackDepth} fails.
 *
 * @param timeLimit          wall-clock time one evaluation may take (a JIMS lookup included)
 * @param instructionBudget  interpreter instructions one evaluation may run
 * @param maxStackDepth      JavaScript call depth
 * @param maxAllocationBytes bytes one evaluation may allocate (counted by the JVM for its thread)
 */
public record RuleLimits(Duration timeLimit, long instructionBudget, int maxStackDepth, long maxAllocationBytes) {

    /** How many instructions run between two checks of the limits. */
    public static final int OBSERVER_THRESHOLD = 100;

    /** The default memory bound of one evaluation: 32 MiB allocated (mostly short-lived). */
    public static final long DEFAULT_MAX_ALLOCATION = 32L << 20;

    /** Validates the bounds. */
    public RuleLimits {
        if (timeLimit == null || timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("timeLimit must be positive");
        }
        if (instructionBudget < OBSERVER_THRESHOLD) {
            throw new IllegalArgumentException("instructionBudget must be at least " + OBSERVER_THRESHOLD);
        }
        if (maxStackDepth < 1) {
            throw new IllegalArgumentException("maxStackDepth must be positive");
        }
        if (maxAllocationBytes < (1L << 20)) {
            throw new IllegalArgumentException("maxAllocationBytes must be at least 1 MiB");
        }
    }

    /** Bounds with the default memory limit. */
    public RuleLimits(Duration timeLimit, long instructionBudget, int maxStackDepth) {
        this(timeLimit, instructionBudget, maxStackDepth, DEFAULT_MAX_ALLOCATION);
    }

    /**
     * 500 ms, 50 million instructions, call depth 200, 32 MiB: generous for a mapping rule. (Rhino
     * counts 100 instructions per call, and every {@code +} of a rule is a call to the string guard.)
     */
    public static RuleLimits defaults() {
        return new RuleLimits(Duration.ofMillis(500), 50_000_000L, 200);
    }
}
