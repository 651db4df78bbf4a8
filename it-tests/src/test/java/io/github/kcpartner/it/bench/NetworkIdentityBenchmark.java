package io.github.kcpartner.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcpartner.it.harness.KeycloakExtension;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.harness.TestRealm;
import io.github.kcpartner.it.jims.JimsComponents;
import io.github.kcpartner.it.jims.JimsPair;
import io.github.kcpartner.it.keycloak.KeycloakAdminClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Load driver, not a test (not run by {@code ./test}): what {@code jims-network-identity} adds
 * to a password login when the client address is in the federation's table. Two clients of one
 * realm, each with its own browser flow (Keycloak's per-client flow override): username-password
 * alone, and {@code jims-network-identity} (hint) before it. A login, over HTTP with no browser
 * and no cookies kept between logins: the authorization request (the login page, where the step
 * runs), then the form's POST with alice's password, until the client's redirect with a code.
 * The two kinds alternate login by login. Run:
 * {@code mvn -B -ntp install -DskipTests && mvn -o -pl it-tests verify -Dit.test=NetworkIdentityBenchmark -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false}.
 * Writes {@code target/network-identity-benchmark.txt}.
 */
@ExtendWith(KeycloakExtension.class)
class NetworkIdentityBenchmark {

    private static final int WARM_UP = Integer.getInteger("bench.warmup", 200);
    private static final int MEASURED = Integer.getInteger("bench.logins", 1000);
    private static final String REALM = "bench-network";
    private static final String PASSWORD = "Bench-Network-1";
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final Pattern ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    @Test
    void loginWithAndWithoutNetworkIdentity(KeycloakServer server) throws Exception {
        serverBase = server.baseUrl();
        Path logs = Path.of(System.getProperty("it.log.dir", "target/it-logs"));
        try (JimsPair jims = JimsPair.start(
                        server.realmVariable("JIMS_CLIENT_SECRET"), logs.resolve("bench-network-ca.pem"));
                TestRealm realm = TestRealm.create(server, REALM)) {
            KeycloakAdminClient admin = server.admin();
            admin.post(
                            "/realms/" + REALM + "/users",
                            Map.of(
                                    "username",
                                    "alice",
                                    "enabled",
                                    true,
                                    "email",
                                    "alice@example.com",
                                    "emailVerified",
                                    true,
                                    "firstName",
                                    "Alice",
                                    "lastName",
                                    "Example",
                                    "credentials",
                                    List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false))))
                    .expect(201);
            jims.directory().logon("127.0.0.1", "corp.example.com", "alice");
            Map<String, List<String>> settings = new LinkedHashMap<>(JimsComponents.settings(jims));
            settings.put("usernameForm", List.of("user"));
            new JimsComponents(server, REALM).create("bench-jims", settings);

            io.github.kcpartner.it.flow.LoginFlows flows = new io.github.kcpartner.it.flow.LoginFlows(admin, REALM);
            for (String flow : List.of("bench-plain", "bench-jims")) {
                flows.createTopLevel(flow);
                if (flow.equals("bench-jims")) {
                    String step = flows.addStep(flow, "jims-network-identity", "REQUIRED");
                    // loopback is no private range: looked up only when listed
                    flows.configure(
                            step,
                            "bench-network",
                            io.github.kcpartner.it.flow.LoginFlows.config("jimsLookupCidrs", "127.0.0.0/8"));
                }
                flows.addStep(flow, "auth-username-password-form", "REQUIRED");
            }
            String plain = client(admin, realm, "bench-plain");
            String withJims = client(admin, realm, "bench-jims");

            for (int i = 0; i < WARM_UP; i++) {
                login(plain, realm, false);
                login(withJims, realm, true);
            }
            List<Long> plainNanos = new ArrayList<>();
            List<Long> jimsNanos = new ArrayList<>();
            for (int i = 0; i < MEASURED; i++) {
                plainNanos.add(login(plain, realm, false));
                jimsNanos.add(login(withJims, realm, true));
            }
            String report = String.format(
                    Locale.ROOT,
                    "password login over HTTP (login page + form POST), %d warm-up + %d measured each, alternated%n"
                            + "without jims-network-identity: p50 %.2f ms, p95 %.2f ms%n"
                            + "with jims-network-identity (hint, table hit): p50 %.2f ms, p95 %.2f ms%n"
                            + "difference p50 %+.2f ms, p95 %+.2f ms; ratio p50 %.3f, p95 %.3f%n",
                    WARM_UP,
                    MEASURED,
                    ms(plainNanos, 50),
                    ms(plainNanos, 95),
                    ms(jimsNanos, 50),
                    ms(jimsNanos, 95),
                    ms(jimsNanos, 50) - ms(plainNanos, 50),
                    ms(jimsNanos, 95) - ms(plainNanos, 95),
                    ms(jimsNanos, 50) / ms(plainNanos, 50),
                    ms(jimsNanos, 95) / ms(plainNanos, 95));
            System.out.print(report);
            Files.writeString(Path.of("target", "network-identity-benchmark.txt"), report);
        }
    }

    /** A public client whose browser flow is {@code flow}; returns its authorization request URL. */
    private static String client(KeycloakAdminClient admin, TestRealm realm, String flow) {
        String flowId = null;
        for (JsonNode f : admin.get("/realms/" + REALM + "/authentication/flows")
                .expect(200)
                .json()) {
            if (flow.equals(f.path("alias").asText())) {
                flowId = f.path("id").asText();
            }
        }
        admin.post(
                        "/realms/" + REALM + "/clients",
                        Map.of(
                                "clientId",
                                flow,
                                "publicClient",
                                true,
                                "standardFlowEnabled",
                                true,
                                "redirectUris",
                                List.of(realm.receiver().url()),
                                "authenticationFlowBindingOverrides",
                                Map.of("browser", flowId)))
                .expect(201);
        return "/realms/" + REALM + "/protocol/openid-connect/auth?client_id=" + flow
                + "&response_type=code&scope=openid&state=bench&redirect_uri="
                + URLEncoder.encode(realm.receiver().url(), StandardCharsets.UTF_8);
    }

    /** One password login; returns its duration in nanoseconds. */
    private static long login(String path, TestRealm realm, boolean hinted) throws Exception {
        Map<String, String> cookies = new LinkedHashMap<>();
        long begin = System.nanoTime();
        HttpResponse<String> page =
                send(HttpRequest.newBuilder(URI.create(serverBase + path)).GET(), cookies);
        assertThat(page.statusCode()).isEqualTo(200);
        if (hinted) {
            assertThat(page.body()).as("the username is pre-filled").contains("value=\"alice\"");
        }
        Matcher action = ACTION.matcher(page.body());
        assertThat(action.find()).as("a login form").isTrue();
        String form =
                "username=alice&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&credentialId=";
        HttpResponse<String> answer = send(
                HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)),
                cookies);
        String location = answer.headers().firstValue("Location").orElse("");
        assertThat(location)
                .as("redirect to the client after the password")
                .startsWith(realm.receiver().url())
                .contains("code=");
        return System.nanoTime() - begin;
    }

    private static String serverBase;

    private static HttpResponse<String> send(HttpRequest.Builder request, Map<String, String> cookies)
            throws Exception {
        if (!cookies.isEmpty()) {
            request.header(
                    "Cookie",
                    cookies.entrySet().stream()
                            .map(c -> c.getKey() + "=" + c.getValue())
                            .collect(Collectors.joining("; ")));
        }
        HttpResponse<String> answer =
                HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        for (String set : answer.headers().allValues("Set-Cookie")) {
            String pair = set.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0) {
                cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return answer;
    }

    private static double ms(List<Long> nanos, int percentile) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100)) / 1e6;
    }
}
