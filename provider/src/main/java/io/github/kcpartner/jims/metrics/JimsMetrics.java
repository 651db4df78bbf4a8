package io.github.kcpartner.jims.metrics;

import io.github.kcpartner.jims.client.JimsClientListener;
import io.github.kcpartner.jims.client.QueryKind;
import io.github.kcpartner.jims.client.QueryRefusal;
import io.github.kcpartner.jims.client.ServerRole;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Feeds Micrometer (Keycloak's registry, {@code /metrics} when metrics are enabled):
 * {@code jims_queries_total{server,kind,outcome}}, {@code jims_failovers_total} (primary went
 * Offline) and {@code jims_lookup_seconds} (IP and user queries). A query refused before it reached
 * a server counts with {@code server="none"} and outcome {@code rate_limited} or {@code busy}.
 */
public final class JimsMetrics implements JimsClientListener {

    private final MeterRegistry registry;

    public JimsMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Metrics on Micrometer's global registry (the one Keycloak's Quarkus exports). */
    public static JimsMetrics global() {
        return new JimsMetrics(Metrics.globalRegistry);
    }

    @Override
    public void onRequest(ServerRole role, QueryKind kind, boolean success, long durationNanos) {
        Counter.builder("jims.queries")
                .description("Requests sent to JIMS servers")
                .tag("server", role.name().toLowerCase(Locale.ROOT))
                .tag("kind", kind.name().toLowerCase(Locale.ROOT))
                .tag("outcome", success ? "success" : "error")
                .register(registry)
                .increment();
        if (kind == QueryKind.IP || kind == QueryKind.USER) {
            Timer.builder("jims.lookup")
                    .description("Duration of JIMS IP and user queries")
                    .register(registry)
                    .record(durationNanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void onRefused(QueryKind kind, QueryRefusal why) {
        Counter.builder("jims.queries")
                .description("Requests sent to JIMS servers")
                .tag("server", "none")
                .tag("kind", kind.name().toLowerCase(Locale.ROOT))
                .tag("outcome", why.label())
                .register(registry)
                .increment();
    }

    @Override
    public void onServerStateChange(ServerRole role, boolean online) {
        if (role == ServerRole.PRIMARY && !online) {
            Counter.builder("jims.failovers")
                    .description("Primary JIMS server went Offline")
                    .register(registry)
                    .increment();
        }
    }
}
