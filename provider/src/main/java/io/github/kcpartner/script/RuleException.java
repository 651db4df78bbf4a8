package io.github.kcpartner.script;

/**
 * A rule could not be found, compiled or run, or returned something unusable. The message
 * names the rule and, when known, the line; it never carries a Java stack trace and is safe
 * for an event's reason detail. The Rhino cause, if any, is kept for the server log only.
 */
public final class RuleException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the rule failed; usable as a short event detail. */
    public enum Reason {
        /** No rule by that name, or an invalid name. */
        NOT_FOUND,
        /** The rule file has a syntax error or cannot be read. */
        COMPILE,
        /** The rule threw, or used an undefined name. */
        RUNTIME,
        /** The rule exceeded its time or instruction limit, or its call depth. */
        LIMIT,
        /** The rule produced a value the caller refuses (e.g. a reserved parameter). */
        INVALID_RESULT
    }

    /** Errors whose text names only what the rule's source or our limits say, never a value the rule saw. */
    private static final java.util.List<String> SOURCE_ONLY_ERRORS =
            java.util.List.of("ReferenceError", "EvalError", "RangeError");

    private static final int MAX_EVENT_DETAIL = 200;

    private final String rule;
    private final int line;
    private final Reason reason;
    private final String detail;

    RuleException(String rule, int line, Reason reason, String detail, Throwable cause) {
        super(format(rule, line, detail), cause, false, false);
        this.rule = rule;
        this.line = line;
        this.reason = reason;
        this.detail = detail == null ? "" : detail;
    }

    /**
     * A short text for an event's {@code rule_error} detail: the reason, the line and what was
     * refused, e.g. {@code limit line 3: time limit of 500 ms exceeded} or
     * {@code runtime line 1: EvalError: code generation from strings is not available in rules}.
     * A runtime error whose message could quote a value the rule saw (a {@code TypeError} names
     * the object) is reduced to its name. Printable, at most 200 characters.
     */
    public String eventDetail() {
        String shown = detail;
        if (reason == Reason.RUNTIME && SOURCE_ONLY_ERRORS.stream().noneMatch(detail::startsWith)) {
            int colon = detail.indexOf(':');
            shown = colon > 0 ? detail.substring(0, colon) : "error";
        }
        String text =
                reason.name().toLowerCase(java.util.Locale.ROOT) + (line > 0 ? " line " + line : "") + ": " + shown;
        text = text.replaceAll("[^\\x20-\\x7e]", "?");
        return text.length() > MAX_EVENT_DETAIL ? text.substring(0, MAX_EVENT_DETAIL) : text;
    }

    /** Creates an exception for a refused result, e.g. by {@link AdvancedConfiguration}. */
    public static RuleException invalidResult(String rule, String detail) {
        return new RuleException(rule, 0, Reason.INVALID_RESULT, detail, null);
    }

    /** @return the rule's name */
    public String rule() {
        return rule;
    }

    /** @return the line in the rule's file, or 0 when unknown */
    public int line() {
        return line;
    }

    /** @return why the rule failed */
    public Reason reason() {
        return reason;
    }

    private static String format(String rule, int line, String detail) {
        return "rule '" + rule + "'" + (line > 0 ? " line " + line : "") + ": " + detail;
    }
}
