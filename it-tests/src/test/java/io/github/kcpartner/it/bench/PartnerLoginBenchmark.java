package io.github.kcpartner.it.bench;

import io.github.kcpartner.it.faultyop.ClientSettings;
import io.github.kcpartner.it.faultyop.FaultyOp;
import io.github.kcpartner.it.faultyop.RegisteredClient;
import io.github.kcpartner.it.harness.KeycloakExtension;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.harness.TestRealm;
import io.github.kcpartner.it.partner.PartnerFixture;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Load driver, not a test (not run by {@code ./test}): complete partner logins over HTTP (no
 * browser) against the real Keycloak and our fault-injecting OP, which answers the authorization
 * request at once. Each login starts with no cookies: client auth request with
 * {@code kc_idp_hint} -> partner-oidc -> OP -> callback (code redemption, ID token checks) ->
 * the client's redirect with a code. Two identical realms, alternated login by login: one
 * provider without rules, one with an advanced-configuration rule and a JavaScript identity
 * mapping, so the ratio is what the rule sandbox adds to a login. Run:
 * {@code mvn -B -ntp install -DskipTests && mvn -o -pl it-tests verify -Dit.test=PartnerLoginBenchmark -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false}.
 * Writes {@code target/partner-login-benchmark.txt}.
 */
@ExtendWith(KeycloakExtension.class)
class PartnerLoginBenchmark {

    private static final int WARM_UP = Integer.getInteger("bench.warmup", 100);
    private static final int MEASURED = Integer.getInteger("bench.logins", 400);

    @Test
    void partnerLoginWithAndWithoutRules(KeycloakServer server) throws Exception {
        Path rules = Files.createDirectories(Path.of(System.getProperty("kc.home"), "partner-rules"));
        Files.writeString(
                rules.resolve("bench-advanced.js"),
                String.join(
                        "\n",
                        "result.setParameter('ui_locales', 'en');",
                        "result.setParameter('login_hint', 'hint-' + (request.clientId || 'none'));",
                        ""));
        Files.writeString(
                rules.resolve("bench-identity.js"),
                String.join(
                        "\n",
                        "result.setUsername('js-' + claims.idToken.sub);",
                        "result.setAttribute('partnerEmail', claims.userinfo.email || claims.idToken.email || 'none');",
                        "result.setAttribute('mappedFrom', identity.username);",
                        "result.addGroup('partners');",
                        ""));

        try (FaultyOp op = new FaultyOp().start()) {
            HttpLogin plain = setUp(server, op, "bench-plain", Map.of());
            HttpLogin withRules = setUp(
                    server,
                    op,
                    "bench-rules",
                    Map.of(
                            "advancedConfigurationRule",
                            "bench-advanced",
                            "identityMapping",
                            "javascript",
                            "identityMappingRule",
                            "bench-identity"));
            for (int i = 0; i < WARM_UP; i++) {
                plain.run();
                withRules.run();
            }
            List<Long> plainNanos = new ArrayList<>();
            List<Long> rulesNanos = new ArrayList<>();
            for (int i = 0; i < MEASURED; i++) {
                plainNanos.add(plain.run());
                rulesNanos.add(withRules.run());
            }
            String report = String.format(
                    java.util.Locale.ROOT,
                    "partner login over HTTP, %d warm-up + %d measured each, alternated%n"
                            + "without rules: p50 %.2f ms, p95 %.2f ms%n"
                            + "with advanced-configuration + identity-mapping rules: p50 %.2f ms, p95 %.2f ms%n"
                            + "ratio p50 %.3f, p95 %.3f%n",
                    WARM_UP,
                    MEASURED,
                    ms(plainNanos, 50),
                    ms(plainNanos, 95),
                    ms(rulesNanos, 50),
                    ms(rulesNanos, 95),
                    ms(rulesNanos, 50) / ms(plainNanos, 50),
                    ms(rulesNanos, 95) / ms(plainNanos, 95));
            System.out.print(report);
            Files.writeString(Path.of("target", "partner-login-benchmark.txt"), report);
        }
    }

    private static HttpLogin setUp(KeycloakServer server, FaultyOp op, String realmName, Map<String, String> extra) {
        TestRealm realm = TestRealm.create(server, realmName);
        String alias = "partner";
        String base = server.baseUrl();
        RegisteredClient client = op.registerClient(ClientSettings.builder()
                .redirectUri(base + "/realms/" + realmName + "/broker/" + alias + "/endpoint")
                .build());
        Map<String, String> config = PartnerFixture.faultyOpConfig(op, client, alias);
        config.putAll(extra);
        realm.putIdentityProvider(alias, "partner-openid-connect", config);
        String start = base + "/realms/" + realmName + "/protocol/openid-connect/auth?client_id="
                + TestRealm.CLIENT_ID + "&response_type=code&scope=openid&state=bench&kc_idp_hint=" + alias
                + "&redirect_uri=" + URLEncoder.encode(realm.receiver().url(), StandardCharsets.UTF_8);
        return new HttpLogin(start, realm.receiver().url());
    }

    private static double ms(List<Long> nanos, int percentile) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100)) / 1e6;
    }
}
