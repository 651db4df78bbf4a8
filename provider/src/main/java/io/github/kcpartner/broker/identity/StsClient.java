package io.github.kcpartner.broker.identity;

import io.github.kcpartner.files.KeyStoreFiles;
import io.github.kcpartner.files.PartnerFiles;
import io.github.kcpartner.metrics.PartnerMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jboss.logging.Logger;

/**
 * Calls the external identity mapping service: POSTs the STSUniversalUser (XML) or the WS-Trust
 * envelope, over HTTP or HTTPS with the configured trust store and client authentication, within
 * the configured time, and reads the mapped user from the answer.
 *
 * <p>This is the one place that does not use Keycloak's HTTP client: each identity mapping has
 * its own truststore and TLS client certificate, which Keycloak's shared client (one truststore
 * for the server, no per-call key material) cannot present. The JDK client is used instead, one
 * per distinct setting and store contents.
 */
public final class StsClient {

    /** The largest answer read. */
    static final int MAX_ANSWER_BYTES = 1 << 20;

    private static final Logger LOG = Logger.getLogger(StsClient.class);
    /** At most this many clients are kept: one per identity-mapping configuration in use. */
    static final int MAX_CLIENTS = 16;
    /**
     * HTTP clients (connection pools, TLS contexts) by the settings and the stores they were built
     * from, least recently used first out: a changed configuration, or a store file that changed
     * on disk, gets a new client, and the old one is dropped once {@link #MAX_CLIENTS} newer ones
     * exist. The key holds vault references and loaded stores, never resolved passwords.
     */
    private final Map<ClientKey, HttpClient> clients =
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(MAX_CLIENTS, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<ClientKey, HttpClient> eldest) {
                    return size() > MAX_CLIENTS;
                }
            });

    /** The truststore and keystore files, read again when they change (the same helper as the partner's keystores). */
    private final KeyStoreFiles stores = new KeyStoreFiles();

    /** What a client is built from: the settings and the stores as loaded now (the same instances until a file changes). */
    private record ClientKey(IdentityMappingSettings settings, KeyStore trust, KeyStore keys) {}

    /** The passwords of the settings, resolved from the vault. */
    record Secrets(String truststorePassword, String password, String keystorePassword) {}

    /** A call that did not give a mapped user; {@code unavailable} when the service could not be reached in time. */
    static final class Failure extends Exception {
        private final boolean unavailable;

        Failure(String message, boolean unavailable, Throwable cause) {
            super(message, cause);
            this.unavailable = unavailable;
        }

        boolean unavailable() {
            return unavailable;
        }
    }

    /** One per server, owned by the identity provider's factory (see {@code PartnerRuntime}). */
    public StsClient() {}

    /** Drops every client and loaded store (the factory closes). */
    public void close() {
        clients.clear();
        stores.clear();
    }

    /** How many clients are kept now (tests). */
    int clientsHeld() {
        return clients.size();
    }

    /** One exchange; its duration and outcome count in {@code partner_calls_seconds{call="sts"}}. */
    StsUniversalUser exchange(
            IdentityMappingSettings settings, Secrets secrets, StsUniversalUser user, String appliesTo) throws Failure {
        long start = System.nanoTime();
        boolean ok = false;
        try {
            StsUniversalUser answer = send(settings, secrets, user, appliesTo);
            ok = true;
            return answer;
        } finally {
            PartnerMetrics.global().call("sts", ok, System.nanoTime() - start);
        }
    }

    private StsUniversalUser send(
            IdentityMappingSettings settings, Secrets secrets, StsUniversalUser user, String appliesTo) throws Failure {
        if (settings.credentialsInClear()) {
            throw new Failure("client authentication " + settings.clientAuth() + " needs https", false, null);
        }
        HttpClient client;
        try {
            client = clients.computeIfAbsent(clientKey(settings, secrets), key -> build(key, secrets));
        } catch (IllegalArgumentException e) {
            throw new Failure("the TLS settings cannot be used: " + e.getMessage(), false, e);
        }
        boolean wsTrust = "wstrust".equals(settings.messageFormat());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.url()))
                .timeout(settings.timeout())
                .header("Accept", "application/xml, text/xml");
        if (wsTrust) {
            request.header("Content-Type", "text/xml; charset=utf-8")
                    .header("SOAPAction", "\"" + WsTrust.SOAP_ACTION + "\"")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            WsTrust.request(user, appliesTo), StandardCharsets.UTF_8));
        } else {
            request.header("Content-Type", "application/xml; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(user.toXml(), StandardCharsets.UTF_8));
        }
        if ("basic".equals(settings.clientAuth())) {
            String pair = settings.username() + ":" + secrets.password();
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        byte[] answer;
        int status;
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        try {
            // the request timeout bounds the wait for the status line and headers ...
            HttpResponse<InputStream> response =
                    client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            status = response.statusCode();
            answer = readWithin(response.body(), deadline);
        } catch (IOException e) {
            throw new Failure("the service did not answer: " + e.getClass().getSimpleName(), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted", true, e);
        }
        LOG.debugf("identity mapping service answered %d (%d bytes)", status, answer.length);
        if (answer.length > MAX_ANSWER_BYTES) {
            throw new Failure("the answer is larger than " + MAX_ANSWER_BYTES + " bytes", false, null);
        }
        try {
            if (status / 100 != 2) {
                String fault = wsTrust ? WsTrust.faultCode(answer) : null;
                if (fault != null) {
                    throw new Failure("the service answered a SOAP fault (" + fault + ")", false, null);
                }
                throw new Failure("the service answered HTTP " + status, status >= 500, null);
            }
            var document = SafeXml.parse(answer);
            return wsTrust ? WsTrust.response(document) : StsUniversalUser.find(document);
        } catch (IllegalArgumentException e) {
            throw new Failure(e.getMessage(), false, e);
        }
    }

    private ClientKey clientKey(IdentityMappingSettings s, Secrets secrets) {
        if (!"https".equals(s.uriFormat())) {
            return new ClientKey(s, null, null);
        }
        KeyStore trust = s.truststore().isEmpty() ? null : store(s.truststore(), secrets.truststorePassword());
        KeyStore keys = "certificate".equals(s.clientAuth()) ? store(s.keystore(), secrets.keystorePassword()) : null;
        return new ClientKey(s, trust, keys);
    }

    private static HttpClient build(ClientKey key, Secrets secrets) {
        IdentityMappingSettings s = key.settings();
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(s.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1);
        if ("https".equals(s.uriFormat())) {
            builder.sslContext(sslContext(key, secrets));
        }
        return builder.build();
    }

    /** ... and this the body: a service that trickles its answer is cut off at the call's deadline. */
    private static byte[] readWithin(InputStream body, long deadline) throws IOException {
        AtomicBoolean done = new AtomicBoolean();
        long left = Math.max(1, deadline - System.nanoTime());
        CompletableFuture.delayedExecutor(left, TimeUnit.NANOSECONDS).execute(() -> {
            if (!done.get()) {
                try {
                    body.close(); // makes the blocked read fail
                } catch (IOException e) {
                    // already closed
                }
            }
        });
        try (InputStream in = body) {
            byte[] answer = in.readNBytes(MAX_ANSWER_BYTES + 1);
            if (System.nanoTime() - deadline > 0) {
                throw new java.net.http.HttpTimeoutException("answer not complete within the timeout");
            }
            return answer;
        } finally {
            done.set(true);
        }
    }

    private KeyStore store(String configured, String password) {
        try {
            return stores.load(configured, null, password);
        } catch (PartnerFiles.FileRefusedException e) {
            throw new IllegalArgumentException("store: " + e.getMessage());
        }
    }

    private static SSLContext sslContext(ClientKey key, Secrets secrets) {
        try {
            TrustManagerFactory trust = null;
            if (key.trust() != null) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(key.trust());
            }
            KeyManagerFactory keys = null;
            if (key.keys() != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(key.keys(), chars(secrets.keystorePassword()));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(
                    keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(e.getClass().getSimpleName(), e);
        }
    }

    private static char[] chars(String password) {
        return password == null ? new char[0] : password.toCharArray();
    }
}
