package io.github.kcpartner.it.op;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The test's relying-party side: a redirect_uri ({@code /cb}, GET and form_post) and a JWKS URL ({@code /jwks}). */
final class CallbackServer implements AutoCloseable {

    /** One request that reached the redirect_uri. */
    record Callback(String method, Map<String, String> params) {}

    private final HttpServer server;
    private final BlockingQueue<Callback> callbacks = new LinkedBlockingQueue<>();
    private volatile String jwks = "{\"keys\":[]}";

    CallbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/cb", this::callback);
        server.createContext("/jwks", exchange -> respond(exchange, 200, "application/json", jwks));
        server.start();
    }

    URI redirectUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/cb");
    }

    URI jwksUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
    }

    void publishJwks(String jwksJson) {
        jwks = jwksJson;
    }

    Callback awaitCallback() throws InterruptedException {
        Callback callback = callbacks.poll(10, TimeUnit.SECONDS);
        if (callback == null) {
            throw new AssertionError("no request reached the redirect_uri");
        }
        return callback;
    }

    private void callback(HttpExchange exchange) throws IOException {
        String raw = "POST".equals(exchange.getRequestMethod())
                ? new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                : exchange.getRequestURI().getRawQuery();
        callbacks.add(new Callback(exchange.getRequestMethod(), Forms.parse(raw)));
        respond(exchange, 200, "text/plain", "callback received");
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
