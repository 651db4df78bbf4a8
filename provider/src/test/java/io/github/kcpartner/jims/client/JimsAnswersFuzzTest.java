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

    @FuzzTest(maxDuration = "30s")
    void answers(FuzzedDataProvider data) {
        boolean token = data.consumeBoolean();
        ServerRole role = data.pickValue(ServerRole.values());
        byte[] body = data.consumeRemainingAsBytes();
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
