package io.github.kcpartner.it.partner;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kcpartner.it.harness.Browser;
import io.github.kcpartner.it.harness.KeycloakExtension;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.harness.PartnerLoginFlow;
import io.github.kcpartner.it.harness.TestRealm;
import io.github.kcpartner.it.op.OidcProviderPeer;
import io.github.kcpartner.it.support.MonitoringDocs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Keycloak's {@code /metrics} (management interface) after one partner login that succeeds
 * and one that a failing rule stops: logins by alias, outcome and reason, the partner calls
 * each made, the rule evaluation; no secret in the exposition; the shipped dashboard and
 * alert rules query these names.
 */
@ExtendWith(KeycloakExtension.class)
@DisplayName("partner logins, partner calls and rule evaluations on /metrics")
class PartnerMetricsIT {

    private static TestRealm realm;
    private static List<String> metrics;

    @BeforeAll
    static void loginTwice(KeycloakServer server, OidcProviderPeer op) throws Exception {
        realm = TestRealm.create(server, "partner-metrics");
        Path rules = Files.createDirectories(Path.of(System.getProperty("kc.home"), "partner-rules"));
        Files.writeString(rules.resolve("it-metrics-throws.js"), "throw new Error('metrics test');\n");
        Map<String, String> ok =
                PartnerFixture.codeFlowPartner(server, op, realm, "metrics-ok", "openid profile email");
        realm.putIdentityProvider("metrics-ok", "partner-openid-connect", ok);
        Map<String, String> failing =
                PartnerFixture.codeFlowPartner(server, op, realm, "metrics-rule", "openid profile email");
        failing.put("advancedConfigurationRule", "it-metrics-throws");
        realm.putIdentityProvider("metrics-rule", "partner-openid-connect", failing);

        try (Browser browser = Browser.start()) {
            assertThat(PartnerLoginFlow.login(browser, server, realm, "metrics-ok", "alice", "alice-password")
                            .success())
                    .isTrue();
        }
        try (Browser browser = Browser.start()) {
            assertThat(PartnerLoginFlow.login(browser, server, realm, "metrics-rule", "alice", "alice-password")
                            .success())
                    .isFalse();
        }
        metrics = List.of(server.admin()
                .getPublic(server.managementUrl() + "/metrics")
                .expect(200)
                .body()
                .split("\n"));
    }

    @AfterAll
    static void stop() {
        realm.close();
    }

    @Test
    @DisplayName(
            "given a successful login and one stopped by its rule, then each counts under its alias, outcome and reason, with the calls and the rule timed")
    void loginsCallsAndRules() {
        assertThat(value("partner_logins_total", "idp=\"metrics-ok\"", "outcome=\"success\"", "reason=\"none\""))
                .isEqualTo(1.0);
        assertThat(value(
                        "partner_logins_total",
                        "idp=\"metrics-rule\"",
                        "outcome=\"failure\"",
                        "reason=\"advanced_configuration_failed\""))
                .isEqualTo(1.0);
        assertThat(value("partner_calls_seconds_count", "call=\"token\"", "outcome=\"success\""))
                .isGreaterThanOrEqualTo(1.0);
        assertThat(value("partner_calls_seconds_count", "call=\"metadata\"", "outcome=\"success\""))
                .isGreaterThanOrEqualTo(1.0);
        assertThat(value("partner_rule_evaluations_seconds_count", "rule=\"it-metrics-throws\"", "outcome=\"runtime\""))
                .isEqualTo(1.0);
    }

    @Test
    @DisplayName("given the metrics exposition, then it holds no value of any vault entry of the run")
    void noSecretInLabels() throws Exception {
        String all = String.join("\n", metrics);
        try (var vault = Files.list(Path.of(System.getProperty("kc.vault.dir", "target/it-vault")))) {
            for (Path entry : vault.filter(Files::isRegularFile).toList()) {
                String secret = Files.readString(entry).strip();
                if (secret.length() >= 6) {
                    assertThat(all)
                            .as("vault entry %s on /metrics", entry.getFileName())
                            .doesNotContain(secret);
                }
            }
        }
    }

    @Test
    @DisplayName(
            "given the shipped Grafana dashboard and Prometheus alerts, then every partner_ metric they query is one Keycloak exposes")
    void dashboardsQueryRealMetrics() {
        List<String> names = MonitoringDocs.metricNames("partner_");
        assertThat(names)
                .contains(
                        "partner_logins_total",
                        "partner_calls_seconds_count",
                        "partner_rule_evaluations_seconds_count");
        for (String name : names) {
            assertThat(metrics)
                    .as("metric %s of docs/grafana or docs/prometheus", name)
                    .anyMatch(l -> l.startsWith(name + "{"));
        }
    }

    /** The value of the one sample of {@code name} whose labels include all of {@code labels}. */
    private static double value(String name, String... labels) {
        List<String> lines = metrics.stream()
                .filter(l -> l.startsWith(name + "{"))
                .filter(l -> List.of(labels).stream().allMatch(l::contains))
                .toList();
        assertThat(lines).as("%s with %s", name, List.of(labels)).hasSize(1);
        String line = lines.get(0);
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
}
