package io.github.kcpartner.jims.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/** A tiny programmable JIMS stand-in on loopback (HTTP or HTTPS), for unit tests. */
final class StubJims implements AutoCloseable {

    static final String CLIENT_ID = "srx-client";
    static final String SECRET = "Sup3r-S3cret-Value";

    /** A canned answer. */
    record Reply(int code, byte[] body) {
        static Reply json(String json) {
            return new Reply(200, json.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    final AtomicInteger tokenRequests = new AtomicInteger();
    final AtomicInteger queryRequests = new AtomicInteger();
    final List<Map<String, String>> queries = Collections.synchronizedList(new ArrayList<>());
    volatile long tokenLifetime = 28800;
    volatile boolean down;
    /** Only the token endpoint answers 503; queries with a valid token still work. */
    volatile boolean tokenDown;
    /** When set, token requests wait for it (up to 10 s) before answering. */
    volatile java.util.concurrent.CountDownLatch holdTokens;

    volatile boolean chunked;
    volatile String lastRemote;
    volatile boolean rejectAllTokens;
    final AtomicInteger rejectNextQueries = new AtomicInteger();
    volatile Function<Map<String, String>, Reply> handler = q -> Reply.json("{\"cookie\":\"c\",\"entries\":[]}");

    private StubJims(HttpServer server) {
        this.server = server;
        server.setExecutor(executor);
        server.createContext("/oauth_token/oauth", this::token);
        server.createContext("/user_query/v2", this::query);
        server.start();
    }

    static StubJims http() throws IOException {
        return new StubJims(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50));
    }

    static StubJims https(SSLContext ctx) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        s.setHttpsConfigurator(new HttpsConfigurator(ctx));
        return new StubJims(s);
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** A server config pointing here (http, short timeouts). */
    JimsServerConfig.Builder config(ServerRole role) {
        return JimsServerConfig.builder(role)
                .address("127.0.0.1")
                .port(port())
                .connectMethod(ConnectMethod.HTTP)
                .clientId(CLIENT_ID)
                .clientSecret(SECRET)
                .connectTimeoutMs(2000)
                .readTimeoutMs(3000);
    }

    void revokeTokens() {
        validTokens.clear();
    }

    private void token(HttpExchange x) throws IOException {
        tokenRequests.incrementAndGet();
        Map<String, String> form = params(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        java.util.concurrent.CountDownLatch hold = holdTokens;
        if (hold != null) {
            try {
                hold.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (down || tokenDown) {
            send(x, 503, "{\"error\":\"down\"}");
        } else if (!"POST".equals(x.getRequestMethod()) || !"client_credentials".equals(form.get("grant_type"))) {
            send(x, 400, "{\"error\":\"unsupported_grant_type\"}");
        } else if (!CLIENT_ID.equals(form.get("client_id")) || !SECRET.equals(form.get("client_secret"))) {
            send(x, 401, "{\"error\":\"invalid_client\"}");
        } else {
            String t = "tok-" + port() + "-" + tokenRequests.get();
            validTokens.add(t);
            send(
                    x,
                    200,
                    "{\"access_token\":\"" + t + "\",\"token_type\":\"Bearer\",\"expires_in\":" + tokenLifetime + "}");
        }
    }

    private void query(HttpExchange x) throws IOException {
        queryRequests.incrementAndGet();
        lastRemote = x.getRemoteAddress().getAddress().getHostAddress();
        if (down) {
            send(x, 503, "{\"error\":\"down\"}");
            return;
        }
        String auth = x.getRequestHeaders().getFirst("Authorization");
        String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : "";
        if (rejectAllTokens
                || !validTokens.contains(token)
                || rejectNextQueries.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            send(x, 401, "{\"error\":\"invalid_token\"}");
            return;
        }
        Map<String, String> q = params(x.getRequestURI().getRawQuery());
        queries.add(q);
        Reply r = handler.apply(q);
        x.sendResponseHeaders(r.code(), r.body().length == 0 ? -1 : chunked ? 0 : r.body().length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(r.body());
        }
    }

    private static void send(HttpExchange x, int code, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(code, b.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(b);
        }
    }

    static Map<String, String> params(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String kv : raw.split("&")) {
            int i = kv.indexOf('=');
            String k = URLDecoder.decode(i < 0 ? kv : kv.substring(0, i), StandardCharsets.UTF_8);
            m.put(k, i < 0 ? "" : URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    /** One entry as JIMS sends it. */
    static String entry(String op, String timestamp, String ip, String domain, String user, String... groups) {
        StringBuilder g = new StringBuilder();
        for (String s : groups) {
            g.append(g.length() == 0 ? "" : ",").append('"').append(s).append('"');
        }
        return "{\"operation\":\"" + op + "\",\"timestamp\":\"" + timestamp + "\",\"source\":\"Active Directory\","
                + "\"ip\":\"" + ip + "\",\"domain\":\"" + domain + "\",\"user\":\"" + user + "\",\"groups\":[" + g
                + "],\"device\":{\"name\":\"PC-1\",\"groups\":[\"Workstations\"],\"os\":\"Windows\"}}";
    }

    static String body(String cookie, String... entries) {
        return "{\"cookie\":" + (cookie == null ? "null" : "\"" + cookie + "\"") + ",\"entries\":["
                + String.join(",", entries) + "]}";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
