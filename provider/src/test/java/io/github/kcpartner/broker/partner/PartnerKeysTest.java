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
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The partner's JWK sets as PartnerKeys fetches and caches them, against a local HTTP server (a small
 * set, a chunked oversized answer, the read timeout and redirects are in {@link PartnerKeysFetcherTest}).
 */
final class PartnerKeysTest {

    private static final String JWKS = "{\"keys\":[]}";
    private static final PartnerHttp.Timeouts TIMEOUTS = new PartnerHttp.Timeouts(2000, 2000);

    private final AtomicReference<Answer> answer = new AtomicReference<>(new Answer(200, JWKS, null));
    private HttpServer server;
    private CloseableHttpClient http;
    private String url;

    private record Answer(int status, String body, String location) {}

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks", exchange -> {
            Answer a = answer.get();
            if (a.location() != null) {
                exchange.getResponseHeaders().add("Location", a.location());
            }
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
        http = HttpClients.createDefault();
    }

    @AfterEach
    void stop() throws IOException {
        server.stop(0);
        http.close();
    }

    private Function<URI, String> fetcher() {
        return PartnerKeys.fetcher(http, TIMEOUTS);
    }

    @Test
    @DisplayName("given an error status, then the fetch fails with that status")
    void errorStatusFails() {
        answer.set(new Answer(404, "not here", null));
        assertThatThrownBy(() -> fetcher().apply(URI.create(url)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("JWKS endpoint answered HTTP 404");
    }

    @Test
    @DisplayName("given an answer larger than 512 KiB, then the fetch fails instead of reading it")
    void oversizedAnswerRefused() {
        answer.set(new Answer(200, "{\"keys\":[],\"pad\":\"" + "x".repeat(600 * 1024) + "\"}", null));
        assertThatThrownBy(() -> fetcher().apply(URI.create(url)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("JWKS endpoint did not answer or answered too much");
    }

    @Test
    @DisplayName(
            "given the same URL and settings, then one cached key source; other settings or a forgotten URL give a new one")
    void remoteSetsAreCachedPerUrlAndSettings() {
        PartnerKeys keys = new PartnerKeys(Clock.systemUTC());
        var first = keys.remote(url, 10, TIMEOUTS, http);

        assertThat(keys.remote(url, 10, TIMEOUTS, http)).isSameAs(first);
        assertThat(keys.remote(url, 20, TIMEOUTS, http)).isNotSameAs(first);
        assertThat(keys.remote(url, 10, new PartnerHttp.Timeouts(1000, 1000), http))
                .isNotSameAs(first);

        keys.forget(url);
        assertThat(keys.remote(url, 10, TIMEOUTS, http)).isNotSameAs(first);
    }

    @Test
    @DisplayName("given a keystore file outside the partner files directory, then it is refused without saying why")
    void keystoreOutsideTheDirectoryRefused() {
        PartnerKeys keys = new PartnerKeys(Clock.systemUTC());
        assertThatThrownBy(() -> keys.keyStore("/etc/passwd", "PKCS12", "pw"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("keystore: not a readable file in ");
    }

    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.DisplayName(
            "given the same keystore instance, label, algorithm and password, then the signing key is read from the store once; a new store instance is read again")
    void signingKeyReadOnce() throws Exception {
        char[] pw = "pw".toCharArray();
        io.github.kcpartner.testsupport.tls.TestPki pki = io.github.kcpartner.testsupport.tls.TestPki.create("keys");
        java.security.KeyStore store =
                org.mockito.Mockito.spy(pki.issueClient("c").keyStore("sig", pw));
        PartnerKeys keys = new PartnerKeys(java.time.Clock.systemUTC());

        PartnerClientAssertion.Key first = keys.signingKey(store, "sig", "pw", "ES256");
        PartnerClientAssertion.Key second = keys.signingKey(store, "sig", "pw", "ES256");

        org.assertj.core.api.Assertions.assertThat(second).isSameAs(first);
        org.assertj.core.api.Assertions.assertThat(first.alg().getName()).isEqualTo("ES256");
        org.assertj.core.api.Assertions.assertThat(keys.signingKey(store, "sig", "pw", ""))
                .isNotSameAs(first);
        java.security.KeyStore reloaded = pki.issueClient("c").keyStore("sig", pw);
        org.assertj.core.api.Assertions.assertThat(keys.signingKey(reloaded, "sig", "pw", "ES256"))
                .isNotSameAs(first);
    }
}
