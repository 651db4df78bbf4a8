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

    private final String rule;
    private final int line;
    private final Reason reason;

    RuleException(String rule, int line, Reason reason, String detail, Throwable cause) {
        super(format(rule, line, detail), cause, false, false);
        this.rule = rule;
        this.line = line;
        this.reason = reason;
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
