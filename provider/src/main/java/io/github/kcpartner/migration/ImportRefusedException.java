package io.github.kcpartner.migration;

/** The input cannot be imported at all (not JSON, not an OIDC RP partner, too large, a bad rule name): nothing is planned. */
public final class ImportRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String error;

    /**
     * @param error  a short code ({@code invalid_json}, {@code not_oidc_rp_partner}, {@code too_large},
     *               {@code invalid_rule_name}, {@code invalid_alias}, {@code invalid_input})
     * @param reason the English text of why
     */
    public ImportRefusedException(String error, String reason) {
        super(reason);
        this.error = error;
    }

    public String error() {
        return error;
    }
}
