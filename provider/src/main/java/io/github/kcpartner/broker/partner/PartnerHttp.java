package io.github.kcpartner.broker.partner;

import io.github.kcpartner.broker.login.PartnerLoginException;
import io.github.kcpartner.metrics.PartnerMetrics;
import java.io.IOException;
import org.apache.http.client.HttpClient;
import org.apache.http.client.config.RequestConfig;
import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.http.simple.SimpleHttpRequest;
import org.keycloak.http.simple.SimpleHttpResponse;
import org.keycloak.models.KeycloakSession;

/**
 * Every call to the partner (metadata, JWKS, token, userinfo) goes through Keycloak's own HTTP
 * client (its truststore and proxies), with this provider's connect and read timeouts and a
 * bound on the bytes actually read (chunked answers included). Redirects are not followed.
 */
final class PartnerHttp {

    /** Metadata, token and userinfo answers larger than this are refused. */
    static final long MAX_BODY = 1024 * 1024;

    /**
     * A body, its content type, and the headers a DPoP exchange reads.
     *
     * @param dpopNonce       the {@code DPoP-Nonce} header (RFC 9449), or {@code null}
     * @param wwwAuthenticate the {@code WWW-Authenticate} header, or {@code null}
     */
    record Answer(int status, String contentType, String body, String dpopNonce, String wwwAuthenticate) {
        Answer(int status, String contentType, String body) {
            this(status, contentType, body, null, null);
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private PartnerHttp() {}

    /** Connect and read timeouts of one provider's calls. */
    record Timeouts(int connectMillis, int readMillis) {
        static Timeouts of(PartnerOidcConfig config) {
            return new Timeouts(config.getConnectTimeoutMillis(), config.getReadTimeoutMillis());
        }

        RequestConfig requestConfig() {
            return RequestConfig.custom()
                    .setConnectTimeout(connectMillis)
                    .setConnectionRequestTimeout(connectMillis)
                    .setSocketTimeout(readMillis)
                    .setRedirectsEnabled(false)
                    .build();
        }
    }

    static SimpleHttp client(KeycloakSession session, Timeouts timeouts) {
        return SimpleHttp.create(session)
                .withRequestConfig(timeouts.requestConfig())
                .withMaxConsumedResponseSize(MAX_BODY);
    }

    /** The same, on a given client (the server-wide one, for caches that outlive a session). */
    static SimpleHttp client(HttpClient http, Timeouts timeouts, long maxBody) {
        return SimpleHttp.create(http)
                .withRequestConfig(timeouts.requestConfig())
                .withMaxConsumedResponseSize(maxBody);
    }

    /**
     * Sends one call; its duration and outcome (a 2xx answer or not) count in
     * {@code partner_calls_seconds{call}}.
     *
     * @param call   {@code metadata}, {@code jwks}, {@code token} or {@code userinfo}
     * @param reason the event reason when the partner does not answer
     */
    static Answer send(SimpleHttpRequest request, String call, String reason) {
        long start = System.nanoTime();
        boolean ok = false;
        try (SimpleHttpResponse response = request.asResponse()) {
            Answer answer = new Answer(
                    response.getStatus(),
                    response.getFirstHeader("Content-Type"),
                    response.asString(),
                    response.getFirstHeader(PartnerDpop.NONCE_HEADER),
                    response.getFirstHeader("WWW-Authenticate"));
            ok = answer.ok();
            return answer;
        } catch (IOException | RuntimeException e) {
            // The URL is configuration, not a secret; the exception text may carry request data, so it is not kept.
            throw new PartnerLoginException(
                    reason,
                    "partner endpoint " + request.getUrl() + " did not answer ("
                            + e.getClass().getSimpleName() + ")",
                    null);
        } finally {
            PartnerMetrics.global().call(call, ok, System.nanoTime() - start);
        }
    }

    static String getOk(KeycloakSession session, Timeouts timeouts, String url, String call, String reason) {
        Answer answer = send(client(session, timeouts).doGet(url).header("Accept", "application/json"), call, reason);
        if (!answer.ok()) {
            throw new PartnerLoginException(
                    reason, "partner endpoint " + url + " answered HTTP " + answer.status(), null);
        }
        return answer.body();
    }
}
