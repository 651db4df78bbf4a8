package io.github.kcpartner.script;

import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.Undefined;

/**
 * The expansion of a replacement string's {@code $} patterns for one match of
 * {@code String.prototype.replace} (ECMAScript's GetSubstitution): {@code $$}, {@code $&},
 * {@code $`}, {@code $'}, {@code $1}..{@code $99} and {@code $<name>}, from the arguments a
 * replacement function receives. Done here so that its output is counted as it is built.
 */
final class Substitution {

    private Substitution() {}

    /**
     * @param template  the replacement string
     * @param matchArgs (matched, captures..., position, subject[, groups])
     * @param limit     the longest expansion allowed
     */
    static String expand(String template, Object[] matchArgs, long limit) {
        boolean hasGroups = matchArgs.length >= 4 && matchArgs[matchArgs.length - 1] instanceof Scriptable;
        int subjectIndex = matchArgs.length - (hasGroups ? 2 : 1);
        String matched = text(matchArgs[0]);
        int position = (int) ScriptRuntime.toInteger(matchArgs[subjectIndex - 1]);
        String subject = text(matchArgs[subjectIndex]);
        int captures = subjectIndex - 2;
        Scriptable groups = hasGroups ? (Scriptable) matchArgs[matchArgs.length - 1] : null;

        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char ch = template.charAt(i);
            if (ch != '$' || i + 1 == template.length()) {
                append(out, String.valueOf(ch), limit);
                i++;
                continue;
            }
            char next = template.charAt(i + 1);
            if (next == '$') {
                append(out, "$", limit);
                i += 2;
            } else if (next == '&') {
                append(out, matched, limit);
                i += 2;
            } else if (next == '`') {
                append(out, subject.substring(0, Math.min(position, subject.length())), limit);
                i += 2;
            } else if (next == '\'') {
                append(out, subject.substring(Math.min(position + matched.length(), subject.length())), limit);
                i += 2;
            } else if (next >= '0' && next <= '9') {
                int one = next - '0';
                int two = i + 2 < template.length() && Character.isDigit(template.charAt(i + 2))
                        ? one * 10 + (template.charAt(i + 2) - '0')
                        : -1;
                if (two >= 1 && two <= captures) {
                    append(out, text(matchArgs[two]), limit);
                    i += 3;
                } else if (one >= 1 && one <= captures) {
                    append(out, text(matchArgs[one]), limit);
                    i += 2;
                } else {
                    append(out, "$", limit);
                    i++;
                }
            } else if (next == '<' && groups != null && template.indexOf('>', i + 2) > 0) {
                int end = template.indexOf('>', i + 2);
                Object value = ScriptableObject.getProperty(groups, template.substring(i + 2, end));
                append(out, value == Scriptable.NOT_FOUND ? "" : text(value), limit);
                i = end + 1;
            } else {
                append(out, "$", limit);
                i++;
            }
        }
        return out.toString();
    }

    private static String text(Object value) {
        return value == null || Undefined.isUndefined(value) ? "" : ScriptRuntime.toString(value);
    }

    private static void append(StringBuilder out, String piece, long limit) {
        if (out.length() + (long) piece.length() > limit) {
            throw SandboxContextFactory.sizeLimit("String.replace made a string longer than " + limit + " characters");
        }
        out.append(piece);
    }
}
