package io.github.kcpartner.jims.client;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.http.HttpEntity;
import org.apache.http.NameValuePair;
import org.apache.http.client.entity.UrlEncodedFormEntity;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.client.utils.URIBuilder;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.message.BasicNameValuePair;
import org.jboss.logging.Logger;

/**
 * One JIMS server: its own connection pool and TLS trust, its token, its Online state and counters.
 * Knows nothing of failover; {@link JimsClient} decides.
 */
final class ServerEndpoint implements Closeable {

    private static final Logger LOG = Logger.getLogger(ServerEndpoint.class);

    private record Exchange(int code, byte[] body, long nanos) {}

    /**
     * The outcome of the latest request and the latest failure, replaced as one value so a status
     * snapshot never mixes two requests.
     */
    private record Checks(String status, Instant at, boolean ok, String failure, Instant failureAt) {

        static final Checks NONE = new Checks(ServerStatus.NO_REQUEST_YET, null, false, null, null);

        Checks answered(String s, Instant t, boolean answered) {
            return new Checks(s, t, answered, failure, failureAt);
        }

        Checks failed(String s, Instant t) {
            return new Checks(s, t, false, s, t);
        }
    }

    final JimsServerConfig config;
    final CounterSet counters = new CounterSet();
    private final CloseableHttpClient http;
    private final int maxBodyBytes;
    private final Clock clock;
    private final JimsClientListener listener;
    private final TokenCache tokens;
    private final AtomicBoolean online = new AtomicBoolean(true);
    /** Held by the one thread that fetches a token; queries with a valid token never wait for it. */
    private final ReentrantLock tokenFetch = new ReentrantLock();

    private volatile Checks checks = Checks.NONE;
    /** Failed token fetches when no valid token was left; written under {@link #tokenFetch}. */
    private volatile long tokenFailures;

    ServerEndpoint(
            JimsServerConfig config, int maxConnections, int maxBodyBytes, Clock clock, JimsClientListener listener) {
        this.config = config;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
        this.listener = listener;
        this.tokens = new TokenCache(clock);
        this.http = HttpClientFactory.create(config, maxConnections + 2);
    }

    ServerRole role() {
        return config.role();
    }

    boolean isOnline() {
        return online.get();
    }

    /** Marks Offline; true only for the call that made the transition. */
    boolean markOffline() {
        boolean changed = online.compareAndSet(true, false);
        if (changed) {
            counters.wentOffline();
        }
        return changed;
    }

    /** Marks Online; true only for the call that made the transition. */
    boolean markOnline() {
        return online.compareAndSet(false, true);
    }

    ServerStatus status() {
        TokenCache.State t = tokens.current();
        Checks c = checks;
        return new ServerStatus(
                config.role(),
                config.address(),
                config.port(),
                config.connectMethod(),
                config.sourceAddress(),
                online.get(),
                c.status(),
                t != null,
                t == null ? null : t.expiresAt(),
                c.at(),
                c.ok(),
                c.failure(),
                c.failureAt());
    }

    /** Fetches a fresh token (the background probe). */
    void probe() throws ServerFailure {
        tokens.invalidate(null);
        token(true);
    }

    /** Runs one query with one fresh-token retry on a 401. */
    JimsResponse query(QueryKind kind, List<NameValuePair> params) throws ServerFailure, JimsRequestException {
        return query(kind, params, false);
    }

    /**
     * As {@link #query(QueryKind, List)}; {@code evenIfOffline}: the server is asked although it is
     * Offline (every server is, so the request tries them rather than failing until the prober runs).
     */
    JimsResponse query(QueryKind kind, List<NameValuePair> params, boolean evenIfOffline)
            throws ServerFailure, JimsRequestException {
        String url;
        try {
            url = new URIBuilder(config.queryUrl())
                    .addParameters(params)
                    .build()
                    .toString();
        } catch (URISyntaxException e) {
            throw new JimsRequestException("Invalid JIMS query URL");
        }
        String token = token(evenIfOffline);
        Exchange x = get(kind, url, token);
        if (x.code() == 401) {
            counters.error(kind);
            tokens.invalidate(token);
            token = token(evenIfOffline);
            x = get(kind, url, token);
            if (x.code() == 401) {
                throw fail(kind, "Unauthorized (401) with a fresh token");
            }
        }
        if (x.code() == 400) {
            counters.error(kind);
            throw new JimsRequestException("JIMS " + config.role().label() + " refused the query: Bad Request (400)");
        }
        if (x.code() != 200) {
            throw fail(kind, HttpFailures.status(x.code()));
        }
        JimsResponse response;
        try {
            response = ResponseParser.parseQuery(x.body(), config.role());
        } catch (ResponseParser.Unparsable e) {
            throw fail(kind, "Unparsable body: " + e.getMessage());
        }
        counters.returned(kind, clock.instant(), x.nanos());
        if (response.skippedEntries() > 0) {
            counters.skipped(response.skippedEntries());
            notifySkipped(response.skippedEntries());
            LOG.debugf("JIMS %s: skipped %d malformed entries", config.role().label(), response.skippedEntries());
        }
        return response;
    }

    private ServerFailure fail(QueryKind kind, String status) {
        counters.error(kind);
        checks = checks.failed(status, clock.instant());
        return new ServerFailure(status);
    }

