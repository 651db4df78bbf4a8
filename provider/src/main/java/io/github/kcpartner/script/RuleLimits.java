package io.github.kcpartner.script;

import java.time.Duration;

/**
 * The bounds of one rule evaluation. A rule that passes either {@code timeLimit} or
 * {@code instructionBudget} is stopped (the check runs every {@link #OBSERVER_THRESHOLD}
 * interpreter instructions); a rule that nests calls deeper than {@code maxStackDepth} fails.
 *
 * @param timeLimit         wall-clock time one evaluation may take
 * @param instructionBudget interpreter instructions one evaluation may run
 * @param maxStackDepth     JavaScript call depth
 */
public record RuleLimits(Duration timeLimit, long instructionBudget, int maxStackDepth) {

    /** How many instructions run between two checks of the limits. */
    public static final int OBSERVER_THRESHOLD = 10_000;

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
    }

    /** 500 ms, 10 million instructions, call depth 200: generous for a mapping rule. */
    public static RuleLimits defaults() {
        return new RuleLimits(Duration.ofMillis(500), 10_000_000L, 200);
    }
}
