package io.github.kcpartner.broker.partner;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.jboss.logging.Logger;
import io.github.kcpartner.script.RuleEngine;
import io.github.kcpartner.script.ServerRules;
import org.keycloak.models.KeycloakSession;

/**
 * State shared by every login through every {@code partner-oidc} provider of the server, owned by
 * the factory: the partner metadata documents (read at run time, cached, refreshed after the
 * configured interval and, rate-limited, on demand), and the key material caches.
 */
final class PartnerRuntime {

    private static final Logger LOG = Logger.getLogger(PartnerRuntime.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MIN_FORCED_REFRESH = Duration.ofSeconds(10);

    private final Clock clock;
    private final Map<String, Cached> metadata = new ConcurrentHashMap<>();
    private final PartnerKeys keys;
    private final RuleEngine rules;

    PartnerRuntime(Clock clock) {
        this.clock = clock;
        this.keys = new PartnerKeys(clock);
        this.rules = ServerRules.engine();
    }

    /** The operator's JavaScript rules (advanced configuration). */
    RuleEngine rules() {
        return rules;
    }

    PartnerKeys keys() {
        return keys;
    }

    PartnerEndpoints endpoints(KeycloakSession session, PartnerOidcConfig config) {
        String url = config.getMetadataDescriptorUrl();
        if (url == null || url.isBlank()) {
            return PartnerEndpoints.resolve(config, null);
        }
        return PartnerEndpoints.resolve(config, metadata(session, url.trim(), config.getMetadataRefreshSeconds(), false));
    }

    /** Re-reads the metadata now (e.g. a token names an unknown key), at most every 10 s per URL. */
    void refreshMetadata(KeycloakSession session, PartnerOidcConfig config) {
        String url = config.getMetadataDescriptorUrl();
        if (url != null && !url.isBlank()) {
            metadata(session, url.trim(), config.getMetadataRefreshSeconds(), true);
        }
    }

    private PartnerMetadata metadata(KeycloakSession session, String url, int refreshSeconds, boolean force) {
        Instant now = clock.instant();
        Cached cached = metadata.get(url);
        boolean stale = cached == null || now.isAfter(cached.fetched().plusSeconds(Math.max(1, refreshSeconds)));
        boolean forcedAllowed = cached == null || now.isAfter(cached.fetched().plus(MIN_FORCED_REFRESH));
        if (!stale && !(force && forcedAllowed)) {
            return cached.value();
        }
        try {
            PartnerMetadata fresh = PartnerMetadata.parse(JSON.readTree(PartnerHttp.getOk(session, url, "metadata_unavailable")));
            metadata.put(url, new Cached(fresh, now));
            LOG.debugf("partner metadata read from %s", url);
            return fresh;
        } catch (PartnerLoginException | IOException | IllegalArgumentException e) {
            if (cached != null) {
                LOG.warnf("partner metadata at %s could not be refreshed (%s); keeping the copy of %s", url,
                        e.getMessage(), cached.fetched());
                return cached.value();
            }
            throw new PartnerLoginException("metadata_unavailable",
                    org.keycloak.services.messages.Messages.IDENTITY_PROVIDER_UNEXPECTED_ERROR,
                    "partner metadata at " + url + " is unavailable", null);
        }
    }

    private record Cached(PartnerMetadata value, Instant fetched) {
    }
}
