package io.github.kcpartner.jims.client;

import java.util.List;
import javax.net.ssl.SSLContext;
import org.apache.http.client.config.CookieSpecs;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.config.Registry;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.config.SocketConfig;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.DefaultHostnameVerifier;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

/**
 * Builds the Apache HttpClient of one server: its own pool, TLS trust with host name
 * verification, timeouts, optional bound source address; no retries, redirects or cookies.
 *
 * <p>Not Keycloak's {@code HttpClientProvider}: each JIMS server has its own trust (CA certificate
 * or truststore file), its own source address and interface binding and its own pool, which the
 * server's one shared client cannot take. Every other outgoing call (the partner OP) uses Keycloak's.
 */
final class HttpClientFactory {

    private HttpClientFactory() {}

    static CloseableHttpClient create(JimsServerConfig c, int poolSize) {
        SSLContext ssl;
        try {
            ssl = SslContexts.forServer(c);
        } catch (Exception e) { // bad trust store file, password or type
            throw new JimsConfigException(List.of(ConfigProblem.of(
                            c.role() == ServerRole.PRIMARY ? "primary.caCertificate" : "secondary.caCertificate",
                            "jims.error.trustStoreUnreadable",
                            e.getClass().getSimpleName())
                    .about(JimsServerConfig.subject(c.role()))));
        }
        Registry<ConnectionSocketFactory> sockets = RegistryBuilder.<ConnectionSocketFactory>create()
                .register("http", PlainConnectionSocketFactory.getSocketFactory())
                .register(
                        "https",
                        new SSLConnectionSocketFactory(
                                ssl, new String[] {"TLSv1.3", "TLSv1.2"}, null, new DefaultHostnameVerifier()))
                .build();
        PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager(sockets);
        pool.setMaxTotal(poolSize);
        pool.setDefaultMaxPerRoute(poolSize);
        pool.setDefaultSocketConfig(
                SocketConfig.custom().setSoTimeout(c.readTimeoutMs()).build());
        RequestConfig.Builder rc = RequestConfig.custom()
                .setConnectTimeout(c.connectTimeoutMs())
                .setSocketTimeout(c.readTimeoutMs())
                .setConnectionRequestTimeout(c.connectTimeoutMs())
                .setRedirectsEnabled(false)
                .setCookieSpec(CookieSpecs.IGNORE_COOKIES);
        if (c.sourceAddress() != null) {
            java.net.InetAddress source = IpAddresses.parse(c.sourceAddress());
            rc.setLocalAddress(source);
        }
        return HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(rc.build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent("kc-partner-jims-client")
                .build();
    }
}
