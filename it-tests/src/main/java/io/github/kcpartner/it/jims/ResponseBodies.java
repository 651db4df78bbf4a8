package io.github.kcpartner.it.jims;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/** The query API's JSON answers: the contract's shape and the shapes of the body faults. */
final class ResponseBodies {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ResponseBodies() {}

    /** {@code {"cookie": ..., "entries": [...]}} as the contract says, or bent as {@code fault} asks. */
    static byte[] entries(String cookie, List<JimsEntry> entries, Fault.Kind fault) {
        ObjectNode root = MAPPER.createObjectNode();
        switch (fault) {
            case MISSING_FIELDS -> {
                if (!entries.isEmpty()) {
                    ArrayNode array = root.putArray("entries");
                    entries.forEach(entry -> array.add(entry(entry).without(List.of("operation", "ip", "user"))));
                }
            }
            case WRONG_TYPES -> {
                root.put("cookie", 12345);
                if (entries.isEmpty()) {
                    root.putObject("entries");
                } else {
                    ArrayNode array = root.putArray("entries");
                    entries.forEach(entry -> array.add(wrongTypes(entry)));
                }
            }
            default -> {
                root.put("cookie", cookie);
                ArrayNode array = root.putArray("entries");
                entries.forEach(entry -> array.add(entry(entry)));
            }
        }
        return bytes(root);
    }

    /** {@code {"error": ..., "error_description": ...}}, the description left out when null. */
    static byte[] error(String error, String description) {
        ObjectNode root = MAPPER.createObjectNode().put("error", error);
        if (description != null) {
            root.put("error_description", description);
        }
        return bytes(root);
    }

    /** A 200 body that starts like an answer and breaks off. */
    static byte[] badJson() {
        return "{\"cookie\":\"x\",\"entries\":[{\"operation\":\"logon\",\"ip\":\"10.0.0.1\",\"groups\":[\"Eng<<<garbage>>>"
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Streams a valid JSON object of about {@code size} bytes (a very long padding string). */
    static void streamHuge(HttpExchange exchange, long size) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", Exchanges.JSON);
        exchange.sendResponseHeaders(200, 0);
        byte[] head = "{\"cookie\":\"huge\",\"entries\":[],\"padding\":\"".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(head);
            long left = Math.max(0, size - head.length - tail.length);
            while (left > 0) {
                int n = (int) Math.min(chunk.length, left);
                out.write(chunk, 0, n);
                left -= n;
            }
            out.write(tail);
        }
    }

    static ObjectNode entry(JimsEntry entry) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("operation", entry.operation().wire());
        node.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(entry.timestamp()));
        node.put("source", entry.source());
        node.put("ip", entry.ip());
        node.put("domain", entry.domain());
        node.put("user", entry.user());
        ArrayNode groups = node.putArray("groups");
        entry.groups().forEach(groups::add);
        ObjectNode device = node.putObject("device");
        device.put("name", entry.device().name());
        ArrayNode deviceGroups = device.putArray("groups");
        entry.device().groups().forEach(deviceGroups::add);
        device.put("os", entry.device().os());
        return node;
    }

    private static ObjectNode wrongTypes(JimsEntry entry) {
        ObjectNode node = entry(entry);
        node.put("groups", entry.groups().size());
        node.put("timestamp", entry.timestamp().getEpochSecond());
        node.put("device", entry.device().name());
        return node;
    }

    private static byte[] bytes(ObjectNode root) {
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
