package io.github.kcpartner.broker.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The JWK set fetch: bounded by bytes actually read, with the provider's timeouts, no redirects. */
class PartnerKeysFetcherTest {

    private static final PartnerHttp.Timeouts TIMEOUTS = new PartnerHttp.Timeouts(1000, 500);

    private HttpServer server;
    private CloseableHttpClient http;
    private final CountDownLatch stop = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/small", exchange -> {
            byte[] body = "{\"keys\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/chunked-huge", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked: no Content-Length to check
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("{\"keys\":[".getBytes(StandardCharsets.UTF_8));
                byte[] filler = " ".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < 64; i++) { // 4 MiB
                    out.write(filler);
                }
                out.write("]}".getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the client stopped reading: expected
            }
        });
        server.createContext("/silent", exchange -> {
            try {
                stop.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", "/small");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        http = HttpClients.createDefault();
    }

    @AfterEach
    void stop() throws IOException {
        stop.countDown();
        http.close();
        server.stop(0);
    }

    private String fetch(String path) {
        return PartnerKeys.fetcher(http, TIMEOUTS)
                .apply(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path));
    }

    @Test
    @DisplayName("a small JWK set is read")
    void small() {
        assertThat(fetch("/small")).isEqualTo("{\"keys\":[]}");
    }

    @Test
    @Timeout(20)
    @DisplayName("a chunked answer larger than the bound is refused, though it declares no length")
    void chunkedTooLarge() {
        assertThatThrownBy(() -> fetch("/chunked-huge")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @Timeout(10) // the server would hold the request for 30 s: only the 500 ms read timeout ends it in time
    @DisplayName("a partner that never answers is given up after the read timeout")
    void readTimeout() {
        assertThatThrownBy(() -> fetch("/silent")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("a redirect is not followed")
    void noRedirect() {
        assertThatThrownBy(() -> fetch("/redirect"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HTTP 302");
    }
}
