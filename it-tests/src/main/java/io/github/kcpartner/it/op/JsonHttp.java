package io.github.kcpartner.it.op;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** JSON over java.net.http for the OP's discovery, registration and /_test endpoints. */
final class JsonHttp {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper mapper;

    JsonHttp(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** GET; the status code and the body parsed as JSON (null when empty or not JSON). */
    Response get(URI uri) throws IOException {
        return send(HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .GET()
                .build());
    }

    /** POST with a JSON body ({@code body} null: empty body). */
    Response post(URI uri, Object body) throws IOException {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body));
        return send(HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .POST(publisher)
                .build());
    }

    private Response send(HttpRequest request) throws IOException {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), parse(response.body()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + request.uri(), e);
        }
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    record Response(int status, String body, JsonNode json) {

        JsonNode requireOk(String what) {
            if (status / 100 != 2 || json == null) {
                throw new UncheckedIOException(new IOException(what + " failed: HTTP " + status + " " + body));
            }
            return json;
        }
    }
}
