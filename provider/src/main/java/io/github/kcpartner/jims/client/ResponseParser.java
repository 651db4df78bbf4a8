package io.github.kcpartner.jims.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses JIMS JSON bodies. A body that is not a JSON object with an {@code entries} array is
 * unparsable (a server failure); a malformed entry inside is skipped and counted. Never throws
 * an unchecked exception.
 */
final class ResponseParser {

    private static final ObjectMapper MAPPER = io.github.kcpartner.json.Json.mapper();
    private static final int MAX_TEXT = 1024;

    private ResponseParser() {}

    /** Thrown for a body that cannot be used at all. */
    static final class Unparsable extends Exception {
        private static final long serialVersionUID = 1L;

        Unparsable(String message) {
            super(message);
        }
    }

    /** The token answer: the opaque token and its lifetime in seconds ({@code -1} if absent). */
    record Token(String accessToken, long expiresIn) {
        @Override
        public String toString() {
            return "Token[expiresIn=" + expiresIn + "]";
        }
    }

    static Token parseToken(byte[] body) throws Unparsable {
        JsonNode root = readObject(body);
        JsonNode t = root.get("access_token");
        if (t == null || !t.isTextual() || t.asText().isBlank() || t.asText().length() > 16 * 1024) {
            throw new Unparsable("token response without access_token");
        }
        JsonNode e = root.get("expires_in");
        long expiresIn = -1;
        if (e != null && e.canConvertToLong() && e.asLong() > 0) {
            expiresIn = e.asLong();
        } else if (e != null && e.isTextual() && e.asText().matches("\\d{1,10}")) {
            expiresIn = Long.parseLong(e.asText());
        }
        return new Token(t.asText(), expiresIn);
    }

    static JimsResponse parseQuery(byte[] body, ServerRole servedBy) throws Unparsable {
        JsonNode root = readObject(body);
        JsonNode entries = root.get("entries");
        if (entries == null || !entries.isArray()) {
            throw new Unparsable("response without an entries array");
        }
        JsonNode c = root.get("cookie");
        String cookie = c != null
                        && (c.isTextual() || c.isNumber())
                        && !c.asText().isEmpty()
                        && c.asText().length() <= 4096
                ? c.asText()
                : null;
        List<JimsEntry> out = new ArrayList<>(entries.size());
        int skipped = 0;
        for (JsonNode n : entries) {
            JimsEntry e = entry(n);
            if (e == null) {
                skipped++;
            } else {
                out.add(e);
            }
        }
        return new JimsResponse(servedBy, cookie, out, entries.size(), skipped);
    }

    private static JsonNode readObject(byte[] body) throws Unparsable {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (Exception e) { // JsonProcessingException, IOException, or a constraint violation
            throw new Unparsable("body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new Unparsable("body is not a JSON object");
        }
        return root;
    }

    /** One entry, or {@code null} if malformed. */
    static JimsEntry entry(JsonNode n) {
        if (n == null || !n.isObject()) {
            return null;
        }
        String op = text(n, "operation");
        JimsEntry.Operation operation;
        if ("logon".equalsIgnoreCase(op)) {
            operation = JimsEntry.Operation.LOGON;
        } else if ("logoff".equalsIgnoreCase(op)) {
            operation = JimsEntry.Operation.LOGOFF;
        } else {
            return null;
        }
        String ip = IpAddresses.normalize(text(n, "ip"));
        Instant ts = timestamp(n.get("timestamp"));
        if (ip == null || ts == null) {
            return null;
        }
        String user = optText(n, "user");
        String domain = optText(n, "domain");
        String source = optText(n, "source");
        List<String> groups = strings(n.get("groups"));
        if (user == null || domain == null || source == null || groups == null) {
            return null;
        }
        JsonNode d = n.get("device");
        String deviceName = "";
        String deviceOs = "";
        List<String> deviceGroups = List.of();
        if (d != null && !d.isNull()) {
            if (!d.isObject()) {
                return null;
            }
            deviceName = optText(d, "name");
            deviceOs = optText(d, "os");
            deviceGroups = strings(d.get("groups"));
            if (deviceName == null || deviceOs == null || deviceGroups == null) {
                return null;
            }
        }
        return new JimsEntry(operation, ts, source, ip, domain, user, groups, deviceName, deviceGroups, deviceOs);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() && v.asText().length() <= MAX_TEXT
                ? v.asText().trim()
                : null;
    }

    /** Missing or null = "", a string = its value, anything else = {@code null} (malformed). */
    private static String optText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return "";
        }
        return v.isTextual() && v.asText().length() <= MAX_TEXT ? v.asText().trim() : null;
    }

    /** Missing or null = empty list; an array of strings = the list; anything else = {@code null}. */
    private static List<String> strings(JsonNode v) {
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray() || v.size() > 4096) {
            return null;
        }
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode g : v) {
            if (!g.isTextual() || g.asText().length() > MAX_TEXT) {
                return null;
            }
            String s = g.asText().replace('\n', ' ').trim();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** ISO-8601 with offset, or epoch seconds as a number. */
    private static Instant timestamp(JsonNode v) {
        if (v == null) {
            return null;
        }
        try {
            if (v.isIntegralNumber() && v.canConvertToLong() && v.asLong() >= 0) {
                return Instant.ofEpochSecond(v.asLong());
            }
            if (v.isTextual() && v.asText().length() <= 64) {
                String s = v.asText().trim().toUpperCase(Locale.ROOT);
                return s.endsWith("Z")
                        ? Instant.parse(s)
                        : OffsetDateTime.parse(s).toInstant();
            }
        } catch (DateTimeException e) {
            return null;
        }
        return null;
    }
}
