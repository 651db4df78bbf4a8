package io.github.kcpartner.broker.partner;

import io.github.kcpartner.broker.identity.StsClient;
import java.time.Clock;
import org.keycloak.models.KeycloakSession;

/**
 * State shared by every login through every {@code partner-oidc} provider of the server, owned by
 * the factory: the partner metadata documents (read at run time, cached, refreshed after the
 * configured interval and, rate-limited, on demand), and the key material caches.
 */
final class PartnerRuntime {

    private final PartnerMetadataCache metadata;
    private final PartnerKeys keys;
    private final StsClient sts = new StsClient();
    private final PartnerMutualTls mutualTls = new PartnerMutualTls();
    private final PartnerDpop.Keys dpopKeys = new PartnerDpop.Keys();

    PartnerRuntime(Clock clock) {
        this.keys = new PartnerKeys(clock);
        this.metadata = new PartnerMetadataCache(clock);
    }

    /** The identity-mapping web service client (its HTTP clients and stores). */
    StsClient sts() {
        return sts;
    }

    /** The factory closes: what the runtime holds is dropped. */
    void close() {
        sts.close();
        mutualTls.close();
    }

    /**
     * An administrator saved or removed the identity provider {@code model}: its metadata document
     * and JWK set are fetched again by the next login on this node (other nodes refresh on their
     * own interval).
     */
    void forget(org.keycloak.models.IdentityProviderModel model) {
        PartnerOidcConfig config = new PartnerOidcConfig(model);
        dpopKeys.forget(model.getInternalId() == null ? model.getAlias() : model.getInternalId());
        String metadataUrl = config.getMetadataDescriptorUrl();
        if (metadataUrl != null && !metadataUrl.isBlank()) {
            metadata.forget(metadataUrl.trim());
        }
        String jwksUrl = config.getJwksUrl();
        if (jwksUrl != null && !jwksUrl.isBlank()) {
            keys.forget(jwksUrl.trim());
        }
    }

    PartnerKeys keys() {
        return keys;
    }

    /** The in-memory DPoP proof keys of this node. */
    PartnerDpop.Keys dpopKeys() {
        return dpopKeys;
    }

    /** The clients that present our TLS client certificate. */
    PartnerMutualTls mutualTls() {
        return mutualTls;
    }

    PartnerEndpoints endpoints(KeycloakSession session, PartnerOidcConfig config) {
        String url = config.getMetadataDescriptorUrl();
        if (url == null || url.isBlank()) {
            return PartnerEndpoints.resolve(config, null);
        }
        return PartnerEndpoints.resolve(config, metadata(session, config, url.trim(), false));
    }

    /** Re-reads the metadata now (e.g. a token names an unknown key), at most every 10 s per URL. */
    void refreshMetadata(KeycloakSession session, PartnerOidcConfig config) {
        String url = config.getMetadataDescriptorUrl();
        if (url != null && !url.isBlank()) {
            metadata(session, config, url.trim(), true);
        }
    }

    /** The partner's end-session endpoint from its metadata, or {@code null} (none, or no metadata URL). */
    String endSessionEndpoint(KeycloakSession session, PartnerOidcConfig config) {
        String url = config.getMetadataDescriptorUrl();
        return url == null || url.isBlank()
                ? null
                : metadata(session, config, url.trim(), false).endSessionEndpoint();
    }

    private PartnerMetadata metadata(KeycloakSession session, PartnerOidcConfig config, String url, boolean force) {
        PartnerHttp.Timeouts timeouts = PartnerHttp.Timeouts.of(config);
        return metadata.get(
                url,
                config.getMetadataRefreshSeconds(),
                force,
                u -> PartnerHttp.getOk(session, timeouts, u, "metadata", "metadata_unavailable"));
    }
}
