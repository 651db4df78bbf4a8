package io.github.kcpartner.jims.client;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzing (Jazzer) of what a JIMS server (or whoever answers in its place) sends back: the token
 * answer and the query answers (batch, IP and user queries share one parser). A body that cannot
 * be used must be {@link ResponseParser.Unparsable} (the server counts as failed and the secondary
 * takes over); a malformed entry is skipped. Nothing else may come out.
 */
class JimsAnswersFuzzTest {

    private static final java.util.List<String> NAMES = java.util.List.of(
            "access_token",
            "expires_in",
            "entries",
            "cookie",
            "ip",
            "domain",
            "user",
            "name",
            "groups",
            "device",
            "os",
            "source",
            "timestamp",
            "operation",
            "logon",
            "logoff");

    @FuzzTest(maxDuration = "30s")
    void answers(FuzzedDataProvider data) {
        boolean token = data.consumeBoolean();
        ServerRole role = data.pickValue(ServerRole.values());
        byte[] body;
        if (data.consumeBoolean()) {
            body = data.consumeRemainingAsBytes();
        } else {
            // a JSON answer of the expected shape with fuzzed members, so the entry checks are reached
            io.github.kcpartner.fuzz.FuzzJson json = new io.github.kcpartner.fuzz.FuzzJson(data, NAMES);
            java.util.Map<String, Object> root = json.object();
            if (data.consumeBoolean()) {
                java.util.List<Object> entries = new java.util.ArrayList<>();
                int n = data.consumeInt(0, 4);
                for (int i = 0; i < n; i++) {
                    entries.add(data.consumeBoolean() ? json.object() : json.value());
                }
                root.put("entries", entries);
            }
            try {
                body = io.github.kcpartner.json.Json.mapper().writeValueAsBytes(root);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return;
            }
        }
        try {
            if (token) {
                ResponseParser.Token t = ResponseParser.parseToken(body);
                if (t.accessToken() == null || t.accessToken().isBlank()) {
                    throw new IllegalStateException("a token answer without a token was accepted");
                }
            } else {
                JimsResponse response = ResponseParser.parseQuery(body, role);
                if (response == null) {
                    throw new IllegalStateException("null answer");
                }
            }
        } catch (ResponseParser.Unparsable expected) {
            // refused: the server is treated as failed
        }
    }
}
