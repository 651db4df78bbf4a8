package io.github.kcpartner.jims.metrics;

import io.github.kcpartner.jims.client.JimsClientListener;
import io.github.kcpartner.jims.client.QueryKind;
import io.github.kcpartner.jims.client.QueryRefusal;
import io.github.kcpartner.jims.client.ServerRole;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Feeds Micrometer (Keycloak's registry, {@code /metrics} when metrics are enabled):
 * {@code jims_queries_total{server,kind,outcome}}, {@code jims_failovers_total} (primary went
 * Offline) and {@code jims_lookup_seconds} (IP and user queries). A query refused before it reached
 * a server counts with {@code server="none"} and outcome {@code rate_limited} or {@code busy}.
 * The identity table on this node: {@code jims_table_entries} and {@code jims_table_evictions_total}.
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

    /**
     * {@code jims_table_entries}: the identity table's entries on this node, read from {@code table}
     * by {@code size} when scraped (must be cheap: no cluster-wide count).
     */
    public static <T> void tableEntries(MeterRegistry registry, T table, ToDoubleFunction<T> size) {
        Gauge.builder("jims.table.entries", table, size)
                .description("Entries of the JIMS identity table on this node")
                .strongReference(true)
                .register(registry);
    }

    /** {@code jims_table_evictions_total}: entries the identity table evicted on this node because it was full. */
    public static Counter tableEvictions(MeterRegistry registry) {
        return Counter.builder("jims.table.evictions")
                .description("Entries the full JIMS identity table evicted on this node")
                .register(registry);
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
