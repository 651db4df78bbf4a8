package io.github.kcpartner.script.bench;

import io.github.kcpartner.script.RuleEngine;
import io.github.kcpartner.script.RuleException;
import io.github.kcpartner.script.RuleInput;
import io.github.kcpartner.script.RuleLimits;
import io.github.kcpartner.script.RuleRepository;
import io.github.kcpartner.script.RuleResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One cached evaluation of a 20-line identity-mapping rule, against an empty rule (the
 * engine's fixed cost: file stat, a fresh global scope on the shared locked standard objects,
 * the rule API, input copied into JavaScript objects) and a Java implementation of the same mapping.
 * Run: {@code mvn -o -pl provider -Pbench test-compile exec:exec -Djmh.args="RuleBenchmark -f 1 -wi 5 -w 1s -i 4 -r 1s"}.
 *
 * <p>2026-12-07, 2 cores at load 5-7, same run as the Java baseline (figures in docs/BENCHMARKS.md):
 * shared locked standard objects (#25) empty rule 5.5-6.5 us/op, 20-line rule 14.3-17.6, Java
 * 0.64-0.68; own standard objects per evaluation (#9) empty rule 195, 20-line rule 292, Java 1.1.
 *
 * <p>2026-11-22 (with the built-in guards and locked prototypes), load 1.5-2: 20-line rule 15.6 us/op,
 * empty rule 7.1-8.4, Java 1.3-1.5 (rule/Java about 10-12x).
 * Before the guards, shared 2-core machine at load 4-6 (noisy): 20-line rule 18-32 us/op average,
 * 12-25 us/op in the last iterations; empty rule 6-36 us/op; Java 1.6-1.9 us/op. Rhino's
 * interpreter loop needs several seconds of JIT warm-up (the first second of a fresh JVM costs
 * 300-800 us per evaluation), so give it {@code -wi 6} for steady figures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RuleBenchmark {

    static final String TWENTY_LINES = String.join(
            "\n",
            "var id = claims.idToken, info = claims.userinfo;",
            "var email = (info.email || id.email || '').toLowerCase();",
            "if (!email) {",
            "  throw new Error('no email');",
            "}",
            "result.setUsername(email);",
            "result.setAttribute('partnerSubject', id.sub);",
            "if (info.department) {",
            "  result.setAttribute('department', info.department);",
            "}",
            "result.setAttribute('employeeNumber', String(info.employee_number));",
            "result.setAttribute('partnerGroups', info.groups || []);",
            "result.setAttribute('displayName', [identity.firstName, identity.lastName].join(' '));",
            "result.addGroup('partners');",
            "var user = jims.userAt(request.clientIp);",
            "if (user && user.groups) {",
            "  user.groups.forEach(function (g) { result.addGroup('jims-' + g); });",
            "}",
            "result.setClaim('acr', id.acr || 'none');",
            "result.setClaim('client', request.clientId);",
            "");

    private Path dir;
    private RuleEngine engine;
    private RuleInput input;

    @Setup
    public void setUp() throws IOException, RuleException {
        dir = Files.createTempDirectory("rule-bench");
        Files.writeString(dir.resolve("twenty.js"), TWENTY_LINES);
        Files.writeString(dir.resolve("empty.js"), "");
        engine = new RuleEngine(new RuleRepository(dir, null), RuleLimits.defaults());
        input = new RuleInput(
                Map.of(
                        "iss",
                        "https://partner.example",
                        "sub",
                        "p-123",
                        "aud",
                        "kc",
                        "email",
                        "Ann@Partner.Example",
                        "acr",
                        "urn:partner:acr:mfa",
                        "amr",
                        List.of("pwd", "otp"),
                        "iat",
                        1_700_000_000L,
                        "exp",
                        1_700_000_300L,
                        "nonce",
                        "n-0S6_WzA2Mj"),
                Map.of(
                        "email",
                        "Ann@Partner.Example",
                        "department",
                        "Sales",
                        "employee_number",
                        4711,
                        "groups",
                        List.of("a", "b", "c")),
                Map.of(
                        "username",
                        "ann",
                        "email",
                        "ann@partner.example",
                        "firstName",
                        "Ann",
                        "lastName",
                        "Lee",
                        "attributes",
                        Map.of()),
                Map.of(
                        "clientIp",
                        "192.0.2.10",
                        "clientId",
                        "portal",
                        "parameters",
                        Map.of(),
                        "uiLocales",
                        List.of("en")),
                (ip, timeLeft) -> Map.of("user", "CORP\\ann", "groups", List.of("vpn", "staff")));
        if (!"ann@partner.example".equals(twentyLineRule().username())
                || !twentyLineRule().equals(javaBaseline())) {
            throw new IllegalStateException(
                    "rule and baseline disagree: " + twentyLineRule() + " vs " + javaBaseline());
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    @Benchmark
    public RuleResult twentyLineRule() throws RuleException {
        return engine.evaluate("twenty", input);
    }

    @Benchmark
    public RuleResult emptyRule() throws RuleException {
        return engine.evaluate("empty", input);
    }

    @Benchmark
    @SuppressWarnings("unchecked")
    public RuleResult javaBaseline() {
        Map<String, Object> id = input.idTokenClaims();
        Map<String, Object> info = input.userinfoClaims();
        Object mail = info.get("email") != null ? info.get("email") : id.get("email");
        String email = mail == null ? "" : mail.toString().toLowerCase(Locale.ROOT);
        if (email.isEmpty()) {
            throw new IllegalStateException("no email");
        }
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        attributes.put("partnerSubject", List.of(String.valueOf(id.get("sub"))));
        if (info.get("department") != null) {
            attributes.put("department", List.of(info.get("department").toString()));
        }
        attributes.put("employeeNumber", List.of(String.valueOf(info.get("employee_number"))));
        List<String> partnerGroups = new ArrayList<>();
        ((List<Object>) info.getOrDefault("groups", List.of())).forEach(g -> partnerGroups.add(g.toString()));
        attributes.put("partnerGroups", partnerGroups);
        attributes.put(
                "displayName",
                List.of(input.identity().get("firstName") + " "
                        + input.identity().get("lastName")));
        LinkedHashSet<String> groups = new LinkedHashSet<>();
        groups.add("partners");
        Map<String, Object> user =
                input.jims().userAt((String) input.request().get("clientIp"), java.time.Duration.ofSeconds(1));
        if (user != null && user.get("groups") instanceof List<?> jimsGroups) {
            jimsGroups.forEach(g -> groups.add("jims-" + g));
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("acr", id.getOrDefault("acr", "none"));
        claims.put("client", input.request().get("clientId"));
        return new RuleResult(email, attributes, new ArrayList<>(groups), Map.of(), claims);
    }
}
