package io.github.kcpartner.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @TempDir
    Path dir;

    @BeforeEach
    void attach() {
        Metrics.addRegistry(registry);
    }

    @AfterEach
    void detach() {
        Metrics.removeRegistry(registry);
    }

    @Test
    @DisplayName(
            "given a rule that succeeds, one that throws and one that is missing, then each evaluation is timed under its rule and outcome")
    void evaluationsAreTimedByOutcome() throws Exception {
        Rules rules = new Rules(dir);
        rules.write("metrics-ok", "result.setAttribute('a', 'b');");
        rules.write("metrics-throws", "throw new Error('no');");
        RuleEngine engine = rules.engine();

        engine.evaluate("metrics-ok", RuleInput.empty());
        assertThatThrownBy(() -> engine.evaluate("metrics-throws", RuleInput.empty()))
                .isInstanceOf(RuleException.class);
        assertThatThrownBy(() -> engine.evaluate("metrics-absent", RuleInput.empty()))
                .isInstanceOf(RuleException.class);

        assertThat(timerCount("metrics-ok", "success")).isEqualTo(1);
        assertThat(timerCount("metrics-throws", "runtime")).isEqualTo(1);
        assertThat(timerCount("metrics-absent", "not_found")).isEqualTo(1);
    }

    private long timerCount(String rule, String outcome) {
        return registry.get("partner.rule.evaluations")
                .tags("rule", rule, "outcome", outcome)
                .timer()
                .count();
    }
}
