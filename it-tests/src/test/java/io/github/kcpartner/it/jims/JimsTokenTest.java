package io.github.kcpartner.it.jims;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcpartner.testsupport.MutableClock;
import io.github.kcpartner.testsupport.tls.TestPki;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JimsTokenTest {

    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    private static TestPki pki;
    private static JimsSimulator sim;
    private static JimsTestClient client;

    @BeforeAll
    static void start() {
        pki = TestPki.create("token-test-ca");
        sim = JimsSimulator.builder()
                .https(pki.issueServer("127.0.0.1"))
                .clientId("srx-1")
                .clientSecret("s3cr&t:x")
                .clock(CLOCK)
                .build()
                .start();
        client = new JimsTestClient(sim, pki.clientSslContext());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void reset() {
        sim.fault(Fault.none());
        sim.resetStats();
    }

    @Test
    @DisplayName("form credentials get an opaque bearer token valid 28800 s")
    void formCredentials() throws Exception {
        HttpResponse<String> response = client.tokenForm("srx-1", "s3cr&t:x", "client_credentials");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = JimsTestClient.json(response);
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asLong()).isEqualTo(28800);
        assertThat(body.get("access_token").asText()).hasSizeGreaterThanOrEqualTo(32);
    }

    @Test
    @DisplayName("HTTP Basic credentials (form-url-encoded, RFC 6749 2.3.1) are accepted too")
    void basicCredentials() throws Exception {
        HttpResponse<String> response = client.tokenBasic("srx-1", "s3cr&t:x");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JimsTestClient.json(response).get("access_token").asText()).isNotBlank();
    }

    @Test
    @DisplayName("Basic plus a matching client_id in the form is accepted; Basic plus a form secret is 400")
    void basicAndForm() throws Exception {
        String basic =
                "Basic " + Base64.getEncoder().encodeToString("srx-1:s3cr%26t%3Ax".getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(sim.tokenUri())
                .header("Authorization", basic)
                .header("Content-Type", "application/x-www-form-urlencoded");

        HttpResponse<String> withId = client.send(request.copy()
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=srx-1"))
                .build());
        HttpResponse<String> otherId = client.send(request.copy()
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=other"))
                .build());
        HttpResponse<String> twice = client.send(request.copy()
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_secret=x"))
                .build());

        assertThat(withId.statusCode()).isEqualTo(200);
        assertThat(otherId.statusCode()).isEqualTo(401);
        assertThat(twice.statusCode()).isEqualTo(400);
    }

    @Test
    @DisplayName("a bad secret is 401 invalid_client, by form and by Basic")
    void badSecret() throws Exception {
        HttpResponse<String> form = client.tokenForm("srx-1", "wrong", "client_credentials");
        HttpResponse<String> basic = client.tokenBasic("srx-1", "wrong");
        HttpResponse<String> unknownClient = client.tokenForm("other", "s3cr&t:x", "client_credentials");

        assertThat(form.statusCode()).isEqualTo(401);
        assertThat(JimsTestClient.json(form).get("error").asText()).isEqualTo("invalid_client");
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(basic.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(unknownClient.statusCode()).isEqualTo(401);
    }

    @Test
    @DisplayName("another grant type is 400 unsupported_grant_type")
    void unsupportedGrant() throws Exception {
        HttpResponse<String> response = client.tokenForm("srx-1", "s3cr&t:x", "password");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JimsTestClient.json(response).get("error").asText()).isEqualTo("unsupported_grant_type");
    }

    @Test
    @DisplayName("GET on the token API is 405")
    void getRefused() throws Exception {
        HttpResponse<String> response =
                client.send(HttpRequest.newBuilder(sim.tokenUri()).GET().build());

        assertThat(response.statusCode()).isEqualTo(405);
    }

    @Test
    @DisplayName("a token works until its expiry, then the query is 401 invalid_token 'token expired'")
    void expiry() throws Exception {
        String token = client.token();
        assertThat(client.query(token, "ip=10.9.9.9").statusCode()).isEqualTo(200);

        CLOCK.advance(Duration.ofSeconds(28_800));
        HttpResponse<String> expired = client.query(token, "ip=10.9.9.9");

        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(JimsTestClient.json(expired).get("error_description").asText())
                .isEqualTo("token expired");
        assertThat(client.query(client.token(), "ip=10.9.9.9").statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("revoked tokens are unknown: 401")
    void revoke() throws Exception {
        String token = client.token();
        sim.revokeTokens();

        assertThat(client.query(token, "ip=10.9.9.9").statusCode()).isEqualTo(401);
    }

    @Test
    @DisplayName("token requests are counted and logged without the secret")
    void observability() throws Exception {
        client.tokenForm("srx-1", "s3cr&t:x", "client_credentials");
        client.tokenBasic("srx-1", "s3cr&t:x");

        assertThat(sim.count(RequestKind.TOKEN)).isEqualTo(2);
        assertThat(sim.requests()).hasSize(2).allSatisfy(seen -> {
            assertThat(seen.kind()).isEqualTo(RequestKind.TOKEN);
            assertThat(seen.path()).isEqualTo("/oauth_token/oauth");
            assertThat(seen.params()).doesNotContainKey("client_secret");
            assertThat(seen.params().values()).noneMatch(value -> value.contains("s3cr"));
        });
        assertThat(sim.requests().get(0).authPresent()).isFalse();
        assertThat(sim.requests().get(1).authScheme()).isEqualTo("Basic");
    }

    @Test
    @DisplayName("an unknown path is 404")
    void unknownPath() throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/nope")).build());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(sim.count(RequestKind.OTHER)).isEqualTo(1);
    }
}
