package io.github.kcpartner.it.jims;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;

/** A plain {@link HttpClient} speaking the JIMS contract to one simulator, for tests. */
final class JimsTestClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final JimsSimulator sim;
    private final HttpClient http;

    JimsTestClient(JimsSimulator sim, SSLContext trust) {
        this.sim = sim;
        this.http = client(trust);
    }

    static HttpClient client(SSLContext trust) {
        HttpClient.Builder builder =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5));
        if (trust != null) {
            builder.sslContext(trust);
        }
        return builder.build();
    }

    HttpClient http() {
        return http;
    }

    HttpResponse<String> tokenForm(String id, String secret, String grantType)
            throws IOException, InterruptedException {
        String form = "grant_type=" + enc(grantType) + "&client_id=" + enc(id) + "&client_secret=" + enc(secret);
        return send(post(form).build());
    }

    HttpResponse<String> tokenBasic(String id, String secret) throws IOException, InterruptedException {
        String basic =
                Base64.getEncoder().encodeToString((enc(id) + ":" + enc(secret)).getBytes(StandardCharsets.UTF_8));
        return send(post("grant_type=client_credentials")
                .header("Authorization", "Basic " + basic)
                .build());
    }

    /** A fresh valid token (asserts the 200). */
    String token() throws IOException, InterruptedException {
        HttpResponse<String> response = tokenForm(sim.clientId(), sim.clientSecret(), "client_credentials");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response).get("access_token").asText();
    }

    HttpRequest.Builder queryRequest(String token, String rawQuery) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(sim.queryUri() + "?" + rawQuery))
                .timeout(TIMEOUT)
                .GET();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    HttpResponse<String> query(String token, String rawQuery) throws IOException, InterruptedException {
        return send(queryRequest(token, rawQuery).build());
    }

    /** A query answered 200, parsed. */
    JsonNode ok(String token, String rawQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = query(token, rawQuery);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder post(String form) {
        return HttpRequest.newBuilder(sim.tokenUri())
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
    }
}
