package io.github.kcpartner.it.jims;

/** Joins the configurable path prefix and API path into one absolute request path. */
final class ApiPaths {

    private ApiPaths() {}

    /** {@code "/" + prefix + "/" + api}, without doubled or trailing slashes; an empty prefix is left out. */
    static String join(String prefix, String api) {
        String cleanPrefix = strip(prefix);
        String cleanApi = strip(api);
        if (cleanApi.isEmpty()) {
            throw new IllegalArgumentException("empty API path");
        }
        return "/" + (cleanPrefix.isEmpty() ? "" : cleanPrefix + "/") + cleanApi;
    }

    private static String strip(String segment) {
        String result = segment.strip();
        while (result.startsWith("/")) {
            result = result.substring(1);
        }
        while (result.endsWith("/")) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }
}
