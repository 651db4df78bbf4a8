package io.github.kcpartner.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LimitsTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName(
            "given while(true){} and a 200 ms limit, then it stops with a time limit reason and the thread is free")
    void runawayLoopIsStoppedByTime() throws RuleException {
        Rules rules = new Rules(dir);
        rules.write("loop", "var i = 0;", "while (true) { i++; }");
        rules.write("ok", "result.setUsername('after');");
        // the loop's boxed counter allocates as it runs: a memory budget it cannot reach in 200 ms
        // isolates the time limit (with the default budget, whichever is reached first stops it)
        RuleEngine engine =
                rules.engine(new RuleLimits(java.time.Duration.ofMillis(200), Long.MAX_VALUE, 100, 1L << 34));

        // No timing assertion: the rule must end with the LIMIT reason (a hang fails via @Timeout).
        assertThatThrownBy(() -> engine.evaluate("loop", RuleInput.empty()))
                .isInstanceOfSatisfying(RuleException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RuleException.Reason.LIMIT);
                    assertThat(e.getMessage()).contains("time limit of 200 ms exceeded");
                    assertThat(e.line()).isEqualTo(2);
                });
        assertThat(engine.evaluate("ok", RuleInput.empty()).username()).isEqualTo("after");
    }

    @Test
    @DisplayName("given a loop, then the instruction budget stops it too")
    void runawayLoopIsStoppedByInstructions() {
        Rules rules = new Rules(dir);
        rules.write("loop", "for (;;) {}");
        RuleEngine engine = rules.engine(Rules.limits(60_000, 1_000_000));

        assertThatThrownBy(() -> engine.evaluate("loop", RuleInput.empty()))
                .isInstanceOfSatisfying(RuleException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RuleException.Reason.LIMIT);
                    assertThat(e.getMessage()).contains("instruction limit of 1000000 exceeded");
                });
    }

    @Test
    @DisplayName("given a loop that catches everything and loops again in finally, then it still stops")
    void catchAndFinallyCannotSwallowTheLimit() {
        Rules rules = new Rules(dir);
        rules.write(
                "stubborn",
                "for (;;) {",
                "  try { while (true) {} } catch (e) { result.setClaim('caught', 1); } finally { while (true) {} }",
                "}");
        RuleEngine engine = rules.engine(Rules.limits(200, Long.MAX_VALUE));

        assertThatThrownBy(() -> engine.evaluate("stubborn", RuleInput.empty()))
                .isInstanceOfSatisfying(
                        RuleException.class, e -> assertThat(e.reason()).isEqualTo(RuleException.Reason.LIMIT));
    }

    @Test
    @DisplayName("given a loop inside a callback of a built-in (Array.map), then it stops")
    void loopInsideBuiltinCallback() {
        Rules rules = new Rules(dir);
        rules.write("callback", "[1, 2].map(function () { while (true) {} });");
        RuleEngine engine = rules.engine(Rules.limits(200, Long.MAX_VALUE));

        assertThatThrownBy(() -> engine.evaluate("callback", RuleInput.empty()))
                .isInstanceOfSatisfying(
                        RuleException.class, e -> assertThat(e.reason()).isEqualTo(RuleException.Reason.LIMIT));
    }

    @Test
    @DisplayName("given unbounded recursion, then it fails cleanly with a stack depth reason")
    void deepRecursion() throws RuleException {
        Rules rules = new Rules(dir);
        rules.write("recurse", "function f(n) { return f(n + 1) + 1; }", "f(0);");
        rules.write("recurseThroughMap", "function g() { return [1].map(g); }", "g();");
        rules.write("ok", "result.setUsername('after');");
        RuleEngine engine = rules.engine();

        assertThatThrownBy(() -> engine.evaluate("recurse", RuleInput.empty()))
                .isInstanceOfSatisfying(RuleException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RuleException.Reason.LIMIT);
                    assertThat(e.getMessage()).isEqualTo("rule 'recurse' line 1: stack depth limit exceeded");
                });
        assertThatThrownBy(() -> engine.evaluate("recurseThroughMap", RuleInput.empty()))
                .isInstanceOfSatisfying(
                        RuleException.class, e -> assertThat(e.reason()).isEqualTo(RuleException.Reason.LIMIT));
        assertThat(engine.evaluate("ok", RuleInput.empty()).username()).isEqualTo("after");
    }

    @Test
    @DisplayName("given a rule within its limits, then the budget restarts for each evaluation")
    void budgetIsPerEvaluation() throws RuleException {
        Rules rules = new Rules(dir);
        rules.write("work", "var s = 0;", "for (var i = 0; i < 5000; i++) { s += i; }", "result.setClaim('s', s);");
        RuleEngine engine = rules.engine(Rules.limits(5_000, 1_500_000));

        for (int i = 0;
                i < 10;
                i++) { // one run is about 650k instructions (100 per guarded '+'), ten runs well over 1.5M
            assertThat(engine.evaluate("work", RuleInput.empty()).claims()).containsEntry("s", 12497500L);
        }
    }
}
