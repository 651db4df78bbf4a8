package io.github.kcpartner.script;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.mozilla.javascript.EvaluatorException;
import org.mozilla.javascript.Script;

/**
 * Compiled rules by name. A rule is compiled once per version of its file (a failed
 * compilation is remembered too) and recompiled on the first use after its file changed.
 * Compiled {@link Script}s are immutable and run concurrently, each in its own scope.
 */
final class RuleCache {

    private static final Logger LOG = Logger.getLogger(RuleCache.class);

    private final RuleRepository repository;
    private final SandboxContextFactory factory;
    private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();
    private final AtomicInteger compilations = new AtomicInteger();

    RuleCache(RuleRepository repository, SandboxContextFactory factory) {
        this.repository = repository;
        this.factory = factory;
    }

    /** The compiled current version of a rule. */
    Script script(String name) throws RuleException {
        RuleSource current = repository.find(name);
        Compiled entry = compiled.get(name);
        if (entry == null || !entry.source().equals(current)) {
            entry = compiled.compute(
                    name, (n, old) -> old != null && old.source().equals(current) ? old : compile(current));
        }
        if (entry.failure() != null) {
            throw entry.failure();
        }
        return entry.script();
    }

    /** How many compilations ran; for tests. */
    int compilations() {
        return compilations.get();
    }

    private Compiled compile(RuleSource source) {
        compilations.incrementAndGet();
        LOG.debugf("Compiling rule %s from %s", source.name(), source.location());
        try {
            String text = repository.read(source);
            String file = source.name() + ".js";
            Script script = factory.call(cx -> cx.compileString(RuleRewriter.rewrite(cx, text, file), file, 1, null));
            return new Compiled(source, script, null);
        } catch (RuleException e) {
            return new Compiled(source, null, e);
        } catch (EvaluatorException e) {
            LOG.debugf("Rule %s does not compile: %s", source.name(), e.getMessage());
            return new Compiled(
                    source,
                    null,
                    new RuleException(source.name(), e.lineNumber(), RuleException.Reason.COMPILE, e.details(), e));
        }
    }

    private record Compiled(RuleSource source, Script script, RuleException failure) {}
}
