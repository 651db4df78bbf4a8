package io.github.kcpartner.it.bench;

import static io.github.kcpartner.it.flow.LoginFlows.config;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcpartner.it.flow.LoginFlows;
import io.github.kcpartner.it.harness.KeycloakExtension;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.harness.StandaloneServer;
import io.github.kcpartner.it.harness.TestRealm;
import io.github.kcpartner.it.jims.JimsComponents;
import io.github.kcpartner.it.jims.JimsPair;
import io.github.kcpartner.it.jims.RequestKind;
import io.github.kcpartner.it.keycloak.KeycloakAdminClient;
import io.github.kcpartner.it.proxy.NginxProxy;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Load driver, not a test (not run by {@code ./test}): {@code jims-network-identity} (hint) behind
 * nginx while a flood of distinct client addresses arrives (issue #21). The login step trusts
 * nginx (127.0.0.2) and the load driver's own hop (127.0.0.1, an upstream proxy that vouches for
 * its clients), so the right-most untrusted entry of each flood request's chain is its
 * {@code X-Forwarded-For} address: 10,000 distinct 10.200.x.y addresses (only strings; nothing is
 * sent there) paced over one minute, none known to JIMS, each one a table miss. Meanwhile known
 * users log in with their password from addresses JIMS knows (10.1.0.x, table hits), and the same
 * logins run first on a quiet server for comparison.
 *
 * <p>Reports: the JIMS simulators' IP queries per second during the flood (each second and the
 * mean; the component's {@code ipQueriesPerSecond} bound, default 20, should cap it), the
 * component's cache size where the provider exposes one, and p50/p95 of the password logins quiet
 * vs during the flood (ratio). Asserts only that every login worked, never a time. Run:
 * {@code mvn -B -ntp verify -pl it-tests -am -Dit.test=NetworkFloodBenchmark -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false}
 * (writes {@code it-tests/target/network-flood-benchmark.txt}).
 */
@ExtendWith(KeycloakExtension.class)
class NetworkFloodBenchmark {

    private static final int FLOOD = Integer.getInteger("bench.flood", 10_000);
    private static final int FLOOD_SECONDS = Integer.getInteger("bench.floodSeconds", 60);
    private static final int QUIET = Integer.getInteger("bench.logins", 200);
    private static final int WARM_UP = Integer.getInteger("bench.warmup", 50);
    private static final int USERS = 4;
    private static final int LOGIN_THREADS = 2;
    private static final int FLOOD_IN_FLIGHT = 64;
    private static final String REALM = "bench-flood";
    private static final String DOMAIN = "corp.example.com";
    private static final String PASSWORD = "Bench-Flood-1";
    private static final String TRUSTED_PROXIES = NginxProxy.BIND_ADDRESS + "/32##127.0.0.1/32";
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final Pattern ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    private String authUrl;
    private String receiver;

