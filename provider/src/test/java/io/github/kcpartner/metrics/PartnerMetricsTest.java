package io.github.kcpartner.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PartnerMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PartnerMetrics metrics = new PartnerMetrics(registry);

    @Test
    @DisplayName("given logins of each outcome, then each counts under its alias, outcome and reason")
    void loginsByOutcomeAndReason() {
        metrics.loginSucceeded("corp");
        metrics.loginSucceeded("corp");
        metrics.loginFailed("corp", "invalid_signature");
        metrics.loginCancelled("other");

        assertThat(count("corp", "success", "none")).isEqualTo(2);
        assertThat(count("corp", "failure", "invalid_signature")).isEqualTo(1);
        assertThat(count("other", "cancelled", "none")).isEqualTo(1);
    }

    @Test
    @DisplayName(
            "given the partner's own error codes, then they count as one reason (a partner cannot grow the label set)")
    void partnerErrorCodesShareOneLabel() {
        metrics.loginFailed("corp", "partner_error:server_error");
        metrics.loginFailed("corp", "partner_error:made_up_by_the_partner_" + System.nanoTime());
        metrics.loginFailed("corp", null);

        assertThat(count("corp", "failure", "partner_error")).isEqualTo(2);
        assertThat(count("corp", "failure", "unknown")).isEqualTo(1);
        assertThat(registry.find("partner.logins").counters()).hasSize(2);
    }

    @Test
    @DisplayName("given calls and rule evaluations, then their timers count by call or rule and outcome")
    void callsAndRules() {
        metrics.call("token", true, 5_000_000);
        metrics.call("token", false, 1_000_000);
        metrics.rule("mapping", "limit", 2_000_000);

        assertThat(registry.get("partner.calls")
                        .tags("call", "token", "outcome", "success")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("partner.calls")
                        .tags("call", "token", "outcome", "error")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("partner.rule.evaluations")
                        .tags("rule", "mapping", "outcome", "limit")
                        .timer()
                        .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
                .isEqualTo(2.0);
    }

    private double count(String idp, String outcome, String reason) {
        return registry.get("partner.logins")
                .tags("idp", idp, "outcome", outcome, "reason", reason)
                .counter()
                .count();
    }
}
