package io.github.kcpartner.jims.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kcpartner.jims.client.QueryKind;
import io.github.kcpartner.jims.client.ServerRole;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class JimsMetricsTest {

    @Test
    void countsQueriesFailoversAndLookupTime() {
        SimpleMeterRegistry r = new SimpleMeterRegistry();
        JimsMetrics m = new JimsMetrics(r);
        m.onRequest(ServerRole.PRIMARY, QueryKind.IP, true, 2_000_000);
        m.onRequest(ServerRole.PRIMARY, QueryKind.IP, false, 1_000_000);
        m.onRequest(ServerRole.SECONDARY, QueryKind.BATCH, true, 1_000_000);
        m.onServerStateChange(ServerRole.PRIMARY, false);
        m.onServerStateChange(ServerRole.PRIMARY, true);
        assertThat(r.get("jims.queries")
                        .tags("server", "primary", "kind", "ip", "outcome", "success")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(r.get("jims.queries")
                        .tags("server", "primary", "kind", "ip", "outcome", "error")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(r.get("jims.queries")
                        .tags("server", "secondary", "kind", "batch")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(r.get("jims.failovers").counter().count()).isEqualTo(1);
        m.onRefused(QueryKind.IP, io.github.kcpartner.jims.client.QueryRefusal.RATE_LIMITED);
        m.onRefused(QueryKind.IP, io.github.kcpartner.jims.client.QueryRefusal.RATE_LIMITED);
        m.onRefused(QueryKind.IP, io.github.kcpartner.jims.client.QueryRefusal.BUSY);
        assertThat(r.get("jims.queries")
                        .tags("server", "none", "kind", "ip", "outcome", "rate_limited")
                        .counter()
                        .count())
                .as("refused before any server")
                .isEqualTo(2);
        assertThat(r.get("jims.queries")
                        .tags("server", "none", "kind", "ip", "outcome", "busy")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(r.get("jims.lookup").timer().count()).isEqualTo(2);
    }
}
