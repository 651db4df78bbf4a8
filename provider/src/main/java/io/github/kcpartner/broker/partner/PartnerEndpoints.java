package io.github.kcpartner.broker.partner;

import java.util.List;

/**
 * The partner's endpoints and capabilities as used for one login: explicit settings first,
 * then what the metadata document says.
 *
 * @param idTokenSigningAlgs what the metadata lists in {@code id_token_signing_alg_values_supported};
 *                           empty without metadata
 * @param usesMetadata       whether a metadata endpoint is configured and answered
 */
record PartnerEndpoints(String issuer, String authorizationUrl, String tokenUrl, String userInfoUrl, String jwksUrl,
                        List<String> idTokenSigningAlgs, boolean issParameterSupported, boolean usesMetadata) {

    static PartnerEndpoints resolve(PartnerOidcConfig config, PartnerMetadata metadata) {
        PartnerMetadata m = metadata == null ? PartnerMetadata.EMPTY : metadata;
        return new PartnerEndpoints(
                first(config.getIssuer(), m.issuer()),
                first(config.getAuthorizationUrl(), m.authorizationEndpoint()),
                first(config.getTokenUrl(), m.tokenEndpoint()),
                first(config.getUserInfoUrl(), m.userInfoEndpoint()),
                first(config.getJwksUrl(), m.jwksUri()),
                m.idTokenSigningAlgs(),
                m.issParameterSupported(),
                metadata != null);
    }

    private static String first(String explicit, String fromMetadata) {
        return explicit != null && !explicit.isBlank() ? explicit.trim() : fromMetadata;
    }
}
