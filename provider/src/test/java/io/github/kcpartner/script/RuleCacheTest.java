package io.github.kcpartner.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleCacheTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("given a rule used many times, then it is compiled once")
    void compiledOnce() throws RuleException {
        Rules rules = new Rules(dir);
        rules.write("once", "result.setUsername('x');");
        RuleEngine engine = rules.engine();

        for (int i = 0; i < 10; i++) {
            engine.evaluate("once", RuleInput.empty());
        }

        assertThat(engine.compilations()).isEqualTo(1);
    }

    @Test
    @DisplayName("given a rule file changed on disk, then the next use recompiles it, and only once")
    void reloadOnChange() throws RuleException, IOException {
        Rules rules = new Rules(dir);
        Path file = rules.write("changing", "result.setUsername('v1');");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        RuleEngine engine = rules.engine();
        assertThat(engine.evaluate("changing", RuleInput.empty()).username()).isEqualTo("v1");

        rules.write("changing", "result.setUsername('v2');");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:05Z")));

        assertThat(engine.evaluate("changing", RuleInput.empty()).username()).isEqualTo("v2");
        assertThat(engine.evaluate("changing", RuleInput.empty()).username()).isEqualTo("v2");
        assertThat(engine.compilations()).isEqualTo(2);
    }

    @Test
    @DisplayName("given a broken rule, then the failure is cached until the file is fixed")
    void brokenRuleIsCompiledOnceThenFixed() throws IOException, RuleException {
        Rules rules = new Rules(dir);
        Path file = rules.write("broken", "var = ;");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        RuleEngine engine = rules.engine();

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> engine.evaluate("broken", RuleInput.empty()))
                    .isInstanceOfSatisfying(
                            RuleException.class, e -> assertThat(e.reason()).isEqualTo(RuleException.Reason.COMPILE));
        }
        assertThat(engine.compilations()).isEqualTo(1);

        rules.write("broken", "result.setUsername('fixed');");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:01:00Z")));

        assertThat(engine.evaluate("broken", RuleInput.empty()).username()).isEqualTo("fixed");
    }

    @Test
    @DisplayName("given a rules directory and the classpath, then the directory wins and both are listed")
    void directoryOverridesClasspath() throws RuleException {
        Rules rules = new Rules(dir);
        rules.write("claim-rule", "result.setClaim('from', 'directory');");
        rules.write("local-only", "");
        RuleEngine engine = new RuleEngine(new RuleRepository(dir, getClass().getClassLoader()), RuleLimits.defaults());

        assertThat(engine.ruleNames())
                .contains("claim-rule", "local-only", "advanced-configuration", "identity-mapping");
        assertThat(engine.evaluate("claim-rule", RuleInput.empty()).claims()).containsEntry("from", "directory");
    }

    @Test
    @DisplayName("given kc.home.dir, then the default rules directory is its partner-rules folder")
    void defaultDirectory() {
        String old = System.getProperty("kc.home.dir");
        try {
            System.setProperty("kc.home.dir", "/opt/keycloak");
            assertThat(RuleRepository.defaultDirectory()).isEqualTo(Path.of("/opt/keycloak/partner-rules"));
            System.clearProperty("kc.home.dir");
            assertThat(RuleRepository.defaultDirectory()).isNull();
        } finally {
            if (old != null) {
                System.setProperty("kc.home.dir", old);
            }
        }
    }

    @Test
    @DisplayName("given 8 threads evaluating the same cached rule, then each gets its own correct result")
    void concurrentEvaluations() throws Exception {
        Rules rules = new Rules(dir);
        rules.write(
                "echo",
                "var n = claims.idToken.n, s = 0;",
                "for (var i = 0; i < 1000; i++) { s += n; }",
                "result.setUsername('user-' + n);",
                "result.setAttribute('sum', String(s));",
                "result.addGroup('g' + n);");
        RuleEngine engine = rules.engine();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                Callable<List<String>> task = () -> {
                    start.await();
                    List<String> failures = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        int n = thread * 1000 + i;
                        RuleResult result =
                                engine.evaluate("echo", new RuleInput(Map.of("n", n), null, null, null, null));
                        if (!result.username().equals("user-" + n)
                                || !result.attributes().get("sum").equals(List.of(String.valueOf(n * 1000)))
                                || !result.groups().equals(List.of("g" + n))) {
                            failures.add(n + " -> " + result);
                        }
                    }
                    return failures;
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            for (Future<List<String>> future : futures) {
                assertThat(future.get()).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(engine.compilations()).isEqualTo(1);
    }
}
