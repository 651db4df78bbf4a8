package io.github.kcpartner.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The standard objects shared by an engine's evaluations: no rule can change them. */
@Timeout(120)
class SharedScopeTest {

    /** Each check names what it found changed; all hold for pristine standard objects. */
    private static final String PRISTINE = String.join(
            "\n",
            "var changed = [];",
            "function check(name, ok) { try { if (!ok()) { changed.push(name); } } catch (e) { changed.push(name + ' ' + e); } }",
            "check('Object.prototype.x', function () { return ({}).x === undefined && !('x' in Object.prototype); });",
            "check('Array.prototype.push', function () { var a = [1]; return a.push(2) === 2 && a[1] === 2; });",
            "check('Array.prototype.join', function () { return [1, 2].join('-') === '1-2'; });",
            "check('JSON.parse', function () { return JSON.parse('{\"a\":1}').a === 1; });",
            "check('JSON.stringify', function () { return JSON.stringify({a: 1}) === '{\"a\":1}'; });",
            "check('Math.max', function () { return Math.max(1, 3) === 3 && Math.max.x === undefined; });",
            "check('globals', function () { return typeof leaked === 'undefined' && typeof declared === 'undefined'"
                    + " && typeof declaredFunction === 'undefined' && globalThis.x === undefined && this.x === undefined; });",
            "check('global prototype', function () { return typeof Object.getPrototypeOf(globalThis).x === 'undefined'; });",
            "check('Function.prototype', function () { return (function () {}).x === undefined"
                    + " && typeof Function.prototype.call === 'function'; });",
            "check('String.prototype', function () { return 'ab'.toUpperCase() === 'AB' && ''.x === undefined; });",
            "function refused(e) { return /read-only in rules/.test(String(e)); }",
            "check('Date.prototype', function () { try { return isNaN(Date.prototype.getTime()); } catch (e) { return refused(e); } });",
            "check('RegExp.prototype', function () { try { return RegExp.prototype.source !== 'owned' && RegExp.prototype.toString() !== '/owned/'; }"
                    + " catch (e) { return refused(e); } });",
            "check('Symbol.iterator', function () { var s = 0; for (var v of [1, 2]) { s += v; } return s === 3; });",
            "check('iterator prototype', function () { return Object.getPrototypeOf([][Symbol.iterator]()).x === undefined"
                    + " && typeof Object.getPrototypeOf([][Symbol.iterator]()).next === 'function'; });",
            "result.setClaim('changed', changed.join('; '));");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "Object.prototype.x = 1",
                "Array.prototype.push = function () { return 'owned'; }",
                "Array.prototype.join = null",
                "JSON.parse = function () { return 'owned'; }",
                "JSON.x = 1",
                "Math.max.x = 1",
                "leaked = 1; var declared = 2; function declaredFunction() { }",
                "this.x = 1; globalThis.x = 1",
                "this.__proto__.x = 1",
                "Object.getPrototypeOf(this).x = 1",
                "Object.getPrototypeOf(this).JSON = null",
                "this.__proto__ = {x: 1}",
                "Object.setPrototypeOf(Object.getPrototypeOf(this), {x: 1})",
                "delete Array.prototype.push",
                "delete JSON.parse",
                "delete Object.getPrototypeOf(this).JSON",
                "Object.defineProperty(Object.prototype, 'x', {value: 1})",
                "Object.defineProperty(Array.prototype, 'push', {writable: false})",
                "Object.defineProperty(Array.prototype, 'join', {value: null})",
                "Object.defineProperties(JSON, {parse: {value: null}})",
                "Object.defineProperty(Object.getPrototypeOf(this), 'JSON', {value: null})",
                "Object.prototype.__defineGetter__('x', function () { return 1; })",
                "Array.prototype.push.call(Array.prototype, 1); Array.prototype.length = 0",
                "Date.prototype.setTime(42)",
                "RegExp.prototype.compile('owned')",
                "Function.prototype.x = 1; Function.prototype.call = null",
                "String.prototype.toUpperCase = function () { return 'owned'; }",
                "Object.getPrototypeOf([][Symbol.iterator]()).next = null",
                "Object.getPrototypeOf([][Symbol.iterator]()).x = 1",
                "Object.getOwnPropertyDescriptor(Array.prototype, 'push').get.x = 1",
                "Object.freeze(Object.prototype); Object.seal(JSON); Object.preventExtensions(Math)",
                "Error.captureStackTrace(Math); Error.captureStackTrace(Object.prototype)",
                "Object.assign(JSON, {parse: null})",
                "Array.prototype.splice.call(Array.prototype, 0, 0, 1)",
                "Object.getOwnPropertyDescriptor(JSON, 'parse').set.call(JSON, null)",
            })
    @DisplayName(
            "given a rule that tries to change the shared standard objects, then it fails with a clean refusal or has no effect, and the next evaluation sees pristine built-ins")
    void ruleCannotModifyTheSharedScope(String attempt) throws RuleException {
        Rules rules = new Rules(dir);
        rules.write("attack", attempt + ";", "result.setClaim('done', true);");
        rules.write("pristine", PRISTINE);
        RuleEngine engine = rules.engine();
        assertThat(engine.evaluate("pristine", RuleInput.empty()).claims())
                .as("before the attack")
                .containsEntry("changed", "");

        try {
            assertThat(engine.evaluate("attack", RuleInput.empty()).claims()).containsEntry("done", true);
        } catch (RuleException e) {
            assertThat(e.reason()).isEqualTo(RuleException.Reason.RUNTIME);
            assertThat(e.line()).isEqualTo(1);
            assertThat(e.getMessage())
                    .doesNotContain("java.", "org.mozilla", "io.github", "Exception")
                    .containsAnyOf("read-only", "sealed", "extensible", "TypeError");
        }

        assertThat(engine.evaluate("pristine", RuleInput.empty()).claims())
                .as("the next evaluation")
                .containsEntry("changed", "");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "Object.defineProperty(globalThis, '__kcp' + 'Str', {value: function (v) { return v; }})",
                "globalThis['__kcp' + 'Str'] = function (v) { return v; }",
                "delete globalThis['__kcp' + 'Str']",
            })
    @DisplayName("given a rule that replaces the string guard in its own scope, then + is still guarded")
    void stringGuardCannotBeShadowed(String attempt) {
        Rules rules = new Rules(dir);
        rules.write(
                "shadow",
                "try { " + attempt + "; } catch (e) { }",
                "var s = 'x'; for (var i = 0; i < 26; i++) { s += s; }",
                "result.setClaim('length', s.length);");

        assertThatThrownBy(() -> rules.engine().evaluate("shadow", RuleInput.empty()))
                .isInstanceOfSatisfying(RuleException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RuleException.Reason.LIMIT);
                    assertThat(e.getMessage()).contains("string longer than 65536 characters");
                });
    }

    @Test
    @DisplayName("given an assignment to a shared object, then the rule's error names the refusal")
    void refusalIsAReadableRuleError() {
        Rules rules = new Rules(dir);
        rules.write("assign", "var x = 1;", "JSON.parse = function () { };");

        RuleException e = org.junit.jupiter.api.Assertions.assertThrows(
                RuleException.class, () -> rules.engine().evaluate("assign", RuleInput.empty()));

        assertThat(e.reason()).isEqualTo(RuleException.Reason.RUNTIME);
        assertThat(e.getMessage())
                .isEqualTo(
                        "rule 'assign' line 2: TypeError: the standard objects are read-only in rules (cannot set parse)");
    }

    @Test
    @DisplayName("given two rules evaluated at the same time on two threads, then neither sees the other's globals")
    void concurrentRulesDoNotShareGlobals() throws Exception {
        Rules rules = new Rules(dir);
        for (String name : List.of("a", "b")) {
            String other = "a".equals(name) ? "b" : "a";
            rules.write(
                    name,
                    "var mine_" + name + " = claims.idToken.n; seen_" + name + " = claims.idToken.n;",
                    "globalThis.tag = '" + name + "' + claims.idToken.n;",
                    "var spin = 0; for (var i = 0; i < 200; i++) { spin = spin + i; }",
                    // (typeof stays out of the guarded '+': the rewriter would wrap its operand)
                    "var declaredByOther = typeof mine_" + other + ", assignedByOther = typeof seen_" + other + ";",
                    "result.setClaim('other', [declaredByOther, assignedByOther].join(' '));",
                    "result.setClaim('own', mine_" + name + " + ' ' + seen_" + name + " + ' ' + tag);");
        }
        RuleEngine engine = rules.engine();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (String name : List.of("a", "b")) {
                Callable<List<String>> task = () -> {
                    start.await();
                    List<String> wrong = new ArrayList<>();
                    for (int n = 0; n < 300; n++) {
                        Map<String, Object> claims = engine.evaluate(
                                        name, new RuleInput(Map.of("n", n), null, null, null, null))
                                .claims();
                        if (!"undefined undefined".equals(claims.get("other"))
                                || !(n + " " + n + " " + name + n).equals(claims.get("own"))) {
                            wrong.add(name + n + " -> " + claims);
                        }
                    }
                    return wrong;
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
    }
}
