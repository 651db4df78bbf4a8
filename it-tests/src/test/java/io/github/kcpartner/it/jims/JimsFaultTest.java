package io.github.kcpartner.it.jims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcpartner.testsupport.tls.TestPki;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JimsFaultTest {

    private static final Duration CLIENT_TIMEOUT = Duration.ofMillis(500);
    private static TestPki pki;
    private static JimsSimulator sim;
    private static JimsTestClient client;
    private String token;

    @BeforeAll
    static void start() {
        pki = TestPki.create("fault-test-ca");
        sim = JimsSimulator.builder()
                .https(pki.issueServer("127.0.0.1"))
                .build()
                .start();
        sim.directory().logon("10.0.0.10", "CORP", "alice", "Engineering", "VPN-Users");
        client = new JimsTestClient(sim, pki.clientSslContext());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void token() throws Exception {
        token = client.token();
        sim.resetStats();
    }

    @AfterEach
    void heal() {
        sim.fault(Fault.none());
    }

    @Test
    @DisplayName("DOWN: connection refused; back on the same port after none()")
    void down() throws Exception {
        int port = sim.port();
        HttpClient fresh = JimsTestClient.client(pki.clientSslContext());

        sim.fault(Fault.down());

        assertThat(sim.isListening()).isFalse();
        assertThatThrownBy(() -> fresh.send(
                        client.queryRequest(token, "ip=10.0.0.10").build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(ConnectException.class);
        sim.fault(Fault.none());
        assertThat(sim.port()).isEqualTo(port);
        assertThat(fresh.send(client.queryRequest(token, "ip=10.0.0.10").build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    @DisplayName("HANG: the request is read but not answered; a 500 ms client timeout fires; none() heals")
    void hang() throws Exception {
        sim.fault(Fault.hang());

        HttpRequest request = client.queryRequest(token, "ip=10.0.0.10")
                .timeout(CLIENT_TIMEOUT)
                .build();
        assertThatThrownBy(() -> client.send(request)).isInstanceOf(HttpTimeoutException.class);
        assertThat(sim.awaitCount(RequestKind.IP, 1, Duration.ofSeconds(5)))
                .as("the request reached the server")
                .isTrue();

        sim.fault(Fault.none());
        assertThat(client.query(token, "ip=10.0.0.10").statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("HANG + releaseHung(): the waiting request is answered, the next one hangs again")
    void releaseHung() throws Exception {
        sim.fault(Fault.hang());
        CompletableFuture<HttpResponse<String>> waiting = client.http()
                .sendAsync(client.queryRequest(token, "ip=10.0.0.10").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sim.awaitCount(RequestKind.IP, 1, Duration.ofSeconds(5))).isTrue();

        sim.releaseHung();

        assertThat(waiting.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        HttpRequest next = client.queryRequest(token, "ip=10.0.0.10")
                .timeout(CLIENT_TIMEOUT)
                .build();
        assertThatThrownBy(() -> client.send(next)).isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    @DisplayName("HANG queriesOnly(): tokens are still issued, queries hang")
    void hangQueriesOnly() throws Exception {
        sim.fault(Fault.hang().queriesOnly());

        assertThat(client.token()).isNotBlank();
        HttpRequest request = client.queryRequest(token, "timestamp=0&entry_count=200")
                .timeout(CLIENT_TIMEOUT)
                .build();
        assertThatThrownBy(() -> client.send(request)).isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    @DisplayName("SLOW: answers come after the delay; a shorter client timeout fires")
    void slow() throws Exception {
        sim.fault(Fault.slow(300));

        long started = System.nanoTime();
        assertThat(client.query(token, "ip=10.0.0.10").statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        HttpRequest impatient = client.queryRequest(token, "ip=10.0.0.10")
                .timeout(Duration.ofMillis(100))
                .build();
        assertThatThrownBy(() -> client.send(impatient)).isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    @DisplayName("HTTP_5XX: queries and token requests answered 503 (or the chosen status)")
    void http5xx() throws Exception {
        sim.fault(Fault.http5xx());
        assertThat(client.query(token, "ip=10.0.0.10").statusCode()).isEqualTo(503);
        assertThat(client.tokenForm(sim.clientId(), sim.clientSecret(), "client_credentials")
                        .statusCode())
                .isEqualTo(503);

        sim.fault(Fault.http5xx(500));
        assertThat(client.query(token, "ip=10.0.0.10").statusCode()).isEqualTo(500);
    }

    @Test
    @DisplayName("BAD_JSON: 200 with a body no JSON parser accepts")
    void badJson() throws Exception {
        sim.fault(Fault.badJson());

        HttpResponse<String> response = client.query(token, "ip=10.0.0.10");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> JimsTestClient.json(response)).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    @DisplayName("HUGE_BODY: 200 with a streamed body of the asked size (default 50 MiB; 8 MiB here to spare the CPU)")
    void hugeBody() throws Exception {
        assertThat(Fault.hugeBody().bytes()).isEqualTo(50L * 1024 * 1024);
        sim.fault(Fault.hugeBody(8L * 1024 * 1024));

        HttpResponse<InputStream> response = client.http()
                .send(client.queryRequest(token, "ip=10.0.0.10").build(), HttpResponse.BodyHandlers.ofInputStream());
        long size;
        try (InputStream body = response.body()) {
            size = body.transferTo(OutputStream.nullOutputStream());
        }

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(size).isEqualTo(8L * 1024 * 1024);
    }

    @Test
    @DisplayName("MISSING_FIELDS: no cookie, entries without operation, ip and user; no entries key when empty")
    void missingFields() throws Exception {
        sim.fault(Fault.missingFields());

        JsonNode found = client.ok(token, "ip=10.0.0.10");
        JsonNode nobody = client.ok(token, "ip=10.0.0.99");

        assertThat(found.has("cookie")).isFalse();
        assertThat(found.get("entries").get(0).has("ip")).isFalse();
        assertThat(found.get("entries").get(0).has("user")).isFalse();
        assertThat(found.get("entries").get(0).has("operation")).isFalse();
        assertThat(nobody.has("entries")).isFalse();
    }

    @Test
    @DisplayName("WRONG_TYPES: groups and cookie as numbers, timestamp as a number, device as a string")
    void wrongTypes() throws Exception {
        sim.fault(Fault.wrongTypes());

        JsonNode found = client.ok(token, "ip=10.0.0.10");
        JsonNode nobody = client.ok(token, "ip=10.0.0.99");

        assertThat(found.get("cookie").isNumber()).isTrue();
        JsonNode entry = found.get("entries").get(0);
        assertThat(entry.get("groups").isNumber()).isTrue();
        assertThat(entry.get("timestamp").isNumber()).isTrue();
        assertThat(entry.get("device").isTextual()).isTrue();
        assertThat(nobody.get("entries").isObject()).isTrue();
    }

    @Test
    @DisplayName("EXPIRED_TOKEN: every token is 401 'token expired'; new tokens come with expires_in in the past")
    void expiredToken() throws Exception {
        sim.fault(Fault.expiredToken());

        HttpResponse<String> query = client.query(token, "ip=10.0.0.10");
        HttpResponse<String> issued = client.tokenForm(sim.clientId(), sim.clientSecret(), "client_credentials");

        assertThat(query.statusCode()).isEqualTo(401);
        assertThat(JimsTestClient.json(query).get("error_description").asText()).isEqualTo("token expired");
        assertThat(issued.statusCode()).isEqualTo(200);
        assertThat(JimsTestClient.json(issued).get("expires_in").asLong()).isNegative();
        String pastToken = JimsTestClient.json(issued).get("access_token").asText();

        sim.fault(Fault.none());
        assertThat(client.query(pastToken, "ip=10.0.0.10").statusCode()).isEqualTo(401);
        assertThat(client.query(token, "ip=10.0.0.10").statusCode()).isEqualTo(200);
    }
}
