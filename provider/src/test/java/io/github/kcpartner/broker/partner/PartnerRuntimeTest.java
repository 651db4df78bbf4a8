package io.github.kcpartner.broker.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.sun.net.httpserver.HttpServer;
import io.github.kcpartner.broker.login.PartnerLoginException;
import io.github.kcpartner.testsupport.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;

/**
 * The metadata and key caches shared by every login, against a local metadata endpoint and a
 * clock moved by hand: cached within the refresh interval, read again after it, on a rate-limited
 * forced refresh, or after the administrator saved the provider.
 */
final class PartnerRuntimeTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final PartnerRuntime runtime = new PartnerRuntime(clock);
    private final KeycloakSession session = mock(KeycloakSession.class);
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile String issuer = "https://op.example/v1";
    private volatile int status = 200;
    private HttpServer server;
    private CloseableHttpClient http;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/.well-known/openid-configuration", exchange -> {
            fetches.incrementAndGet();
            byte[] body = ("{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"https://op.example/authorize\","
                            + "\"token_endpoint\":\"https://op.example/token\",\"jwks_uri\":\"https://op.example/jwks\","
                            + "\"id_token_signing_alg_values_supported\":[\"RS256\",\"ES256\"],"
                            + "\"authorization_response_iss_parameter_supported\":true}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        http = HttpClients.createDefault();
        HttpClientProvider provider = mock(HttpClientProvider.class);
        when(provider.getHttpClient()).thenReturn(http);
        when(session.getProvider(HttpClientProvider.class)).thenReturn(provider);
    }

    @AfterEach
    void stop() throws IOException {
        http.close();
        server.stop(0);
    }

    private String metadataUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/openid-configuration";
    }

    private static IdentityProviderModel model(String metadataUrl) {
        IdentityProviderModel model = new IdentityProviderModel();
        model.setAlias("p");
        if (metadataUrl != null) {
            model.getConfig().put("metadataDescriptorUrl", metadataUrl);
        }
        model.getConfig().put(PartnerOidcConfig.METADATA_REFRESH_SECONDS, "60");
        return model;
    }

    private PartnerEndpoints endpoints(IdentityProviderModel model) {
        return runtime.endpoints(session, new PartnerOidcConfig(model));
    }

    @Test
    @DisplayName("given no metadata URL, then the endpoints are the settings alone and nothing is fetched")
    void settingsOnly() {
        IdentityProviderModel model = model(null);
        model.getConfig().put("issuer", "https://op.example/explicit");
        model.getConfig().put("tokenUrl", " https://op.example/explicit-token ");

        PartnerEndpoints endpoints = endpoints(model);

        assertThat(endpoints.usesMetadata()).isFalse();
        assertThat(endpoints.issuer()).isEqualTo("https://op.example/explicit");
        assertThat(endpoints.tokenUrl()).isEqualTo("https://op.example/explicit-token");
        assertThat(endpoints.authorizationUrl()).isNull();
        assertThat(endpoints.issParameterSupported()).isFalse();
        assertThat(fetches).hasValue(0);
    }

    @Test
    @DisplayName(
            "given a metadata URL, then the document fills what the settings leave open, and a second login within the interval reads no document")
    void metadataFillsAndIsCached() {
        IdentityProviderModel model = model(metadataUrl());
        model.getConfig().put("tokenUrl", "https://internal.example/token");

        PartnerEndpoints first = endpoints(model);
        PartnerEndpoints second = endpoints(model);

        assertThat(first.usesMetadata()).isTrue();
        assertThat(first.issuer()).isEqualTo("https://op.example/v1");
        assertThat(first.authorizationUrl()).isEqualTo("https://op.example/authorize");
        assertThat(first.tokenUrl())
                .as("an explicit setting wins over the document")
                .isEqualTo("https://internal.example/token");
        assertThat(first.jwksUrl()).isEqualTo("https://op.example/jwks");
        assertThat(first.idTokenSigningAlgs()).containsExactly("RS256", "ES256");
        assertThat(first.issParameterSupported()).isTrue();
        assertThat(second).isEqualTo(first);
        assertThat(fetches).hasValue(1);
    }

    @Test
    @DisplayName(
            "given the partner changed its document, then logins see the change only once the refresh interval has passed")
    void refreshAfterInterval() {
        IdentityProviderModel model = model(metadataUrl());
        endpoints(model);
        issuer = "https://op.example/v2";

        clock.advance(Duration.ofSeconds(60));
        assertThat(endpoints(model).issuer())
                .as("at the interval, still the cached copy")
                .isEqualTo("https://op.example/v1");
        assertThat(fetches).hasValue(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(endpoints(model).issuer()).isEqualTo("https://op.example/v2");
        assertThat(fetches).hasValue(2);
    }

    @Test
    @DisplayName(
            "given a forced refresh (unknown key), then it reads the document at most every 10 s, whatever the refresh interval")
    void forcedRefreshIsRateLimited() {
        IdentityProviderModel model = model(metadataUrl());
        model.getConfig().put(PartnerOidcConfig.METADATA_REFRESH_SECONDS, "3600");
        PartnerOidcConfig config = new PartnerOidcConfig(model);
        runtime.endpoints(session, config);
        issuer = "https://op.example/v2";

        clock.advance(Duration.ofSeconds(10));
        runtime.refreshMetadata(session, config);
        assertThat(fetches).as("10 s after the last read: too soon").hasValue(1);
        assertThat(runtime.endpoints(session, config).issuer()).isEqualTo("https://op.example/v1");

        clock.advance(Duration.ofSeconds(1));
        runtime.refreshMetadata(session, config);
        assertThat(fetches).hasValue(2);
        assertThat(runtime.endpoints(session, config).issuer()).isEqualTo("https://op.example/v2");
        assertThat(fetches).as("the refreshed copy is cached").hasValue(2);
    }

    @Test
    @DisplayName("given no metadata URL, then a forced refresh does nothing")
    void forcedRefreshWithoutMetadata() {
        runtime.refreshMetadata(session, new PartnerOidcConfig(model(null)));
        assertThat(fetches).hasValue(0);
    }

    @Test
    @DisplayName(
            "given the administrator saved the provider, then the next login reads the document again and the JWK set cache is dropped")
    void forgetOnSave() {
        IdentityProviderModel model = model(" " + metadataUrl() + " ");
        model.getConfig().put("jwksUrl", "https://op.example/jwks");
        PartnerHttp.Timeouts timeouts = new PartnerHttp.Timeouts(1000, 1000);
        endpoints(model);
        var jwks = runtime.keys().remote("https://op.example/jwks", 10, timeouts, http);
        assertThat(runtime.keys().remote("https://op.example/jwks", 10, timeouts, http))
                .isSameAs(jwks);
        issuer = "https://op.example/v2";

        runtime.forget(model);

        assertThat(endpoints(model).issuer()).isEqualTo("https://op.example/v2");
        assertThat(fetches).hasValue(2);
        assertThat(runtime.keys().remote("https://op.example/jwks", 10, timeouts, http))
                .isNotSameAs(jwks);
    }

    @Test
    @DisplayName("given the metadata endpoint answers an error status and no copy is cached, then metadata_unavailable")
    void errorStatusWithoutCopy() {
        status = 500;
        assertThatThrownBy(() -> endpoints(model(metadataUrl())))
                .isInstanceOfSatisfying(
                        PartnerLoginException.class, e -> assertThat(e.reason()).isEqualTo("metadata_unavailable"));
    }

    @Test
    @DisplayName(
            "given a good copy and a refresh answered with an error status, then the copy keeps serving and the error body is never read as a document")
    void errorStatusKeepsCopy() {
        IdentityProviderModel model = model(metadataUrl());
        endpoints(model);
        status = 503;
        issuer = "https://op.example/from-an-error-page";
        clock.advance(Duration.ofSeconds(61));

        assertThat(endpoints(model).issuer()).isEqualTo("https://op.example/v1");
        assertThat(fetches).hasValue(2);
    }
}
