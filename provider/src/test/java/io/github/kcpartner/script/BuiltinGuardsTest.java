package io.github.kcpartner.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class BuiltinGuardsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "'x'.repeat(1e9)",
                "'xy'.repeat(600000)",
                "''.padStart(1e9, 'x')",
                "'a'.padEnd(2e6)",
                "var a = []; a.length = 4e9; a.fill(1)",
                "new Array(4e9).join('x')",
                "var a = []; a.length = 4e9; a.indexOf(1)",
                "Array.prototype.join.call({length: 4e9}, 'x')",
                "Array.from({length: 4e9})",
                "var a = []; a.length = 4e9; a.map(function (x) { return x; })",
            })
    @DisplayName("given a built-in call whose Java work grows with its argument, then it fails with a RangeError")
    void hugeBuiltinWorkIsRefused(String attempt) {
        Rules rules = new Rules(dir);
        rules.write("huge", attempt + ";", "result.setClaim('n', 1);");
        RuleEngine engine = rules.engine();

        assertThatThrownBy(() -> engine.evaluate("huge", RuleInput.empty()))
                .isInstanceOfSatisfying(RuleException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RuleException.Reason.RUNTIME);
                    assertThat(e.getMessage()).contains("RangeError").contains("rule limit");
                });
    }

    @Test
    @DisplayName("given a rule's own objects, then they can still set properties that built-in prototypes have")
    void ownObjectsOverrideInheritedNames() throws RuleException {
        Rules rules = new Rules(dir);
        rules.write(
                "own",
                "var e = new Error('boom'); e.name = 'MappingError';",
                "var t = new TypeError('bad');",
                "var p = Promise.resolve(1); p.then = 'mine';",
                "function Thing() { } Thing.prototype.toString = function () { return 'thing'; };",
                "result.setClaim('e', e.name + ': ' + e.message);",
                "result.setClaim('t', String(t));",
                "result.setClaim('p', p.then);",
                "result.setClaim('thing', String(new Thing()));",
                "result.setClaim('errName', Error.prototype.name);");
        RuleResult result = rules.engine().evaluate("own", RuleInput.empty());

        assertThat(result.claims())
                .containsEntry("e", "MappingError: boom")
                .containsEntry("t", "TypeError: bad")
                .containsEntry("p", "mine")
                .containsEntry("thing", "thing")
                .containsEntry("errName", "Error");
    }

    @Test
    @DisplayName("given ordinary uses of the guarded built-ins, then they behave as usual")
    void ordinaryUsesWork() throws RuleException {
        Rules rules = new Rules(dir);
        rules.write(
                "ordinary",
                "result.setClaim('r', 'ab'.repeat(3));",
                "result.setClaim('p', '7'.padStart(3, '0') + '|' + 'x'.padEnd(2, '-'));",
                "var a = [3, 1, 2];",
                "result.setClaim('s', a.slice().sort().join(','));",
                "result.setClaim('m', a.map(function (v) { return v * 2; }).filter(function (v) { return v > 2; }));",
                "result.setClaim('f', new Array(3).fill(0).concat([1]).indexOf(1));",
                "result.setClaim('from', Array.from('abc').reverse().join(''));",
                "result.setClaim('big', new Array(1000).fill('y').join('').length);");
        RuleResult result = rules.engine().evaluate("ordinary", RuleInput.empty());

        assertThat(result.claims())
                .containsEntry("r", "ababab")
                .containsEntry("p", "007|x-")
                .containsEntry("s", "1,2,3")
                .containsEntry("f", 3L)
                .containsEntry("from", "cba")
                .containsEntry("big", 1000L);
        assertThat(result.claims().get("m")).asList().containsExactly(6L, 4L);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "String.prototype.repeat = function () { return 'owned'; } | 'a'.repeat(2) === 'aa'",
                "Array.prototype.fill.extra = 1                             | Array.prototype.fill.extra === undefined",
                "Array.prototype[Symbol.iterator].extra = 1                 | Array.prototype[Symbol.iterator].extra === undefined",
                "Object.defineProperty(Object.prototype, 'x', {value: 1})   | ({}).x === undefined",
                "JSON.stringify = function () { return 'owned'; }           | JSON.stringify(1) === '1'",
                "Math.max.extra = 1                                         | Math.max.extra === undefined",
                "globalThis.leak = 1                                        | typeof leak === 'undefined'",
            })
    @DisplayName("given a rule that changes a standard object, then the next evaluation does not see the change")
    void standardObjectsAreSealed(String attempt, String unchanged) throws RuleException {
        Rules rules = new Rules(dir);
        rules.write("change", "try { " + attempt + "; } catch (e) { }");
        rules.write("observe", "result.setClaim('unchanged', " + unchanged + ");");
        RuleEngine engine = rules.engine();

        engine.evaluate("change", RuleInput.empty());

        assertThat(engine.evaluate("observe", RuleInput.empty()).claims()).containsEntry("unchanged", true);
    }

    @Test
    @DisplayName(
            "given a rule that overwrites every property of the globals, constructors and prototypes, then each write is refused and the next evaluation sees none of it")
    void noStandardPropertyKeepsAChange() throws RuleException {
        String visit = String.join(
                "\n",
                "var names = Object.getOwnPropertyNames, describe = Object.getOwnPropertyDescriptor, setClaim = result.setClaim;",
                "function each(visit) {",
                "  var globals = names(globalThis);",
                "  for (var i = 0; i < globals.length; i++) {",
                "    var g = globals[i], o = globalThis[g];",
                "    if (g === 'globalThis' || o === null || (typeof o !== 'object' && typeof o !== 'function')) { continue; }",
                "    var targets = [o, o.prototype];",
                "    for (var j = 0; j < 2; j++) {",
                "      var t = targets[j];",
                "      if (t === null || t === undefined || (typeof t !== 'object' && typeof t !== 'function')) { continue; }",
                "      var keys; try { keys = names(t); } catch (e) { continue; }",
                "      for (var n = 0; n < keys.length; n++) {",
                "        var d = describe(t, keys[n]);",
                "        if (d && 'value' in d && keys[n] !== 'prototype') { visit(t, keys[n], g); }",
                "      }",
                "    }",
                "  }",
                "}");
        Rules rules = new Rules(dir);
        rules.write(
                "vandal",
                visit,
                "each(function (t, k) { try { t[k] = 'vandal'; } catch (e) { } });",
                "setClaim('wrote', Math.max === 'vandal' || Array.prototype.join === 'vandal' || JSON.stringify === 'vandal');");
        rules.write(
                "observe",
                visit,
                "var changed = [];",
                "each(function (t, k, g) { if (t[k] === 'vandal') { changed.push(g + '.' + k); } });",
                "result.setClaim('changed', changed.join(' '));");
        RuleEngine engine = rules.engine();

        assertThat(engine.evaluate("vandal", RuleInput.empty()).claims())
                .as("no write reached a standard object")
                .containsEntry("wrote", false);

        assertThat(engine.evaluate("observe", RuleInput.empty()).claims()).containsEntry("changed", "");
    }
}
