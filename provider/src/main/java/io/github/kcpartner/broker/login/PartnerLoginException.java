package io.github.kcpartner.broker.login;

/**
 * A login through the partner failed for a reason that the event records ({@code reason}, a
 * stable code such as {@code invalid_issuer}); the user sees the page of its
 * {@link LoginFailurePage.Kind}. The message never carries secrets or token contents. Also thrown by our identity-provider mappers during
 * {@code preprocessFederatedIdentity}, which runs inside the callback.
 */
public final class PartnerLoginException extends RuntimeException {

    private final String reason;
    private String ruleError;

    public PartnerLoginException(String reason, String message) {
        this(reason, message, null);
    }

    public PartnerLoginException(String reason, String message, Throwable cause) {
        super(message, cause, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }

    /** Adds the failed rule's event text ({@code RuleException.eventDetail()}), recorded as {@code rule_error}. */
    public PartnerLoginException withRuleError(String text) {
        this.ruleError = text;
        return this;
    }

    /** @return the failed rule's event text, or {@code null} when no rule failed */
    public String ruleError() {
        return ruleError;
    }
}