    /**
     * The token for a request. A valid token not yet due for renewal is returned without any lock.
     * One due for renewal is renewed by one thread (single flight) while the others go on with it;
     * if that renewal fails, the still valid token is kept and the server stays Online. Without a
     * valid token, requests wait for the one fetch; those that queued behind a failing fetch give
     * up at once when the server went Offline meanwhile (unless {@code evenIfOffline}), so a
     * hanging server costs one timeout, not one per waiting request.
     */
    private String token(boolean evenIfOffline) throws ServerFailure {
        TokenCache.State t = tokens.current();
        if (t != null && !tokens.dueForRenewal(t)) {
            return t.value();
        }
        if (t != null) {
            return renew(t);
        }
        long failuresSeen = tokenFailures;
        tokenFetch.lock();
        try {
            if (!evenIfOffline && (!online.get() || tokenFailures != failuresSeen)) {
                throw new ServerFailure(checks.status()); // the fetch we queued behind failed
            }
            TokenCache.State again = tokens.current();
            if (again != null) {
                return again.value(); // another thread fetched one meanwhile
            }
            try {
                return fetchToken();
            } catch (ServerFailure e) {
                tokenFailures++;
                throw e;
            }
        } finally {
            tokenFetch.unlock();
        }
    }

    /** Renews {@code valid}, due for renewal but not expired; never fails while it is valid. */
    private String renew(TokenCache.State valid) throws ServerFailure {
        if (!tokenFetch.tryLock()) {
            return valid.value(); // another thread renews; this request needs no new token yet
        }
        try {
            TokenCache.State again = tokens.current();
            if (again != null && !tokens.dueForRenewal(again)) {
                return again.value();
            }
            try {
                return fetchToken();
            } catch (ServerFailure e) {
                LOG.debugf(
                        "JIMS %s: token renewal failed (%s); the current token stays valid until %s",
                        config.role().label(), e.status(), valid.expiresAt());
                return valid.value();
            }
        } finally {
            tokenFetch.unlock();
        }
    }

    private String fetchToken() throws ServerFailure {
        HttpPost post = new HttpPost(config.tokenUrl());
        post.setEntity(new UrlEncodedFormEntity(
                List.of(
                        new BasicNameValuePair("grant_type", "client_credentials"),
                        new BasicNameValuePair("client_id", config.clientId()),
                        new BasicNameValuePair("client_secret", config.clientSecret())),
                StandardCharsets.UTF_8));
        Exchange x = send(QueryKind.TOKEN, post);
        if (x.code() != 200) {
            throw fail(QueryKind.TOKEN, "Token refused: " + HttpFailures.status(x.code()));
        }
        try {
            ResponseParser.Token parsed = ResponseParser.parseToken(x.body());
            return tokens.store(parsed.accessToken(), parsed.expiresIn()).value();
        } catch (ResponseParser.Unparsable e) {
            throw fail(QueryKind.TOKEN, "Unparsable token response");
        }
    }

    private Exchange get(QueryKind kind, String url, String token) throws ServerFailure {
        HttpGet get = new HttpGet(url);
        get.setHeader("Authorization", "Bearer " + token);
        get.setHeader("Accept", "application/json");
        return send(kind, get);
    }

    private Exchange send(QueryKind kind, HttpRequestBase request) throws ServerFailure {
        counters.sent(kind);
        long start = System.nanoTime();
        try (CloseableHttpResponse response = http.execute(request)) {
            int code = response.getStatusLine().getStatusCode();
            byte[] body = code == 200 ? readCapped(response.getEntity()) : new byte[0];
            long nanos = System.nanoTime() - start;
            checks = checks.answered(HttpFailures.status(code), clock.instant(), code == 200);
            notifyRequest(kind, code == 200, nanos);
            return new Exchange(code, body, nanos);
        } catch (BodyTooLarge e) {
            request.abort();
            notifyRequest(kind, false, System.nanoTime() - start);
            throw fail(kind, "Body larger than " + maxBodyBytes + " bytes");
        } catch (IOException e) {
            notifyRequest(kind, false, System.nanoTime() - start);
            LOG.debugf(
                    "JIMS %s %s request failed: %s",
                    config.role().label(), kind, e.getClass().getSimpleName());
            throw fail(kind, HttpFailures.describe(e));
        } catch (RuntimeException e) { // defensive: HttpClient bugs must not escape
            notifyRequest(kind, false, System.nanoTime() - start);
            throw fail(kind, "Client error: " + e.getClass().getSimpleName());
        }
    }

    private static final class BodyTooLarge extends IOException {
        private static final long serialVersionUID = 1L;
    }

    private byte[] readCapped(HttpEntity entity) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        if (entity.getContentLength() > maxBodyBytes) {
            throw new BodyTooLarge();
        }
        try (InputStream in = entity.getContent()) {
            byte[] body = in.readNBytes(maxBodyBytes + 1);
            if (body.length > maxBodyBytes) {
                throw new BodyTooLarge();
            }
            return body;
        }
    }

    private void notifyRequest(QueryKind kind, boolean ok, long nanos) {
        try {
            listener.onRequest(config.role(), kind, ok, nanos);
        } catch (RuntimeException ignored) {
            // a faulty listener must not break the client
        }
    }

    private void notifySkipped(int n) {
        try {
            listener.onSkippedEntries(config.role(), n);
        } catch (RuntimeException ignored) {
            // a faulty listener must not break the client
        }
    }

    Instant now() {
        return clock.instant();
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
