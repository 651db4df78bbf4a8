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
 * @param dpopAlgs           the metadata's {@code dpop_signing_alg_values_supported}; empty: no DPoP
 * @param mtls               whether token, PAR and userinfo calls present our client certificate
 *                           (then their URLs are the metadata's {@code mtls_endpoint_aliases} where it has them)
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
        boolean parRequired,
        List<String> dpopAlgs,
        boolean mtls) {

    static final String INSECURE_ENDPOINT = "metadata_insecure_endpoint";

    /**
     * @throws PartnerLoginException {@value #INSECURE_ENDPOINT} when an {@code https} metadata
     *         document names an endpoint we would use that is not {@code https}: it could send the
     *         code and client secret in clear
     */
    static PartnerEndpoints resolve(PartnerOidcConfig config, PartnerMetadata metadata) {
        PartnerMetadata m = metadata == null ? PartnerMetadata.EMPTY : metadata;
        boolean secure = metadata != null && isHttps(config.getMetadataDescriptorUrl());
        boolean mtls = config.isMutualTls();
        return new PartnerEndpoints(
                first(config.getIssuer(), m.issuer(), false),
                first(config.getAuthorizationUrl(), m.authorizationEndpoint(), secure),
                first(config.getTokenUrl(), mtlsAlias(mtls, m, "token_endpoint", m.tokenEndpoint()), secure),
                first(config.getUserInfoUrl(), mtlsAlias(mtls, m, "userinfo_endpoint", m.userInfoEndpoint()), secure),
                first(config.getJwksUrl(), m.jwksUri(), secure),
                m.idTokenSigningAlgs(),
                m.issParameterSupported(),
                metadata != null,
                first(null, mtlsAlias(mtls, m, "pushed_authorization_request_endpoint", m.parEndpoint()), secure),
                m.requirePar(),
                m.dpopAlgs(),
                mtls);
    }

    /** RFC 8705 section 5: with a client certificate, the alias of an endpoint when the metadata has one. */
    private static String mtlsAlias(boolean mtls, PartnerMetadata m, String name, String plain) {
        String alias = mtls ? m.mtlsAliases().get(name) : null;
        return alias != null ? alias : plain;
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
