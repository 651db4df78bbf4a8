package io.github.kcpartner.script;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Fuzzing (Jazzer) of the rule input conversion: partner claims (any JSON a partner may send in
 * its ID token or userinfo) and request data become JavaScript values for an identity-mapping
 * rule that reads, copies and serialises them, and the rule's result comes back to Java. The only
 * exception allowed out is {@link RuleException} (the login fails with a reason).
 */
class RuleInputFuzzTest {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final RuleEngine ENGINE = engine();

    private static final java.util.List<String> NAMES = java.util.List.of(
            "sub", "groups", "email", "name", "iss", "aud", "roles", "address", "__proto__", "constructor");

    @FuzzTest(maxDuration = "30s")
    void claims(FuzzedDataProvider data) {
        io.github.kcpartner.fuzz.FuzzJson json = new io.github.kcpartner.fuzz.FuzzJson(data, NAMES);
        Map<String, Object> idToken = data.consumeBoolean() ? json.object() : map(data.consumeString(2000));
        Map<String, Object> userinfo = json.object();
        Map<String, Object> request = Map.of("clientIp", data.consumeString(60), "clientId", data.consumeString(40));
        if (idToken == null) {
            return;
        }
        try {
            RuleResult result =
                    ENGINE.evaluate("fuzz-mapping", new RuleInput(idToken, userinfo, Map.of(), request, null));
            if (result == null) {
                throw new IllegalStateException("no result");
            }
        } catch (RuleException expected) {
            // refused with a reason
        }
    }

    private static Map<String, Object> map(String json) {
        try {
            Map<String, Object> m = io.github.kcpartner.json.Json.mapper().readValue(json, MAP);
            return m;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null;
        }
    }

    private static RuleEngine engine() {
        try {
            Path dir = Files.createTempDirectory("fuzz-rules");
            Files.writeString(
                    dir.resolve("fuzz-mapping.js"),
                    String.join(
                            "\n",
                            "var all = JSON.stringify({ id: claims.idToken, ui: claims.userinfo, r: request });",
                            "var sub = claims.idToken.sub || claims.userinfo.sub || 'none';",
                            "result.setUsername('u-' + String(sub).substring(0, 40));",
                            "for (var k in claims.userinfo) { if (typeof claims.userinfo[k] === 'string') {",
                            "  result.setAttribute('ui_' + k.substring(0, 20), claims.userinfo[k]); } }",
                            "if (Array.isArray(claims.idToken.groups)) { claims.idToken.groups.forEach(function (g) {",
                            "  result.addGroup(String(g)); }); }",
                            "result.setAttribute('size', String(all.length));",
                            ""));
            return new RuleEngine(new RuleRepository(dir, null), RuleLimits.defaults());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
