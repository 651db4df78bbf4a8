package io.github.kcpartner.broker.partner;

import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;

/**
 * Stores the partner's issuer identifier when the admin gave only the metadata URL: Keycloak's
 * back-channel logout endpoint asks only the identity providers whose stored {@code issuer}
 * equals the logout token's {@code iss}. Done when the admin saves ({@link PartnerOidcConfig#validate});
 * an issuer the admin set is kept. When the metadata cannot be read then, the save still goes
 * through with a warning (logins read the metadata at run time), and back-channel logout waits
 * for an issuer: set it, or save again. A realm imported from JSON skips this: give its issuer.
 */
final class PartnerIssuer {

    private static final Logger LOG = Logger.getLogger(PartnerIssuer.class);

    private PartnerIssuer() {}

    /** Fills the issuer from the document {@code fetch} returns for the metadata URL. */
    static void fill(PartnerOidcConfig config, UnaryOperator<String> fetch) {
        String url = config.getMetadataDescriptorUrl();
        if (!blank(config.getIssuer()) || blank(url)) {
            return;
        }
        try {
            String issuer = PartnerMetadata.parse(
                            io.github.kcpartner.json.Json.mapper().readTree(fetch.apply(url.trim())))
                    .issuer();
            if (issuer == null) {
                LOG.warnf("partner %s: the metadata at %s has no issuer", config.getAlias(), url);
                return;
            }
            config.setIssuer(issuer);
        } catch (RuntimeException | java.io.IOException e) {
            LOG.warnf(
                    "partner %s: the issuer could not be read from the metadata at %s (%s); back-channel "
                            + "logout from this partner needs it: set the issuer, or save again",
                    config.getAlias(), url, e.getMessage());
        }
    }

    /** As {@link #fill(PartnerOidcConfig, UnaryOperator)}, over HTTP with the partner's timeouts. */
    static void fill(PartnerOidcConfig config, KeycloakSession session) {
        if (session == null) {
            return;
        }
        fill(config, metadataReader(config, session));
    }

    /**
     * Reads a metadata document over HTTP with the partner's timeouts, at most once per URL (the
     * save-time checks share one read); a failed read fails again without a second request.
     */
    static UnaryOperator<String> metadataReader(PartnerOidcConfig config, KeycloakSession session) {
        PartnerHttp.Timeouts timeouts = PartnerHttp.Timeouts.of(config);
        java.util.Map<String, Object> read = new java.util.HashMap<>();
        return url -> {
            Object answer = read.computeIfAbsent(url, u -> {
                try {
                    return PartnerHttp.getOk(session, timeouts, u, "metadata", "metadata_unavailable");
                } catch (RuntimeException e) {
                    return e;
                }
            });
            if (answer instanceof RuntimeException e) {
                throw e;
            }
            return (String) answer;
        };
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
