package io.github.kcpartner.broker.partner;

import io.github.kcpartner.broker.login.PartnerLoginException;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.kcpartner.files.PartnerFiles;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.github.kcpartner.jose.KeyStores;
import io.github.kcpartner.jose.RemoteJwks;
import io.github.kcpartner.jose.VerificationKeys;
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
    private final Map<String, LoadedKeyStore> keyStores = new ConcurrentHashMap<>();

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
        return jwks.computeIfAbsent(key, k -> VerificationKeys.remote(URI.create(url), fetcher(http, timeouts),
                Duration.ofSeconds(Math.max(1, minRefetchSeconds)), JWKS_MAX_AGE, clock));
    }

    /**
     * A keystore file inside the partner files directory ({@link PartnerFiles}), loaded once and
     * again whenever its modification time or password changes.
     */
    KeyStore keyStore(String file, String type, String password) {
        long modified;
        Path path;
        try {
            path = PartnerFiles.server().resolve(file);
            modified = Files.getLastModifiedTime(path).toMillis();
        } catch (PartnerFiles.FileRefusedException | IOException e) {
            throw new IllegalStateException("keystore: " + e.getMessage());
        }
        int passwordHash = password == null ? 0 : password.hashCode();
        LoadedKeyStore loaded = keyStores.get(file);
        if (loaded == null || loaded.modified() != modified || loaded.passwordHash() != passwordHash
                || !loaded.type().equals(type)) {
            char[] pw = password == null ? new char[0] : password.toCharArray();
            loaded = new LoadedKeyStore(KeyStores.load(path, type, pw), type, modified, passwordHash);
            keyStores.put(file, loaded);
        }
        return loaded.keyStore();
    }

    /** Fetches a JWK set: the provider's timeouts, at most {@value #MAX_JWKS_BYTES} bytes read, no redirects. */
    static Function<URI, String> fetcher(HttpClient http, PartnerHttp.Timeouts timeouts) {
        return uri -> {
            PartnerHttp.Answer answer;
            try {
                answer = PartnerHttp.send(PartnerHttp.client(http, timeouts, MAX_JWKS_BYTES).doGet(uri.toString())
                        .header("Accept", "application/json, application/jwk-set+json"), "jwks", "jwks_unavailable");
            } catch (PartnerLoginException e) {
                throw new IllegalStateException("JWKS endpoint did not answer or answered too much");
            }
            if (answer.status() != 200) {
                throw new IllegalStateException("JWKS endpoint answered HTTP " + answer.status());
            }
            return answer.body();
        };
    }

    private record LoadedKeyStore(KeyStore keyStore, String type, long modified, int passwordHash) {
    }
}
