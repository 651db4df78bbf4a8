package io.github.kcpartner.jose;

/**
 * The one failure type of the JOSE layer. {@link #reason()} is a stable, machine-readable
 * code (one of the constants below) meant for {@code event.detail(Details.REASON, ..)};
 * the message may name a {@code kid} or an {@code alg} but never a secret or key material.
 */
public final class TokenValidationException extends Exception {

    private static final long serialVersionUID = 1L;

    public static final String INVALID_ISSUER = "invalid_issuer";
    public static final String INVALID_AUDIENCE = "invalid_audience";
    public static final String INVALID_AZP = "invalid_azp";
    public static final String INVALID_SIGNATURE = "invalid_signature";
    public static final String UNEXPECTED_ALG = "unexpected_alg";
    public static final String UNSUPPORTED_ALG = "unsupported_alg";
    public static final String ALG_NONE_NOT_ALLOWED = "alg_none_not_allowed";
    public static final String HMAC_NOT_CONFIGURED = "hmac_not_configured";
    public static final String EXPIRED = "expired";
    public static final String NOT_YET_VALID = "not_yet_valid";
    public static final String ISSUED_IN_FUTURE = "issued_in_future";
    public static final String AUTH_TIME_TOO_OLD = "auth_time_too_old";
    public static final String ACR_NOT_SATISFIED = "acr_not_satisfied";
    public static final String MISSING_CLAIM = "missing_claim";
    public static final String INVALID_NONCE = "invalid_nonce";
    public static final String INVALID_AT_HASH = "invalid_at_hash";
    public static final String INVALID_C_HASH = "invalid_c_hash";
    public static final String MISSING_AT_HASH = "missing_at_hash";
    public static final String MISSING_C_HASH = "missing_c_hash";
    public static final String DECRYPTION_FAILED = "decryption_failed";
    public static final String UNEXPECTED_ENC = "unexpected_enc";
    public static final String ENCRYPTION_REQUIRED = "encryption_required";
    public static final String UNKNOWN_KEY = "unknown_key";
    public static final String JWKS_UNAVAILABLE = "jwks_unavailable";
    public static final String WEAK_CLIENT_SECRET = "weak_client_secret";
    public static final String USERINFO_SUB_MISMATCH = "userinfo_sub_mismatch";
    public static final String MALFORMED_TOKEN = "malformed_token";

    private final String reason;

    public TokenValidationException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public TokenValidationException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** The machine-readable reason code. */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return "TokenValidationException[" + reason + "]: " + getMessage();
    }
}
