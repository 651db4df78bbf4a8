package io.github.kcpartner.it.jims;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Small helpers over {@link HttpExchange}: parameters, Authorization header, JSON answers. */
final class Exchanges {

    static final String JSON = "application/json";
    private static final int MAX_FORM_BYTES = 64 * 1024;

    private Exchanges() {}

    /** Decodes {@code a=1&b=2}; a repeated or undecodable parameter is an {@link IllegalArgumentException}. */
    static Map<String, String> parameters(String encoded) {
        Map<String, String> result = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return result;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (result.put(name, value) != null) {
                throw new IllegalArgumentException("repeated parameter " + name);
            }
        }
        return result;
    }

    static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** The form body, at most 64 KiB. */
    static String readForm(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_FORM_BYTES + 1);
            if (body.length > MAX_FORM_BYTES) {
                throw new IllegalArgumentException("form too large");
            }
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** The scheme of the Authorization header ({@code Bearer}, {@code Basic}, …) or "" without one. */
    static String authScheme(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || header.isBlank()) {
            return "";
        }
        String scheme = header.strip().split(" ", 2)[0];
        return scheme.isEmpty()
                ? ""
                : scheme.substring(0, 1).toUpperCase(Locale.ROOT)
                        + scheme.substring(1).toLowerCase(Locale.ROOT);
    }

    /** The credentials after {@code scheme} in the Authorization header, or null. */
    static String credentials(HttpExchange exchange, String scheme) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null) {
            return null;
        }
        String[] parts = header.strip().split(" +", 2);
        return parts.length == 2 && parts[0].equalsIgnoreCase(scheme) ? parts[1].strip() : null;
    }

    static void sendJson(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", JSON);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** An OAuth2-style error body: {@code {"error": ..., "error_description": ...}} (description optional). */
    static void sendError(HttpExchange exchange, int status, String error, String description) throws IOException {
        sendJson(exchange, status, ResponseBodies.error(error, description));
    }
}
