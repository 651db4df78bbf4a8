package io.github.kcpartner.broker.partner;

import io.github.kcpartner.broker.login.PartnerLoginException;
import io.github.kcpartner.files.KeyStoreFiles;
import io.github.kcpartner.files.PartnerFiles;
import io.github.kcpartner.jose.RemoteJwks;
import io.github.kcpartner.jose.VerificationKeys;
import java.net.URI;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.http.client.HttpClient;

/**
 * Key material shared across logins: the partners' JWK sets (cached, refetched on an unknown
 * kid at most once per interval) and keystores loaded from the server's disk (reloaded when the
 * file changes). Secrets (keystore passwords) are passed in per call and never kept in keys.
 */
final class PartnerKeys {

    private static final Duration JWKS_MAX_AGE = Duration.ofHours(1);
    private static final int MAX_JWKS_BYTES = 512 * 1024;

    private final Clock clock;
    private final Map<String, RemoteJwks> jwks = new ConcurrentHashMap<>();
    private final KeyStoreFiles keyStores = new KeyStoreFiles();

    private final java.util.Map<KeyStore, java.util.Map<String, PartnerClientAssertion.Key>> signingKeys =
            new java.util.WeakHashMap<>();

    PartnerKeys(Clock clock) {
        this.clock = clock;
    }

    /** Drops the cached JWK sets of {@code url}, whatever their refetch interval and timeouts. */
    void forget(String url) {
        jwks.keySet().removeIf(key -> key.startsWith(url + "|"));
    }

    /** The cached JWK set of {@code url}; {@code http} is Keycloak's shared client (never closed here). */
    VerificationKeys remote(String url, int minRefetchSeconds, PartnerHttp.Timeouts timeouts, HttpClient http) {
        String key = url + "|" + minRefetchSeconds + "|" + timeouts;
        return jwks.computeIfAbsent(
                key,
                k -> VerificationKeys.remote(
                        URI.create(url),
                        fetcher(http, timeouts),
                        Duration.ofSeconds(Math.max(1, minRefetchSeconds)),
                        JWKS_MAX_AGE,
                        clock));
    }

    /**
     * The signing key {@code label} of {@code store} for {@code alg}, read from the store once:
     * {@link KeyStore#getKey} decrypts a PKCS12 key each time it is called (about 5 ms), and a
     * login may sign three times. Kept while the store instance lives (a changed file is a new
     * instance, {@link #keyStore}).
     */
    PartnerClientAssertion.Key signingKey(KeyStore store, String label, String password, String alg) {
        String key = label + "\u0000" + alg + "\u0000" + java.util.Arrays.hashCode(password.toCharArray());
        java.util.Map<String, PartnerClientAssertion.Key> keys;
        synchronized (signingKeys) {
            keys = signingKeys.computeIfAbsent(store, s -> new ConcurrentHashMap<>());
        }
        return keys.computeIfAbsent(key, k -> PartnerClientAssertion.key(store, label, password.toCharArray(), alg));
    }

    /**
     * A keystore file inside the partner files directory ({@link PartnerFiles}), loaded once and
     * again whenever its modification time, type or password changes ({@link KeyStoreFiles}).
     */
    KeyStore keyStore(String file, String type, String password) {
        try {
            return keyStores.load(file, type, password);
        } catch (PartnerFiles.FileRefusedException e) {
            throw new IllegalStateException("keystore: " + e.getMessage());
        }
    }

    /** Fetches a JWK set: the provider's timeouts, at most {@value #MAX_JWKS_BYTES} bytes read, no redirects. */
    static Function<URI, String> fetcher(HttpClient http, PartnerHttp.Timeouts timeouts) {
        return uri -> {
            PartnerHttp.Answer answer;
            try {
                answer = PartnerHttp.send(
                        PartnerHttp.client(http, timeouts, MAX_JWKS_BYTES)
                                .doGet(uri.toString())
                                .header("Accept", "application/json, application/jwk-set+json"),
                        "jwks",
                        "jwks_unavailable");
            } catch (PartnerLoginException e) {
                throw new IllegalStateException("JWKS endpoint did not answer or answered too much");
            }
            if (answer.status() != 200) {
                throw new IllegalStateException("JWKS endpoint answered HTTP " + answer.status());
            }
            return answer.body();
        };
    }
}
