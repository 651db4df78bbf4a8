package io.github.kcpartner.script;

import org.mozilla.javascript.Context;
import org.mozilla.javascript.ContextFactory;

/**
 * Makes Rhino contexts that interpret (never generate classes), see no Java class, nest calls
 * to a bounded depth, and call {@link #observeInstructionCount} every
 * {@link RuleLimits#OBSERVER_THRESHOLD} instructions so that a runaway rule can be stopped.
 */
final class SandboxContextFactory extends ContextFactory {

    private final RuleLimits limits;

    SandboxContextFactory(RuleLimits limits) {
        this.limits = limits;
    }

    @Override
    protected Context makeContext() {
        Budget context = new Budget(this);
        context.setLanguageVersion(Context.VERSION_ES6);
        context.setInterpretedMode(true);
        context.setClassShutter(className -> false);
        context.setMaximumInterpreterStackDepth(limits.maxStackDepth());
        context.setInstructionObserverThreshold(RuleLimits.OBSERVER_THRESHOLD);
        context.setGenerateObserverCount(true);
        return context;
    }

    @Override
    protected boolean hasFeature(Context cx, int featureIndex) {
        if (featureIndex == Context.FEATURE_ENHANCED_JAVA_ACCESS) {
            return false; // JavaScript catch blocks never see Java exceptions or our limit error
        }
        return super.hasFeature(cx, featureIndex);
    }

    @Override
    protected void observeInstructionCount(Context cx, int instructionCount) {
        Budget budget = (Budget) cx;
        if (!budget.active) {
            return;
        }
        budget.instructions += instructionCount;
        if (budget.instructions > budget.instructionBudget) {
            throw new LimitExceeded("instruction limit of " + budget.instructionBudget + " exceeded", currentLine());
        }
        if (System.nanoTime() - budget.deadline > 0) {
            throw new LimitExceeded("time limit of " + limits.timeLimit().toMillis() + " ms exceeded", currentLine());
        }
    }

    /** Starts the clock and the instruction count of one evaluation on this thread's context. */
    void startBudget(Context cx) {
        Budget budget = (Budget) cx;
        budget.instructions = 0;
        budget.instructionBudget = limits.instructionBudget();
        budget.deadline = System.nanoTime() + limits.timeLimit().toNanos();
        budget.active = true;
    }

    /** Ends the evaluation started by {@link #startBudget}. */
    void stopBudget(Context cx) {
        ((Budget) cx).active = false;
    }

    private static int currentLine() {
        // Rhino fills in the position of the innermost interpreted frame.
        return Context.reportRuntimeError("limit").lineNumber();
    }

    /** A context that carries the running evaluation's budget. */
    private static final class Budget extends Context {
        private boolean active;
        private long instructions;
        private long instructionBudget;
        private long deadline;

        Budget(ContextFactory factory) {
            super(factory);
        }
    }

    /**
     * Thrown from the observer. An {@link Error}, so that (with enhanced Java access off) no
     * JavaScript {@code catch} or {@code finally} block runs after it.
     */
    static final class LimitExceeded extends Error {
        private static final long serialVersionUID = 1L;
        private final int line;

        LimitExceeded(String message, int line) {
            super(message, null, false, false);
            this.line = line;
        }

        int line() {
            return line;
        }
    }
}
