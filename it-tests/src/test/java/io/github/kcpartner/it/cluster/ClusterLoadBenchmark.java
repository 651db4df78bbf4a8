package io.github.kcpartner.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kcpartner.it.bench.HttpLogin;
import io.github.kcpartner.it.faultyop.ClientSettings;
import io.github.kcpartner.it.faultyop.FaultyOp;
import io.github.kcpartner.it.faultyop.RegisteredClient;
import io.github.kcpartner.it.harness.KeycloakExtension;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.harness.TestRealm;
import io.github.kcpartner.it.harness.TestVault;
import io.github.kcpartner.it.partner.PartnerFixture;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Load driver on the production shape, not a test ({@code ./test} does not run it): the two-node
 * cluster of {@link ClusterIT} on PostgreSQL, our fault-free OP, and {@code bench.users} (8)
 * concurrent users, each doing {@code bench.logins} (500) rounds of one login through
 * {@code partner-oidc} and one through Keycloak's built-in {@code oidc} broker (same OP, same
 * client settings, two realms so that each broker has its user), the order and the node
 * alternating round by round. Browser-less logins ({@link HttpLogin}). Reports failures, p50 and
 * p95 of each and their ratio to {@code target/cluster-load-benchmark.txt}. Run:
 * {@code mvn -B -ntp install -DskipTests && mvn -o -pl it-tests verify -Dit.test=ClusterLoadBenchmark -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@ExtendWith(KeycloakExtension.class)
class ClusterLoadBenchmark {

    private static final int USERS = Integer.getInteger("bench.users", 8);
    private static final int ROUNDS = Integer.getInteger("bench.logins", 500);
    private static final int WARM_UP = Integer.getInteger("bench.warmup", 50);

    @Test
    void partnerOidcVersusBuiltInOidcOnTwoNodes(KeycloakServer shared) throws Exception {
        Path logs = Path.of(System.getProperty("it.log.dir", "target/it-logs"), "cluster");
        try (PostgresServer db = PostgresServer.start(logs);
                KeycloakCluster cluster = KeycloakCluster.start(db, shared);
                FaultyOp op = new FaultyOp().start()) {
            List<KeycloakCluster.Node> nodes = List.of(cluster.a(), cluster.b());
            Map<String, HttpLogin[]> logins = new LinkedHashMap<>();
            logins.put("partner-oidc", logins(nodes, op, "load-partner", "partner-openid-connect"));
            logins.put("oidc", logins(nodes, op, "load-builtin", "oidc"));
            for (int i = 0; i < WARM_UP; i++) { // the first login of each realm also creates its user
                for (HttpLogin[] perNode : logins.values()) {
                    perNode[i % 2].run();
                }
            }
            Map<String, ConcurrentLinkedQueue<Long>> nanos = new LinkedHashMap<>();
            logins.keySet().forEach(k -> nanos.put(k, new ConcurrentLinkedQueue<>()));
            AtomicInteger failures = new AtomicInteger();
            List<String> firstFailures = Collections.synchronizedList(new ArrayList<>());
            ExecutorService users = Executors.newFixedThreadPool(USERS);
            long begin = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int u = 0; u < USERS; u++) {
                int user = u;
                done.add(users.submit(() -> {
                    for (int round = 0; round < ROUNDS; round++) {
                        List<String> order = new ArrayList<>(logins.keySet());
                        if ((round + user) % 2 == 1) {
                            Collections.reverse(order);
                        }
                        for (String kind : order) {
                            try {
                                nanos.get(kind).add(logins.get(kind)[(round + user) % 2].run());
                            } catch (Exception | AssertionError e) {
                                failures.incrementAndGet();
                                if (firstFailures.size() < 5) {
                                    firstFailures.add(kind + ": " + e.getMessage());
                                }
                            }
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            users.shutdown();
            double seconds = (System.nanoTime() - begin) / 1e9;
            List<Long> ours = new ArrayList<>(nanos.get("partner-oidc"));
            List<Long> builtIn = new ArrayList<>(nanos.get("oidc"));
            String report = String.format(
                    Locale.ROOT,
                    "two Keycloak nodes (start --optimized, PostgreSQL, ispn), %d concurrent users x %d rounds,"
                            + " nodes and order alternating, %d warm-up logins each, %.0f s%n"
                            + "failures: %d %s%n"
                            + "partner-oidc: %d logins, p50 %.2f ms, p95 %.2f ms%n"
                            + "built-in oidc: %d logins, p50 %.2f ms, p95 %.2f ms%n"
                            + "ratio partner-oidc / oidc: p50 %.3f, p95 %.3f%n",
                    USERS,
                    ROUNDS,
                    WARM_UP,
                    seconds,
                    failures.get(),
                    firstFailures,
                    ours.size(),
                    ms(ours, 50),
                    ms(ours, 95),
                    builtIn.size(),
                    ms(builtIn, 50),
                    ms(builtIn, 95),
                    ms(ours, 50) / ms(builtIn, 50),
                    ms(ours, 95) / ms(builtIn, 95));
            System.out.print(report);
            Files.writeString(Path.of("target", "cluster-load-benchmark.txt"), report);
            assertThat(failures.get()).as(report).isZero();
        }
    }

    /** A realm with one broker of {@code providerId} to the OP; a login per node. */
    private static HttpLogin[] logins(
            List<KeycloakCluster.Node> nodes, FaultyOp op, String realmName, String providerId) {
        TestRealm realm = TestRealm.create(nodes.get(0), realmName);
        String alias = "partner";
        ClientSettings.Builder settings = ClientSettings.builder();
        for (KeycloakCluster.Node node : nodes) {
            settings.redirectUri(node.baseUrl() + "/realms/" + realmName + "/broker/" + alias + "/endpoint");
        }
        RegisteredClient client = op.registerClient(settings.build());
        Map<String, String> config = PartnerFixture.faultyOpConfig(op, client, alias);
        if ("oidc".equals(providerId)) {
            config = new LinkedHashMap<>();
            config.put("clientId", client.clientId());
            config.put("clientSecret", TestVault.shared("client_" + client.clientId(), client.clientSecret()));
            config.put("clientAuthMethod", "client_secret_basic");
            config.put("issuer", op.issuer());
            config.put("authorizationUrl", op.authorizationEndpoint().toString());
            config.put("tokenUrl", op.tokenEndpoint().toString());
            config.put("userInfoUrl", op.userinfoEndpoint().toString());
            config.put("jwksUrl", op.jwksUri().toString());
            config.put("useJwksUrl", "true");
            config.put("validateSignature", "true");
            config.put("defaultScope", "openid profile email");
            config.put("syncMode", "IMPORT");
        }
        realm.putIdentityProvider(alias, providerId, config);
        HttpLogin[] perNode = new HttpLogin[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            String start = nodes.get(i).baseUrl() + "/realms/" + realmName + "/protocol/openid-connect/auth?client_id="
                    + TestRealm.CLIENT_ID + "&response_type=code&scope=openid&state=load&kc_idp_hint=" + alias
                    + "&redirect_uri=" + URLEncoder.encode(realm.receiver().url(), StandardCharsets.UTF_8);
            perNode[i] = new HttpLogin(start, realm.receiver().url());
        }
        return perNode;
    }

    private static double ms(List<Long> nanos, int percentile) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.isEmpty()
                ? Double.NaN
                : sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100)) / 1e6;
    }
}
