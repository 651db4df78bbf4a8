package io.github.kcpartner.broker.partner;

import io.github.kcpartner.broker.login.PartnerLoginException;
import java.util.List;

/**
 * The partner's endpoints and capabilities as used for one login: explicit settings first,
 * then what the metadata document says.
 *
 * @param idTokenSigningAlgs what the metadata lists in {@code id_token_signing_alg_values_supported};
 *                           empty without metadata
 * @param usesMetadata       whether a metadata endpoint is configured and answered
 * @param parEndpoint        the metadata's {@code pushed_authorization_request_endpoint} (RFC 9126), or {@code null}
 * @param parRequired        the metadata's {@code require_pushed_authorization_requests}
 */
record PartnerEndpoints(
        String issuer,
        String authorizationUrl,
        String tokenUrl,
        String userInfoUrl,
        String jwksUrl,
        List<String> idTokenSigningAlgs,
        boolean issParameterSupported,
        boolean usesMetadata,
        String parEndpoint,
        boolean parRequired) {

    static final String INSECURE_ENDPOINT = "metadata_insecure_endpoint";

    /**
     * @throws PartnerLoginException {@value #INSECURE_ENDPOINT} when an {@code https} metadata
     *         document names an endpoint we would use that is not {@code https}: it could send the
     *         code and client secret in clear
     */
    static PartnerEndpoints resolve(PartnerOidcConfig config, PartnerMetadata metadata) {
        PartnerMetadata m = metadata == null ? PartnerMetadata.EMPTY : metadata;
        boolean secure = metadata != null && isHttps(config.getMetadataDescriptorUrl());
        return new PartnerEndpoints(
                first(config.getIssuer(), m.issuer(), false),
                first(config.getAuthorizationUrl(), m.authorizationEndpoint(), secure),
                first(config.getTokenUrl(), m.tokenEndpoint(), secure),
                first(config.getUserInfoUrl(), m.userInfoEndpoint(), secure),
                first(config.getJwksUrl(), m.jwksUri(), secure),
                m.idTokenSigningAlgs(),
                m.issParameterSupported(),
                metadata != null,
                first(null, m.parEndpoint(), secure),
                m.requirePar());
    }

    private static String first(String explicit, String fromMetadata, boolean httpsRequired) {
        if (explicit != null && !explicit.isBlank()) {
            return explicit.trim();
        }
        if (httpsRequired && fromMetadata != null && !isHttps(fromMetadata)) {
            throw new PartnerLoginException(
                    INSECURE_ENDPOINT, "the https metadata document names an endpoint that is not https");
        }
        return fromMetadata;
    }

    private static boolean isHttps(String url) {
        return url != null && url.trim().regionMatches(true, 0, "https://", 0, 8);
    }
}
