package io.github.kcpartner.script;

import io.github.kcpartner.metrics.PartnerMetrics;
import java.util.Locale;
import java.util.SortedSet;
import org.jboss.logging.Logger;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.EcmaError;
import org.mozilla.javascript.EvaluatorException;
import org.mozilla.javascript.RhinoException;
import org.mozilla.javascript.Script;
import org.mozilla.javascript.ScriptableObject;

/**
 * Runs operator-deployed JavaScript rules (Mozilla Rhino, interpreted) in a sandbox: no Java
 * class is visible, the standard objects with {@link BuiltinGuards} are made once per engine and
 * locked ({@link SharedScope}: no evaluation can change them), each evaluation gets a fresh
 * global scope on top of them with the rule API (see {@code package-info}; nothing it defines
 * reaches another evaluation), and runs within {@link RuleLimits}. No {@link Error} of a rule
 * reaches the caller.
 * Thread-safe; create one per server (or per rules directory) and keep it.
 */
public final class RuleEngine {

    private static final Logger LOG = Logger.getLogger(RuleEngine.class);
    private static final String STACK_DEPTH = "Exceeded maximum stack depth";

    private final SandboxContextFactory factory;
    private final RuleCache cache;
    private final RuleRepository repository;
    private final SharedScope shared;

    /**
     * @param repository where rules come from
     * @param limits     the bounds of each evaluation
     */
    public RuleEngine(RuleRepository repository, RuleLimits limits) {
        this.repository = repository;
        this.factory = new SandboxContextFactory(limits);
        this.cache = new RuleCache(repository, factory);
        this.shared = factory.call(SharedScope::create);
    }

    /** @return the rules directory of the operator's rules, or {@code null} when the server has none */
    public java.nio.file.Path rulesDirectory() {
        return repository.directory();
    }

    /** @return the names of the rules that can be chosen (for an admin console list) */
    public SortedSet<String> ruleNames() {
        return repository.names();
    }

    /**
     * Runs a rule.
     *
     * @param ruleName the rule's name (its file name without {@code .js})
     * @param input    what the rule sees
     * @return what the rule set through {@code result}
     * @throws RuleException when the rule is missing, does not compile, fails or exceeds its limits
     */
    public RuleResult evaluate(String ruleName, RuleInput input) throws RuleException {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            RuleResult result = run(ruleName, input);
            outcome = "success";
            return result;
        } catch (RuleException e) {
            outcome = e.reason().name().toLowerCase(Locale.ROOT);
            throw e;
        } finally {
            PartnerMetrics.global().rule(ruleName, outcome, System.nanoTime() - start);
        }
    }

    private RuleResult run(String ruleName, RuleInput input) throws RuleException {
        if (!SandboxContextFactory.memoryAccountingAvailable()) {
            throw failure(
                    ruleName,
                    0,
                    RuleException.Reason.LIMIT,
                    "this JVM cannot count the memory a rule allocates, so no rule runs",
                    null);
        }
        Script script = cache.script(ruleName);
        Context cx = factory.enterContext();
        try {
            ScriptableObject scope = shared.newRunScope();
            RuleApi api = new RuleApi();
            api.install(cx, scope, input);
            factory.startBudget(cx);
            script.exec(cx, scope);
            cx.processMicrotasks();
            LOG.debugf("Rule %s evaluated", ruleName);
            return api.result();
        } catch (SandboxContextFactory.LimitExceeded e) {
            throw failure(ruleName, e.line(), RuleException.Reason.LIMIT, e.getMessage(), null);
        } catch (StackOverflowError e) {
            throw failure(ruleName, 0, RuleException.Reason.LIMIT, "stack depth exceeded", null);
        } catch (OutOfMemoryError e) {
            // only reached without -XX:+ExitOnOutOfMemoryError; the guards exist so that it never happens
            LOG.warnf("Rule %s ran out of memory", ruleName);
            throw failure(ruleName, 0, RuleException.Reason.LIMIT, "memory exhausted", null);
        } catch (EvaluatorException e) {
            boolean depth = STACK_DEPTH.equals(e.details());
            throw failure(
                    ruleName,
                    e.lineNumber(),
                    depth ? RuleException.Reason.LIMIT : RuleException.Reason.RUNTIME,
                    depth ? "stack depth limit exceeded" : e.details(),
                    e);
        } catch (EcmaError e) {
            throw failure(
                    ruleName,
                    e.lineNumber(),
                    RuleException.Reason.RUNTIME,
                    e.getName() + ": " + e.getErrorMessage(),
                    e);
        } catch (RhinoException e) {
            throw failure(ruleName, e.lineNumber(), RuleException.Reason.RUNTIME, e.details(), e);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Rule %s failed inside the engine", ruleName);
            throw failure(ruleName, 0, RuleException.Reason.RUNTIME, "internal error", e);
        } finally {
            factory.stopBudget(cx);
            Context.exit();
        }
    }

    /** How many compilations ran since this engine was made; for tests. */
    int compilations() {
        return cache.compilations();
    }

    private static RuleException failure(
            String rule, int line, RuleException.Reason reason, String detail, Throwable cause) {
        LOG.debugf("Rule %s failed at line %d: %s", rule, line, detail);
        return new RuleException(rule, line, reason, detail, cause);
    }
}
