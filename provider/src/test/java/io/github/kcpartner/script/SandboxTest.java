package io.github.kcpartner.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {
            "java.lang.Runtime.getRuntime().exec('id')",
            "Packages.java.io.File('/etc/passwd').exists()",
            "new Packages.java.io.File('/etc/passwd')",
            "Java.type('java.lang.Runtime')",
            "new java.net.URL('http://example.org').openStream()",
            "JavaImporter(java.io)",
            "javax.script.ScriptEngineManager",
            "this.constructor.constructor('return java')().lang.System.exit(1)",
            "this.constructor.constructor('return this')().Packages.java.lang.System",
            "Function('return this')().java.lang.Runtime",
            "(function(){ return this; })().getClass().forName('java.lang.Runtime')",
            "''.getClass().forName('java.lang.Runtime')",
            "result.setUsername.getClass()",
            "result.constructor.getClass()",
            "Object.getPrototypeOf(result.setUsername).getClass()",
            "load('/etc/passwd')",
            "print('x')",
            "readFile('/etc/passwd')",
            "readUrl('http://example.org')",
            "runCommand('id')",
            "importPackage(java.io)",
            "importClass(java.io.File)",
            "eval('java.lang.System')",
            "Object.prototype.polluted = 1; Object.prototype.polluted.x",
            "Array.prototype.push = null; [].push(1)",
            "XML('<a/>')",
            "new XMLHttpRequest()",
            "fetch('http://example.org')",
            "require('fs')",
            "quit()",
    })
    @DisplayName("given an escape attempt, then the rule fails (no Java class, file, network or process)")
    void escapesFail(String attempt) {
        Rules rules = new Rules(dir);
        rules.write("escape", "var x = " + attempt + ";", "result.setClaim('escaped', String(x));");
        RuleEngine engine = rules.engine();

        assertThatThrownBy(() -> engine.evaluate("escape", RuleInput.empty()))
                .isInstanceOfSatisfying(RuleException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RuleException.Reason.RUNTIME);
                    assertThat(e.line()).isEqualTo(1);
                });
    }

    @Test
    @DisplayName("given the global object, then it has no Java bridge and no host functions")
    void globalsAreSafe() throws RuleException {
        Rules rules = new Rules(dir);
        rules.write("globals",
                "var g = Function('return this')();",
                "result.setClaim('names', ['Packages', 'java', 'javax', 'Java', 'JavaImporter', 'getClass',",
                "  'load', 'print', 'org', 'com', 'XML', 'importClass'].filter(function (n) { return typeof g[n] !== 'undefined'; }));");

        RuleResult result = rules.engine().evaluate("globals", RuleInput.empty());

        assertThat(result.claims().get("names")).asList().isEmpty();
    }

    @Test
    @DisplayName("given a rule that changes its globals, then the next evaluation does not see it")
    void evaluationsAreIsolated() throws RuleException {
        Rules rules = new Rules(dir);
        rules.write("leak", "if (typeof leaked !== 'undefined') result.setClaim('saw', leaked);", "leaked = 'secret'; var v = 1;");
        RuleEngine engine = rules.engine();

        engine.evaluate("leak", RuleInput.empty());
        RuleResult second = engine.evaluate("leak", RuleInput.empty());

        assertThat(second.claims()).doesNotContainKey("saw");
    }
}
