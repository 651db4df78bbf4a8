package io.github.kcpartner.it.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * A small client of Keycloak's admin REST API, logged in as the bootstrap admin of the master
 * realm. Paths are relative to {@code /admin}, e.g. {@code /realms/x/users}.
 */
public final class KeycloakAdminClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String username;
    private final String password;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String token;
    private Instant tokenExpiry = Instant.MIN;

    public KeycloakAdminClient(String baseUrl, String username, String password) {
        this.baseUrl = baseUrl;
        this.username = username;
        this.password = password;
    }

    /** The answer of one admin call. */
    public record Response(int status, String body, String location) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (status " + status + "): " + body, e);
            }
        }

        public Response expect(int expected) {
            if (status != expected) {
                throw new AssertionError("expected HTTP " + expected + " but got " + status + ": " + body);
            }
            return this;
        }
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response post(String path, Object body) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(toJson(body))));
    }

    public Response put(String path, Object body) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(toJson(body))));
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    /** An unauthenticated GET of an absolute URL (public endpoints such as a JWKS). */
    public Response getPublic(String url) {
        HttpResponse<String> response = exchange(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build());
        return new Response(response.statusCode(), response.body(), null);
    }

    /** Drops the cached admin token: the next call logs in again (after the server's database was replaced). */
    public synchronized void forgetToken() {
        tokenExpiry = Instant.MIN;
    }

    /** A raw bearer token of the admin, for calls the helpers above do not cover. */
    public synchronized String accessToken() {
        if (Instant.now().isAfter(tokenExpiry)) {
            String form =
                    "grant_type=password&client_id=admin-cli&username=" + enc(username) + "&password=" + enc(password);
            HttpRequest login = HttpRequest.newBuilder(
                            URI.create(baseUrl + "/realms/master/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form))
                    .build();
            JsonNode answer = new Response(0, exchange(login).body(), null).json();
            if (!answer.hasNonNull("access_token")) {
                throw new IllegalStateException("admin login failed: " + answer.path("error"));
            }
            token = answer.get("access_token").asText();
            tokenExpiry = Instant.now()
                    .plusSeconds(Math.max(5, answer.path("expires_in").asLong(60) - 10));
        }
        return token;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + "/admin" + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + accessToken())
                .header("Accept", "application/json");
    }

    private Response send(HttpRequest.Builder builder) {
        HttpResponse<String> response = exchange(builder.build());
        return new Response(
                response.statusCode(),
                response.body(),
                response.headers().firstValue("Location").orElse(null));
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String toJson(Object body) {
        try {
            return body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
