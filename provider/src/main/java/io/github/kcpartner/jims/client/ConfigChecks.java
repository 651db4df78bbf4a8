package io.github.kcpartner.jims.client;

import java.util.List;

/** Small shared validation helpers. */
final class ConfigChecks {

    private ConfigChecks() {}

    static void range(List<ConfigProblem> p, String field, String key, long value, long min, long max) {
        if (value < min || value > max) {
            p.add(ConfigProblem.of(field, key, min, max, value));
        }
    }

    /** {@code 0}, or between {@code min} and {@code max}. */
    static void zeroOrRange(List<ConfigProblem> p, String field, String key, long value, long min, long max) {
        if (value != 0 && (value < min || value > max)) {
            p.add(ConfigProblem.of(field, key, min, max, value));
        }
    }

    static void length(
            List<ConfigProblem> p, String field, String key, String value, int min, int max, boolean noSpace) {
        if (value == null
                || value.length() < min
                || value.length() > max
                || (noSpace && !value.equals(value.strip()))) {
            p.add(ConfigProblem.of(field, key, min, max));
        }
    }

    static void path(List<ConfigProblem> p, String field, String key, String value, int min, int max) {
        if (value == null || value.length() < min || value.length() > max || !isPathSafe(value, false)) {
            p.add(ConfigProblem.of(field, key, min, max));
        }
    }

    /** A URL path without query, fragment, spaces, back-slashes or dot segments. */
    static boolean isPathSafe(String s, boolean emptyOk) {
        if (s.isEmpty()) {
            return emptyOk;
        }
        if (s.length() > 256 || s.contains("..") || s.contains("//")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '/'
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