    @Test
    void floodOfDistinctAddressesThroughTheTrustedProxy(KeycloakServer shared) throws Exception {
        Path logs = Path.of(System.getProperty("it.log.dir", "target/it-logs"));
        try (StandaloneServer keycloak = StandaloneServer.start(
                        "network-flood",
                        shared,
                        List.of("--proxy-headers=xforwarded", "--proxy-trusted-addresses=" + NginxProxy.BIND_ADDRESS));
                NginxProxy proxy = NginxProxy.start("network-flood", keycloak.httpPort(), logs);
                JimsPair jims =
                        JimsPair.start(shared.realmVariable("JIMS_CLIENT_SECRET"), logs.resolve("bench-flood-ca.pem"));
                TestRealm realm = TestRealm.create(keycloak, REALM)) {
            String componentId = setUp(keycloak, realm, jims);
            receiver = realm.receiver().url();
            authUrl = proxy.baseUrl() + "/realms/" + REALM + "/protocol/openid-connect/auth?client_id="
                    + TestRealm.CLIENT_ID + "&response_type=code&scope=openid&state=bench&redirect_uri="
                    + URLEncoder.encode(receiver, StandardCharsets.UTF_8);

            for (int i = 0; i < WARM_UP; i++) {
                login(i % USERS + 1);
            }
            LoginRun quiet = logins(() -> true, QUIET, () -> true);

            long ipBefore = ipQueries(jims);
            List<Long> perSecond = Collections.synchronizedList(new ArrayList<>());
            ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
            long[] lastCount = {ipBefore};
            timers.scheduleAtFixedRate(
                    () -> {
                        long now = ipQueries(jims);
                        perSecond.add(now - lastCount[0]);
                        lastCount[0] = now;
                    },
                    1,
                    1,
                    TimeUnit.SECONDS);
            Flood flood = new Flood("10.200.");
            AtomicBoolean flooding = new AtomicBoolean(true);
            flood.start(timers);
            boolean[] floodDone = {false};
            LoginRun loaded = logins(flooding::get, Integer.MAX_VALUE, () -> {
                floodDone[0] = flood.awaitDone();
                flooding.set(false);
                return true;
            });
            timers.shutdownNow();
            long ipDuring = ipQueries(jims) - ipBefore;
            double floodSeconds = flood.answeredSeconds();

            // the control: the same flood from addresses outside "Networks to look up" (172.31.x.y), so the
            // server does the same work but asks JIMS nothing; its login latencies are the fair baseline
            ScheduledExecutorService controlTimers = Executors.newScheduledThreadPool(2);
            Flood control = new Flood("172.31.");
            AtomicBoolean controlling = new AtomicBoolean(true);
            control.start(controlTimers);
            LoginRun controlled = logins(controlling::get, Integer.MAX_VALUE, () -> {
                control.awaitDone();
                controlling.set(false);
                return true;
            });
            controlTimers.shutdownNow();
            long ipControl = ipQueries(jims) - ipBefore - ipDuring;

            String report = String.format(
                    Locale.ROOT,
                    "flood through nginx (trusted: %s): %d of %d distinct X-Forwarded-For addresses sent in %.1f s"
                            + " (target %d s, sending stops after %d s), %.1f/s; %d answered after %.1f s%s;"
                            + " answers by status %s, errors %d%n"
                            + "JIMS IP queries during the flood: %d in all; per second %s; max %d/s, mean %.1f/s"
                            + " (component's ipQueriesPerSecond: default 20) -> %s%n"
                            + "component counters: %s%n"
                            + "cache size: %s%n"
                            + "password logins (%d users, %d threads, table hits): quiet %d logins p50 %.2f ms, p95 %.2f ms;"
                            + " during the flood %d logins p50 %.2f ms, p95 %.2f ms; ratio p50 %.2f, p95 %.2f;"
                            + " failures quiet %d, flood %d%n"
                            + "control flood (%d addresses outside the networks looked up, %d JIMS queries): %d logins"
                            + " p50 %.2f ms, p95 %.2f ms; JIMS flood vs control: p50 %.2f, p95 %.2f%n",
                    TRUSTED_PROXIES,
                    flood.sent.get(),
                    FLOOD,
                    flood.sendingSeconds(),
                    FLOOD_SECONDS,
                    2 * FLOOD_SECONDS,
                    flood.sent.get() / flood.sendingSeconds(),
                    flood.answered(),
                    floodSeconds,
                    floodDone[0] ? "" : " (NOT all answered: gave up waiting)",
                    flood.statuses,
                    flood.errors.get(),
                    ipDuring,
                    perSecond,
                    perSecond.stream().mapToLong(Long::longValue).max().orElse(0),
                    ipDuring / floodSeconds,
                    perSecond.stream().allMatch(n -> n <= 20) ? "within 20/s" : "OVER 20/s",
                    counters(keycloak, componentId),
                    cacheSize(keycloak, componentId),
                    USERS,
                    LOGIN_THREADS,
                    quiet.nanos.size(),
                    ms(quiet.nanos, 50),
                    ms(quiet.nanos, 95),
                    loaded.nanos.size(),
                    ms(loaded.nanos, 50),
                    ms(loaded.nanos, 95),
                    ms(loaded.nanos, 50) / ms(quiet.nanos, 50),
                    ms(loaded.nanos, 95) / ms(quiet.nanos, 95),
                    quiet.failures.size(),
                    loaded.failures.size(),
                    control.sent.get(),
                    ipControl,
                    controlled.nanos.size(),
                    ms(controlled.nanos, 50),
                    ms(controlled.nanos, 95),
                    ms(loaded.nanos, 50) / ms(controlled.nanos, 50),
                    ms(loaded.nanos, 95) / ms(controlled.nanos, 95));
            System.out.print(report);
            Files.writeString(Path.of("target", "network-flood-benchmark.txt"), report);
            assertThat(quiet.failures).as("password logins on the quiet server").isEmpty();
            assertThat(loaded.failures).as("password logins during the flood").isEmpty();
            assertThat(floodDone[0]).as("every flood request sent was answered").isTrue();
            assertThat(flood.errors.get())
                    .as("flood requests without an answer")
                    .isZero();
        }
    }

