package io.github.kcpartner.jims.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kcpartner.testing.Warnings;
import java.util.List;
import org.junit.jupiter.api.Test;

class MisconfigurationLogTest {

    @Test
    void oneWarnPerSettingsAndProblems() {
        MisconfigurationLog log = new MisconfigurationLog();
        try (Warnings warnings = Warnings.of(MisconfigurationLog.class)) {
            for (int login = 0; login < 5; login++) {
                log.report(
                        "jims-network-identity",
                        "corp",
                        "config-1",
                        List.of("mode \"magic\" is not one of [hint, offer, auto]"));
            }
            log.report(
                    "jims-network-identity",
                    "corp",
                    "config-2",
                    List.of("mode \"magic\" is not one of [hint, offer, auto]"));
            log.report(
                    "jims-network-identity",
                    "corp",
                    "config-1",
                    List.of("maximum entry age must be at least 1 second"));
            assertThat(warnings.messages()).hasSize(3);
            assertThat(warnings.messages().get(0))
                    .contains("jims-network-identity")
                    .contains("corp")
                    .contains("magic");
        }
    }
}
