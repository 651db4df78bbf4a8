package io.github.kcpartner.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SandboxTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "java.lang.Runtime.getRuntime().exec('id')                               | ReferenceError: \"java\" is not defined",
                "Packages.java.io.File('/etc/passwd').exists()                           | ReferenceError: \"Packages\" is not defined",
                "new Packages.java.io.File('/etc/passwd')                                | ReferenceError: \"Packages\" is not defined",
                "Java.type('java.lang.Runtime')                                          | ReferenceError: \"Java\" is not defined",
                "new java.net.URL('http://example.org').openStream()                     | ReferenceError: \"java\" is not defined",
                "JavaImporter(java.io)                                                   | ReferenceError: \"JavaImporter\" is not defined",
                "javax.script.ScriptEngineManager                                        | ReferenceError: \"javax\" is not defined",
                "this.constructor.constructor('return java')().lang.System.exit(1)      | EvalError: code generation from strings is not available in rules",
                "this.constructor.constructor('return this')().Packages.java.lang.System | EvalError: code generation from strings is not available in rules",
                "Function('return this')().java.lang.Runtime                            | EvalError: code generation from strings is not available in rules",
                "Object.getPrototypeOf(function () {}).constructor('return 1')          | EvalError: code generation from strings is not available in rules",
                "(function(){ return this; })().getClass().forName('java.lang.Runtime')  | TypeError: Cannot find function getClass",
                "''.getClass().forName('java.lang.Runtime')                              | TypeError: Cannot find function getClass",
                "result.setUsername.getClass()                                           | TypeError: Cannot find function getClass",
                "result.constructor.getClass()                                           | TypeError: Cannot find function getClass",
                "Object.getPrototypeOf(result.setUsername).getClass()                    | TypeError: Cannot find function getClass",
                "load('/etc/passwd')                                                     | ReferenceError: \"load\" is not defined",
                "print('x')                                                              | ReferenceError: \"print\" is not defined",
                "readFile('/etc/passwd')                                                 | ReferenceError: \"readFile\" is not defined",
                "readUrl('http://example.org')                                           | ReferenceError: \"readUrl\" is not defined",
                "runCommand('id')                                                        | ReferenceError: \"runCommand\" is not defined",
                "importPackage(java.io)                                                  | ReferenceError: \"importPackage\" is not defined",
                "importClass(java.io.File)                                               | ReferenceError: \"importClass\" is not defined",
                "eval('java.lang.System')                                                | ReferenceError: \"eval\" is not defined",
                "Array.prototype.push = null; [].push(1)                                 | Cannot modify a property of a sealed object: push",
                "XML('<a/>')                                                             | ReferenceError: \"XML\" is not defined",
                "new XMLHttpRequest()                                                    | ReferenceError: \"XMLHttpRequest\" is not defined",
                "fetch('http://example.org')                                             | ReferenceError: \"fetch\" is not defined",
                "require('fs')                                                           | ReferenceError: \"require\" is not defined",
                "quit()                                                                  | ReferenceError: \"quit\" is not defined",
                "new Uint8Array(1e9)                                                     | ReferenceError: \"Uint8Array\" is not defined",
                "String.raw({raw: ['a']})                                                | TypeError: Cannot find function raw",
            })
    @DisplayName(
            "given an escape attempt, then the rule fails with that attempt's own refusal (no Java class, file, network, process or code generation)")
    void escapesFail(String attempt, String refusal) {
        Rules rules = new Rules(dir);
        rules.write("escape", "var x = " + attempt.trim() + ";", "result.setClaim('escaped', String(x));");
        RuleEngine engine = rules.engine();

        assertThatThrownBy(() -> engine.evaluate("escape", RuleInput.empty()))
                .isInstanceOfSatisfying(RuleException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RuleException.Reason.RUNTIME);
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.getMessage()).contains(refusal.trim());
                });
    }

    @Test
    @DisplayName("given the global object, then it has no Java bridge and no host functions")
    void globalsAreSafe() throws RuleException {
        Rules rules = new Rules(dir);
        rules.write(
                "globals",
                "var g = this;",
                "result.setClaim('names', ['Packages', 'java', 'javax', 'Java', 'JavaImporter', 'getClass',",
                "  'load', 'print', 'org', 'com', 'XML', 'importClass'].filter(function (n) { return typeof g[n] !== 'undefined'; }));");

        RuleResult result = rules.engine().evaluate("globals", RuleInput.empty());

        assertThat(result.claims().get("names")).asList().isEmpty();
    }

    @Test
    @DisplayName("given a rule that changes its globals, then the next evaluation does not see it")
    void evaluationsAreIsolated() throws RuleException {
        Rules rules = new Rules(dir);
        rules.write(
                "leak",
                "if (typeof leaked !== 'undefined') result.setClaim('saw', leaked);",
                "leaked = 'secret'; var v = 1;");
        RuleEngine engine = rules.engine();

        engine.evaluate("leak", RuleInput.empty());
        RuleResult second = engine.evaluate("leak", RuleInput.empty());

        assertThat(second.claims()).doesNotContainKey("saw");
    }
}
