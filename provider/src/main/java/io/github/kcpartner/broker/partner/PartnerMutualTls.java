package io.github.kcpartner.broker.partner;

import io.github.kcpartner.broker.login.PartnerLoginException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.keycloak.models.KeycloakSession;
import org.keycloak.truststore.TruststoreProvider;

/**
 * Mutual TLS to the partner (RFC 8705): the HTTP clients that present our client certificate (a
 * keystore in the partner files directory) on the token, PAR and userinfo calls, for
 * {@code tls_client_auth} and for certificate-bound access tokens. They trust the TLS truststore
 * setting when set, else Keycloak's truststore, else the JDK's. One client per keystore and
 * truststore content (a rotated file is read again, {@link io.github.kcpartner.files.KeyStoreFiles}),
 * at most {@value #MAX_CLIENTS} kept.
 */
final class PartnerMutualTls implements AutoCloseable {

    static final String FAILED = "mtls_failed";

    private static final int MAX_CLIENTS = 32;

    private final Map<Key, CloseableHttpClient> clients =
            Collections.synchronizedMap(new LinkedHashMap<>(MAX_CLIENTS, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Key, CloseableHttpClient> eldest) {
                    if (size() > MAX_CLIENTS) {
                        close(eldest.getValue());
                        return true;
                    }
                    return false;
                }
            });

    /** Identity of the stores (the same instance while the file is unchanged) and password. */
    private record Key(KeyStore keys, KeyStore trust, int passwordHash) {}

    /**
     * The client for this provider's mutual-TLS calls.
     *
     * @throws PartnerLoginException {@value #FAILED} when a store cannot be read
     */
    CloseableHttpClient client(KeycloakSession session, PartnerOidcConfig config, PartnerKeys stores) {
        PartnerSecrets secrets = new PartnerSecrets(session);
        String password;
        KeyStore keys;
        KeyStore trust;
        try {
            password = secrets.resolve(config.getTlsClientKeystorePassword());
            keys = stores.keyStore(config.getTlsClientKeystore(), config.getTlsClientKeystoreType(), password);
            if (config.getTlsTruststore().isEmpty()) {
                TruststoreProvider provider = session.getProvider(TruststoreProvider.class);
                trust = provider == null ? null : provider.getTruststore();
            } else {
                trust = stores.keyStore(
                        config.getTlsTruststore(), "", secrets.resolve(config.getTlsTruststorePassword()));
            }
        } catch (RuntimeException e) {
            throw new PartnerLoginException(
                    FAILED, "the TLS client keystore or truststore cannot be used: " + e.getMessage(), null);
        }
        char[] pw = password.toCharArray();
        Key key = new Key(keys, trust, Arrays.hashCode(pw));
        synchronized (clients) {
            CloseableHttpClient client = clients.get(key);
            if (client == null) {
                client = build(keys, pw, trust);
                clients.put(key, client);
            }
            return client;
        }
    }

    private static CloseableHttpClient build(KeyStore keys, char[] password, KeyStore trust) {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            TrustManagerFactory tmf = null;
            if (trust != null) {
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return HttpClients.custom()
                    .setSSLSocketFactory(new SSLConnectionSocketFactory(context))
                    .disableRedirectHandling()
                    .disableCookieManagement()
                    .build();
        } catch (GeneralSecurityException e) {
            throw new PartnerLoginException(
                    FAILED, "the TLS client key cannot be used (" + e.getClass().getSimpleName() + ")", null);
        }
    }

    @Override
    public void close() {
        synchronized (clients) {
            clients.values().forEach(PartnerMutualTls::close);
            clients.clear();
        }
    }

    private static void close(CloseableHttpClient client) {
        try {
            client.close();
        } catch (java.io.IOException e) {
            // nothing to keep
        }
    }
}
