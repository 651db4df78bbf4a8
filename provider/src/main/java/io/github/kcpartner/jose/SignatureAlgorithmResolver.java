package io.github.kcpartner.jose;

import java.util.List;

/**
 * ISVA's rule for which signature algorithm validates the ID token: with metadata that
 * lists exactly one {@code id_token_signing_alg_values_supported} value, that one; with
 * metadata listing several, or without metadata, the configured algorithm. The metadata never
 * selects {@code none}, and selects an {@code HS*} algorithm only when the configured one is
 * {@code HS*} too: the partner's document cannot move us to a weaker or a shared-key check.
 */
public final class SignatureAlgorithmResolver {

    private SignatureAlgorithmResolver() {}

    /**
     * @param configured     the partner's configured algorithm
     * @param usesMetadata   whether the partner is configured from the OP's metadata
     * @param metadataAlgs   the metadata's {@code id_token_signing_alg_values_supported}
     *                       (may be {@code null} or empty: then the configured one applies)
     * @throws TokenValidationException {@code unsupported_alg} if the single advertised
     *         algorithm is outside the model; {@code alg_none_not_allowed} if it is
     *         {@code none} but {@code none} was not configured explicitly; {@code hmac_not_configured}
     *         if it is an {@code HS*} algorithm but the configured one is not
     */
    public static SignatureAlgorithm resolve(
            SignatureAlgorithm configured, boolean usesMetadata, List<String> metadataAlgs)
            throws TokenValidationException {
        if (!usesMetadata || metadataAlgs == null || metadataAlgs.size() != 1) {
            return configured;
        }
        String only = metadataAlgs.get(0);
        SignatureAlgorithm alg = SignatureAlgorithm.fromId(only)
                .orElseThrow(() -> new TokenValidationException(
                        TokenValidationException.UNSUPPORTED_ALG,
                        "The OP advertises only the unsupported ID-token alg " + only));
        if (alg == SignatureAlgorithm.NONE && configured != SignatureAlgorithm.NONE) {
            throw new TokenValidationException(
                    TokenValidationException.ALG_NONE_NOT_ALLOWED,
                    "The OP advertises only alg none, but none is not configured");
        }
        if (alg.family() == SignatureAlgorithm.Family.HMAC && configured.family() != SignatureAlgorithm.Family.HMAC) {
            throw new TokenValidationException(
                    TokenValidationException.HMAC_NOT_CONFIGURED,
                    "The OP advertises only " + only + ", but an asymmetric algorithm is configured");
        }
        return alg;
    }
}