    /** Users user1..user4 with a password, JIMS logons at 10.1.0.1..4, a federation and the hint flow; returns the component id. */
    private static String setUp(StandaloneServer keycloak, TestRealm realm, JimsPair jims) {
        KeycloakAdminClient admin = keycloak.admin();
        for (int i = 1; i <= USERS; i++) {
            admin.post(
                            "/realms/" + REALM + "/users",
                            Map.of(
                                    "username",
                                    "user" + i,
                                    "enabled",
                                    true,
                                    "email",
                                    "user" + i + "@example.com",
                                    "emailVerified",
                                    true,
                                    "firstName",
                                    "User",
                                    "lastName",
                                    "Number" + i,
                                    "credentials",
                                    List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false))))
                    .expect(201);
            jims.directory().logon("10.1.0." + i, DOMAIN, "user" + i, "VPN-Users");
        }
        Map<String, List<String>> settings = new LinkedHashMap<>(JimsComponents.settings(jims));
        settings.put("usernameForm", List.of("user"));
        settings.put("queryInterval", List.of("60"));
        String componentId = new JimsComponents(keycloak, REALM).create("bench-flood-jims", settings);

        LoginFlows flows = new LoginFlows(admin, REALM);
        flows.createTopLevel("flood-browser");
        flows.addSubFlow("flood-browser", "flood-forms", "ALTERNATIVE");
        String step = flows.addStep("flood-forms", "jims-network-identity", "REQUIRED");
        flows.addStep("flood-forms", "auth-username-password-form", "REQUIRED");
        flows.configure(
                step,
                "flood",
                config(
                        "jimsMode",
                        "hint",
                        "jimsComponent",
                        "bench-flood-jims",
                        "jimsHintForm",
                        "user",
                        "jimsTrustedProxies",
                        TRUSTED_PROXIES,
                        "jimsLookupCidrs",
                        "10.0.0.0/8##127.0.0.0/8"));
        admin.put("/realms/" + REALM, Map.of("realm", REALM, "browserFlow", "flood-browser"))
                .expect(204);
        return componentId;
    }

    /**
     * The flood: {@link #FLOOD} authorization requests, each from its own address, paced over
     * {@link #FLOOD_SECONDS}, at most {@link #FLOOD_IN_FLIGHT} unanswered at a time; sending stops
     * after twice that time even when not all were sent (the server's pace is then the figure).
     */
    private final class Flood {
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        private final Semaphore inFlight = new Semaphore(FLOOD_IN_FLIGHT);
        private final CountDownLatch stopped = new CountDownLatch(1);
        private final java.util.concurrent.atomic.AtomicReference<java.util.concurrent.ScheduledFuture<?>> ticks =
                new java.util.concurrent.atomic.AtomicReference<>();
        private final String prefix;
        private final long begin = System.nanoTime();
        private final long hardStop = begin + TimeUnit.SECONDS.toNanos(2L * FLOOD_SECONDS);
        private volatile long sendingNanos;
        private volatile long answeredNanos;

        /** A flood from {@code prefix}x.y addresses (two octets follow). */
        Flood(String prefix) {
            this.prefix = prefix;
        }

        /** Sends a tenth of a second's share every 100 ms (blocking while {@link #FLOOD_IN_FLIGHT} are unanswered). */
        void start(ScheduledExecutorService timers) {
            int perTick = Math.max(1, FLOOD / (FLOOD_SECONDS * 10));
            ticks.set(timers.scheduleAtFixedRate(
                    () -> {
                        for (int k = 0; k < perTick && sent.get() < FLOOD && System.nanoTime() < hardStop; k++) {
                            send(sent.getAndIncrement());
                        }
                        if ((sent.get() >= FLOOD || System.nanoTime() >= hardStop) && stopped.getCount() > 0) {
                            sendingNanos = System.nanoTime() - begin;
                            stopped.countDown();
                            ticks.get().cancel(false);
                        }
                    },
                    0,
                    100,
                    TimeUnit.MILLISECONDS));
        }

        private void send(int i) {
            String address = prefix + (i / 250) + "." + (i % 250 + 1);
            inFlight.acquireUninterruptibly();
            HTTP.sendAsync(
                            HttpRequest.newBuilder(URI.create(authUrl))
                                    .timeout(Duration.ofSeconds(60))
                                    .header("X-Forwarded-For", address)
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .whenComplete((r, e) -> {
                        if (e != null) {
                            errors.incrementAndGet();
                        } else {
                            statuses.computeIfAbsent(r.statusCode(), s -> new AtomicInteger())
                                    .incrementAndGet();
                        }
                        inFlight.release();
                    });
        }

        /** Waits until sending stopped and every request sent was answered (or failed); false when that took too long. */
        boolean awaitDone() throws InterruptedException {
            boolean done = stopped.await(2L * FLOOD_SECONDS + 30, TimeUnit.SECONDS)
                    && inFlight.tryAcquire(FLOOD_IN_FLIGHT, 120, TimeUnit.SECONDS);
            answeredNanos = System.nanoTime() - begin;
            return done;
        }

        double sendingSeconds() {
            return sendingNanos / 1e9;
        }

        double answeredSeconds() {
            return answeredNanos / 1e9;
        }

        int answered() {
            return statuses.values().stream().mapToInt(AtomicInteger::get).sum();
        }
    }

    /** Latencies and failures of one series of password logins. */
    private record LoginRun(List<Long> nanos, List<String> failures) {}

    /**
     * {@link #LOGIN_THREADS} threads log users in, {@code count} logins in all, or with
     * {@code count} unbounded while {@code more} holds; {@code waiter} runs on this thread meanwhile.
     */
    private LoginRun logins(java.util.function.BooleanSupplier more, int count, java.util.concurrent.Callable<?> waiter)
            throws Exception {
        List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < LOGIN_THREADS; t++) {
            Thread thread = new Thread(
                    () -> {
                        int i;
                        while (more.getAsBoolean() && (i = next.getAndIncrement()) < count) {
                            try {
                                nanos.add(login(i % USERS + 1));
                            } catch (Exception | AssertionError e) {
                                failures.add(e.toString());
                            }
                        }
                    },
                    "flood-login-" + t);
            thread.start();
            threads.add(thread);
        }
        waiter.call();
        for (Thread thread : threads) {
            thread.join();
        }
        return new LoginRun(new ArrayList<>(nanos), new ArrayList<>(failures));
    }

    /** One password login of user{@code n} from 10.1.0.{@code n} (vouched for by the trusted hop); returns its duration. */
    private long login(int n) throws Exception {
        String address = "10.1.0." + n;
        Map<String, String> cookies = new LinkedHashMap<>();
        long begin = System.nanoTime();
        HttpResponse<String> page = send(
                HttpRequest.newBuilder(URI.create(authUrl))
                        .header("X-Forwarded-For", address)
                        .GET(),
                cookies);
        assertThat(page.statusCode()).as("login page").isEqualTo(200);
        assertThat(page.body()).as("the hint of the JIMS user at %s", address).contains("value=\"user" + n + "\"");
        Matcher action = ACTION.matcher(page.body());
        assertThat(action.find()).as("a login form").isTrue();
        String form = "username=user" + n + "&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)
                + "&credentialId=";
        HttpResponse<String> answer = send(
                HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                        .header("X-Forwarded-For", address)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)),
                cookies);
        assertThat(answer.headers().firstValue("Location").orElse(""))
                .as("redirect to the client after the password")
                .startsWith(receiver)
                .contains("code=");
        return System.nanoTime() - begin;
    }

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
                HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        for (String set : answer.headers().allValues("Set-Cookie")) {
            String pair = set.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0) {
                cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return answer;
    }

    private static long ipQueries(JimsPair jims) {
        return jims.primary().count(RequestKind.IP) + jims.secondary().count(RequestKind.IP);
    }

    /** The component's IP query counters per server (ipQueriesSent, ipQueryErrors). */
    private static String counters(StandaloneServer keycloak, String componentId) {
        JsonNode all = keycloak.admin()
                .get("/realms/" + REALM + "/jims/" + componentId + "/counters")
                .expect(200)
                .json();
        List<String> out = new ArrayList<>();
        all.fields()
                .forEachRemaining(e -> out.add(e.getKey() + " ipQueriesSent="
                        + e.getValue().path("ipQueriesSent").asText() + " ipQueryErrors="
                        + e.getValue().path("ipQueryErrors").asText()));
        return String.join(", ", out);
    }

    /**
     * The cache (table) size wherever the provider shows one: a {@code jims} metric naming the cache
     * or table, or a field of the component's status or counters named {@code size}, {@code entries}
     * or like {@code cacheSize} / {@code tableEntries}.
     */
    private static String cacheSize(StandaloneServer keycloak, String componentId) {
        List<String> found = new ArrayList<>();
        try {
            String metrics = HTTP.send(
                            HttpRequest.newBuilder(URI.create(keycloak.managementUrl() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher m = Pattern.compile("(?m)^(jims\\w*(?:cache|table)\\w*(?:\\{[^}]*})?) (\\S+)$")
                    .matcher(metrics);
            while (m.find()) {
                found.add(m.group(1) + " " + m.group(2));
            }
        } catch (Exception e) {
            found.add("(metrics unreadable: " + e + ")");
        }
        for (String what : List.of("status", "counters")) {
            JsonNode answer = keycloak.admin()
                    .get("/realms/" + REALM + "/jims/" + componentId + "/" + what)
                    .json();
            collectSizes(what, answer, found);
        }
        return found.isEmpty()
                ? "not exposed by this provider (no jims cache or table metric, no size field in status or counters)"
                : String.join("; ", found);
    }

    private static void collectSizes(String path, JsonNode node, List<String> found) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                String name = e.getKey().toLowerCase(Locale.ROOT);
                boolean size = name.matches(".*(cache|table).*(size|entries|count).*")
                        || name.equals("size")
                        || name.equals("entries");
                if (size && e.getValue().isValueNode()) {
                    found.add(path + "." + e.getKey() + "=" + e.getValue().asText());
                } else {
                    collectSizes(path + "." + e.getKey(), e.getValue(), found);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectSizes(path + "[" + i + "]", node.get(i), found);
            }
        }
    }

    private static double ms(List<Long> nanos, int percentile) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100)) / 1e6;
    }
}
