package io.github.kcpartner.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * The test client's back channel: redeems the code a browser login ended with (public client
 * {@link TestRealm#CLIENT_ID}) and reads what Keycloak issued: ID token and access token payloads,
 * and the userinfo answer.
 */
public final class TokenClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** What Keycloak issued for one login. */
    public record Issued(JsonNode idToken, JsonNode accessToken, JsonNode userinfo) {}

    private TokenClient() {}

    /** Redeems the {@code code} in {@code finalUrl} (the receiver's URL the browser ended on). */
    public static Issued redeem(KeycloakServer server, TestRealm realm, String finalUrl) {
        String code = queryParameter(finalUrl, "code");
        String realmUrl = server.baseUrl() + "/realms/" + realm.name() + "/protocol/openid-connect";
        String form = "grant_type=authorization_code&client_id=" + TestRealm.CLIENT_ID + "&code=" + enc(code)
                + "&redirect_uri=" + enc(realm.receiver().url());
        JsonNode tokens = send(HttpRequest.newBuilder(URI.create(realmUrl + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build());
        String accessToken = tokens.path("access_token").asText();
        JsonNode userinfo = send(HttpRequest.newBuilder(URI.create(realmUrl + "/userinfo"))
                .header("Authorization", "Bearer " + accessToken)
                .GET()
                .build());
        return new Issued(payload(tokens.path("id_token").asText()), payload(accessToken), userinfo);
    }

    private static JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(request.uri() + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode payload(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            throw new AssertionError("not a JWT: " + jwt);
        }
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String queryParameter(String url, String name) {
        String query = URI.create(url).getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).equals(name)) {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError("no " + name + " in " + url);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
