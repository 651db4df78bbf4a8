package io.github.kcpartner.it.harness;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The redirect URI of the test client: a tiny page on loopback that the browser lands on when
 * Keycloak finishes a login, so tests can see the authorization code Keycloak issued.
 */
public final class RedirectReceiver implements AutoCloseable {

    private static final byte[] PAGE =
            "<!DOCTYPE html><html><head><title>it-done</title></head><body id=\"it-done\">done</body></html>"
                    .getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;

    private RedirectReceiver(HttpServer server) {
        this.server = server;
    }

    public static RedirectReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/cb", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, PAGE.length);
                exchange.getResponseBody().write(PAGE);
                exchange.close();
            });
            server.start();
            return new RedirectReceiver(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/cb";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
