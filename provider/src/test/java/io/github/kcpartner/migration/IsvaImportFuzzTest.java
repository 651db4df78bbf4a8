package io.github.kcpartner.migration;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kcpartner.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzing (Jazzer) of the ISVA import: raw bodies, and the documented fixtures with one value at a
 * fuzzed place replaced by fuzzed JSON (so the fuzzer reaches every field's handling, not only the
 * JSON parser). A body that cannot be imported must be an {@link ImportRefusedException} (a 400
 * with the reason); a plan must come with a report. Nothing else may come out.
 */
class IsvaImportFuzzTest {

    private static final List<JsonNode> FIXTURES = fixtures();

    @FuzzTest(maxDuration = "30s")
    void bodies(FuzzedDataProvider data) {
        byte[] body;
        if (data.consumeBoolean()) {
            body = data.consumeRemainingAsBytes();
        } else {
            JsonNode fixture = data.pickValue(FIXTURES).deepCopy();
            List<JsonNode> containers = new ArrayList<>();
            collect(fixture, containers);
            JsonNode target = data.pickValue(containers);
            JsonNode replacement;
            try {
                replacement = Json.mapper().readTree(data.consumeString(300));
            } catch (IOException | RuntimeException e) {
                replacement = Json.mapper().getNodeFactory().textNode(data.consumeString(100));
            }
            if (replacement == null) {
                return;
            }
            if (target instanceof ObjectNode object && object.size() > 0) {
                List<String> names = new ArrayList<>();
                object.fieldNames().forEachRemaining(names::add);
                object.set(data.pickValue(names), replacement);
            } else if (target instanceof ArrayNode array && array.size() > 0) {
                array.set(data.consumeInt(0, array.size() - 1), replacement);
            }
            try {
                body = Json.mapper().writeValueAsBytes(fixture);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            ImportPlan plan = IsvaImporter.plan(body, IsvaFixtures.options());
            if (plan == null || plan.report() == null) {
                throw new IllegalStateException("a plan without a report");
            }
        } catch (ImportRefusedException expected) {
            // refused with a reason
        }
    }

    private static void collect(JsonNode node, List<JsonNode> containers) {
        if (node.isContainerNode()) {
            containers.add(node);
            node.elements().forEachRemaining(child -> collect(child, containers));
        }
    }

    private static List<JsonNode> fixtures() {
        List<JsonNode> all = new ArrayList<>();
        for (String name : List.of(
                "metadata-javascript.json",
                "nometadata-jwe-webservice.json",
                "advanced-configuration.json",
                "unknown-fields.json")) {
            try {
                all.add(Json.mapper().readTree(IsvaFixtures.read(name)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all;
    }
}
