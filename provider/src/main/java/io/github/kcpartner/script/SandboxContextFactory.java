package io.github.kcpartner.script;

import java.lang.management.ManagementFactory;
import java.util.function.Consumer;
import org.mozilla.javascript.CompilerEnvirons;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.ContextFactory;
import org.mozilla.javascript.ErrorReporter;
import org.mozilla.javascript.Evaluator;
import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.Scriptable;

/**
 * Makes Rhino contexts that interpret (never generate classes), see no Java class, have no
 * {@code __parent__}/{@code __proto__} special properties, compile no code while a rule runs
 * ({@code eval}, {@code Function(...)}), nest calls to a bounded depth, and call
 * {@link #observeInstructionCount} every {@link RuleLimits#OBSERVER_THRESHOLD} instructions so
 * that a runaway rule can be stopped on time, instructions or memory ({@link #checkBudget}).
 */
final class SandboxContextFactory extends ContextFactory {

    private static final com.sun.management.ThreadMXBean THREADS = threads();

    private final RuleLimits limits;

    SandboxContextFactory(RuleLimits limits) {
        this.limits = limits;
    }

    /** Whether this JVM can count the bytes a thread allocates (needed to bound a rule's memory). */
    static boolean memoryAccountingAvailable() {
        return THREADS != null;
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
        if (featureIndex == Context.FEATURE_PARENT_PROTO_PROPERTIES) {
            return false; // no __parent__ (a scope link) and no special __proto__ reference
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
        checkBudget(cx);
    }

    /**
     * Stops the running evaluation (with an error JavaScript cannot catch) when it is past its
     * time limit or has allocated more than its memory limit. Called by the instruction observer
     * and before and after every guarded built-in, so that work done in Java counts too.
     */
    static void checkBudget(Context cx) {
        if (!(cx instanceof Budget budget) || !budget.active) {
            return;
        }
        if (System.nanoTime() - budget.deadline > 0) {
            throw new LimitExceeded("time limit of " + budget.timeLimitMillis + " ms exceeded", currentLine());
        }
        if (THREADS.getCurrentThreadAllocatedBytes() - budget.allocationStart > budget.maxAllocation) {
            throw new LimitExceeded("memory limit of " + (budget.maxAllocation >> 20) + " MiB exceeded", currentLine());
        }
    }

    /** Stops the running evaluation because a value would pass a size limit. */
    static LimitExceeded sizeLimit(String what) {
        return new LimitExceeded(what, currentLine());
    }

    /** The time left to the running evaluation, in milliseconds (0 when none or past). */
    static long millisLeft(Context cx) {
        if (!(cx instanceof Budget budget) || !budget.active) {
            return 0;
        }
        return Math.max(0, (budget.deadline - System.nanoTime()) / 1_000_000L);
    }

    /** Starts the clock, the instruction count and the memory count of one evaluation on this thread's context. */
    void startBudget(Context cx) {
        if (THREADS == null) {
            throw new IllegalStateException("this JVM cannot count allocated bytes per thread; rules are refused");
        }
        Budget budget = (Budget) cx;
        budget.instructions = 0;
        budget.instructionBudget = limits.instructionBudget();
        budget.timeLimitMillis = limits.timeLimit().toMillis();
        budget.maxAllocation = limits.maxAllocationBytes();
        budget.allocationStart = THREADS.getCurrentThreadAllocatedBytes();
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

    private static com.sun.management.ThreadMXBean threads() {
        try {
            if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
                    && bean.isThreadAllocatedMemorySupported()) {
                if (!bean.isThreadAllocatedMemoryEnabled()) {
                    bean.setThreadAllocatedMemoryEnabled(true);
                }
                return bean;
            }
        } catch (RuntimeException | LinkageError e) {
            // not a HotSpot-style JVM: every evaluation is refused (startBudget)
        }
        return null;
    }

    /** A context that carries the running evaluation's budget. */
    private static final class Budget extends Context {
        private boolean active;
        private long instructions;
        private long instructionBudget;
        private long timeLimitMillis;
        private long deadline;
        private long maxAllocation;
        private long allocationStart;

        Budget(ContextFactory factory) {
            super(factory);
        }

        /**
         * No code is compiled while a rule runs: {@code eval}, {@code Function('...')} and the
         * generator-function constructor would otherwise run code that {@link RuleRewriter} never saw.
         */
        @Override
        protected Object compileImpl(
                Scriptable scope,
                String sourceString,
                String sourceName,
                int lineno,
                Object securityDomain,
                boolean returnFunction,
                Evaluator compiler,
                ErrorReporter reporter,
                Consumer<CompilerEnvirons> processor) {
            if (active) {
                throw ScriptRuntime.constructError(
                        "EvalError", "code generation from strings is not available in rules");
            }
            return super.compileImpl(
                    scope,
                    sourceString,
                    sourceName,
                    lineno,
                    securityDomain,
                    returnFunction,
                    compiler,
                    reporter,
                    processor);
        }
    }

    /**
     * Thrown from the observer and the guards. An {@link Error}, so that (with enhanced Java
     * access off) no JavaScript {@code catch} or {@code finally} block runs after it.
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
