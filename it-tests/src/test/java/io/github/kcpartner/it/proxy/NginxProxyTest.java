package io.github.kcpartner.it.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The proxy peer's self-test: a tiny JDK HTTP server as the backend records what nginx sends it.
 * Needs Debian's nginx (installed by {@code ./test}); without it the test fails with that message.
 */
@DisplayName("NginxProxy: Debian's nginx in front of a backend, appending to X-Forwarded-For")
class NginxProxyTest {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpServer backend;
    private final Map<String, String> seen = new ConcurrentHashMap<>();

    @BeforeEach
    void startBackend() throws IOException {
        backend = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        backend.createContext("/", exchange -> {
            seen.clear();
            seen.put("peer", exchange.getRemoteAddress().getAddress().getHostAddress());
            exchange.getRequestHeaders()
                    .forEach((name, values) -> seen.put(name.toLowerCase(), String.join(",", values)));
            byte[] body = "backend".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        backend.start();
    }

    @AfterEach
    void stopBackend() {
        backend.stop(0);
    }

    @Test
    @DisplayName(
            "given a client sending X-Forwarded-For: 10.0.0.5, then the backend's TCP peer is 127.0.0.2 and it reads X-Forwarded-For: 10.0.0.5, 127.0.0.1")
    void appendsTheClientAddress() throws Exception {
        try (NginxProxy proxy =
                NginxProxy.start("self-test", backend.getAddress().getPort(), logs())) {
            HttpResponse<String> answer = get(proxy, "10.0.0.5");

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("backend");
            assertThat(seen.get("peer")).isEqualTo(NginxProxy.BIND_ADDRESS);
            assertThat(seen.get("x-forwarded-for")).isEqualTo("10.0.0.5, 127.0.0.1");
            assertThat(seen.get("x-forwarded-proto")).isEqualTo("http");
            assertThat(seen.get("x-forwarded-host")).isEqualTo("127.0.0.1:" + proxy.port());
            assertThat(seen.get("x-forwarded-port")).isEqualTo(Integer.toString(proxy.port()));
            assertThat(seen.get("host")).isEqualTo("127.0.0.1:" + proxy.port());
        }
    }

    @Test
    @DisplayName("given a client sending no X-Forwarded-For, then the backend reads the client's address alone")
    void startsTheChain() throws Exception {
        try (NginxProxy proxy =
                NginxProxy.start("self-test-plain", backend.getAddress().getPort(), logs())) {
            assertThat(get(proxy, null).statusCode()).isEqualTo(200);
            assertThat(seen.get("peer")).isEqualTo(NginxProxy.BIND_ADDRESS);
            assertThat(seen.get("x-forwarded-for")).isEqualTo("127.0.0.1");
        }
    }

    @Test
    @DisplayName("when closed, then nginx no longer answers on its port")
    void closeStopsNginx() throws Exception {
        NginxProxy proxy =
                NginxProxy.start("self-test-close", backend.getAddress().getPort(), logs());
        assertThat(get(proxy, null).statusCode()).isEqualTo(200);
        proxy.close();
        assertThatThrownBy(() -> get(proxy, null)).isInstanceOf(IOException.class);
    }

    private static HttpResponse<String> get(NginxProxy proxy, String forwardedFor) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(proxy.baseUrl() + "/some/path"))
                .timeout(Duration.ofSeconds(10));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Path logs() {
        return Path.of(System.getProperty("it.log.dir", "target/it-logs"));
    }
}
