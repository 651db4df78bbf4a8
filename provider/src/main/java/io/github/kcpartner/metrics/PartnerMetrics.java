package io.github.kcpartner.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Partner logins, partner calls and rule evaluations on Micrometer (Keycloak's registry, on
 * {@code /metrics} of the management interface when metrics are enabled):
 * <ul>
 *   <li>{@code partner_logins_total{idp,outcome,reason}}: outcome {@code success},
 *       {@code failure} or {@code cancelled}; reason the event reason of a failure
 *       ({@code none} otherwise), a partner's own error code reduced to {@code partner_error};</li>
 *   <li>{@code partner_calls_seconds{call,outcome}}: call {@code metadata}, {@code jwks},
 *       {@code token}, {@code userinfo} or {@code sts}; outcome {@code success} or {@code error};</li>
 *   <li>{@code partner_rule_evaluations_seconds{rule,outcome}}: outcome {@code success} or the
 *       refusal ({@code not_found}, {@code compile}, {@code runtime}, {@code limit}, {@code invalid_result}).</li>
 * </ul>
 * Labels hold only names an administrator chose (aliases, rule names) and fixed words: never a
 * token, claim, user or secret.
 */
public final class PartnerMetrics {

    private static final PartnerMetrics GLOBAL = new PartnerMetrics(Metrics.globalRegistry);

    private final MeterRegistry registry;

    public PartnerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Metrics on Micrometer's global registry, the one Keycloak's Quarkus exports. */
    public static PartnerMetrics global() {
        return GLOBAL;
    }

    public void loginSucceeded(String idp) {
        login(idp, "success", "none");
    }

    public void loginCancelled(String idp) {
        login(idp, "cancelled", "none");
    }

    public void loginFailed(String idp, String reason) {
        login(idp, "failure", label(reason));
    }

    public void call(String call, boolean success, long durationNanos) {
        Timer.builder("partner.calls")
                .description("Calls to partners and identity-mapping services")
                .tag("call", call)
                .tag("outcome", success ? "success" : "error")
                .register(registry)
                .record(durationNanos, TimeUnit.NANOSECONDS);
    }

    public void rule(String rule, String outcome, long durationNanos) {
        Timer.builder("partner.rule.evaluations")
                .description("JavaScript rule evaluations")
                .tag("rule", rule)
                .tag("outcome", outcome)
                .register(registry)
                .record(durationNanos, TimeUnit.NANOSECONDS);
    }

    private void login(String idp, String outcome, String reason) {
        Counter.builder("partner.logins")
                .description("Logins through Partner OpenID Connect identity providers")
                .tag("idp", idp)
                .tag("outcome", outcome)
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    /** A reason as a label: the partner's own error codes are not a bounded set, so they count together. */
    static String label(String reason) {
        if (reason == null || reason.isBlank()) {
            return "unknown";
        }
        return reason.startsWith("partner_error:") ? "partner_error" : reason;
    }
}
