package io.github.kcpartner.it.faultyop;

/**
 * One defect each, so a relying party's failure reason can be asserted. Switched on globally or
 * per client through {@link FaultSwitches}; everything not named here stays correct. The signing
 * faults (BAD_SIGNATURE, WRONG_ALG, ALG_CONFUSION, UNKNOWN_KID, ROTATE_KEYS) hit every JWT the OP
 * signs for the client: the ID token and, when registered, the signed userinfo.
 */
public enum Fault {
    /** The {@code iss} claim of the ID token (and of a signed userinfo JWT) names another issuer. */
    WRONG_ISS,
    /** The RFC 9207 {@code iss} parameter of the authorization response names another issuer. */
    WRONG_ISS_PARAMETER,
    /** The {@code aud} claim of the ID token (and of a signed userinfo JWT) is another client. */
    WRONG_AUD,
    /** A bit of the JWS signature is flipped (no effect on {@code none}). */
    BAD_SIGNATURE,
    /**
     * Signed, validly, with a sibling alg of the registered one: RS256 becomes RS384 (RS512 becomes
     * RS256), ES256 ES384 with the P-384 key, HS256 HS384 with the secret, none RS256.
     */
    WRONG_ALG,
    /** "Alg confusion": HS256 keyed with the DER bytes of the published RSA public key. */
    ALG_CONFUSION,
    /** {@code exp} one hour in the past ({@code iat} and {@code auth_time} moved back with it). */
    EXPIRED,
    /** {@code nonce} differs from the one sent. */
    BAD_NONCE,
    /** {@code nonce} left out although one was sent. */
    MISSING_NONCE,
    /** {@code at_hash} is the hash of another access token. */
    BAD_AT_HASH,
    /** {@code at_hash} left out where the OP would send it. */
    MISSING_AT_HASH,
    /** {@code c_hash} is the hash of another code. */
    BAD_C_HASH,
    /** {@code c_hash} left out of a front-channel ID token of a hybrid flow. */
    MISSING_C_HASH,
    /** The userinfo {@code sub} differs from the ID token's. */
    USERINFO_SUB_MISMATCH,
    /** The token endpoint answers 400 {@code invalid_grant}. */
    TOKEN_ENDPOINT_ERROR,
    /** Signed with a key whose kid is not in the JWKS (asymmetric algs only). */
    UNKNOWN_KID,
    /** Signed with a new key that the JWKS publishes from its next fetch on (asymmetric algs only). */
    ROTATE_KEYS,
    /** The token endpoint answers without {@code id_token}. */
    NO_ID_TOKEN,
    /** A response of type {@code code} also carries an {@code id_token} parameter that is not a token. */
    ID_TOKEN_IN_CODE_RESPONSE,
    /** {@code auth_time} two hours in the past, as if the user had not authenticated again. */
    OLD_AUTH_TIME,
    /** {@code auth_time} left out. */
    MISSING_AUTH_TIME,
    /** The authorization endpoint answers {@code error=temporarily_unavailable} instead of a grant. */
    AUTHORIZATION_ERROR,
    /** {@code acr} is {@code urn:faulty:weak} whatever {@code acr_values} asked for (otherwise the first value asked). */
    WRONG_ACR
}
