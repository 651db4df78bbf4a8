package io.github.kcpartner.it.jims;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A validated query: batch (first or next page), IP or user query. Parameter names follow
 * docs/jims-protocol.md, section 2; any other or missing parameter is refused with an
 * {@link IllegalArgumentException} whose message becomes the 400 answer's description.
 */
record QueryRequest(
        RequestKind kind, BatchCookies.Cursor cursor, int entryCount, String ip, String user, String domain) {

    static final int MAX_ENTRY_COUNT = 1000;

    /** The kind a parameter set asks for, without validating it (for counters and the request log). */
    static RequestKind classify(Map<String, String> params) {
        if (params.containsKey("timestamp") || params.containsKey("cookie")) {
            return RequestKind.BATCH;
        }
        if (params.containsKey("user") || params.containsKey("domain")) {
            return RequestKind.USER;
        }
        return params.containsKey("ip") ? RequestKind.IP : RequestKind.OTHER;
    }

    static QueryRequest parse(Map<String, String> params, BatchCookies cookies) {
        switch (classify(params)) {
            case BATCH -> {
                int count = entryCount(params.get("entry_count"));
                if (params.containsKey("cookie")) {
                    only(params, Set.of("cookie", "entry_count"));
                    return new QueryRequest(
                            RequestKind.BATCH, cookies.decode(params.get("cookie")), count, null, null, null);
                }
                only(params, Set.of("timestamp", "entry_count"));
                BatchCookies.Cursor start = new BatchCookies.Cursor(timestamp(params.get("timestamp")), 0);
                return new QueryRequest(RequestKind.BATCH, start, count, null, null, null);
            }
            case USER -> {
                only(params, Set.of("ip", "user", "domain"));
                String user = required(params, "user");
                String domain = required(params, "domain");
                return new QueryRequest(RequestKind.USER, null, 0, ip(params.get("ip")), user, domain);
            }
            case IP -> {
                only(params, Set.of("ip"));
                return new QueryRequest(RequestKind.IP, null, 0, ip(params.get("ip")), null, null);
            }
            default -> throw new IllegalArgumentException("expected timestamp, cookie or ip");
        }
    }

    private static void only(Map<String, String> params, Set<String> allowed) {
        for (String name : params.keySet()) {
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("unexpected parameter " + name);
            }
        }
    }

    private static String required(Map<String, String> params, String name) {
        String value = params.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " missing");
        }
        return value;
    }

    private static int entryCount(String text) {
        if (text == null) {
            throw new IllegalArgumentException("entry_count missing");
        }
        try {
            int count = Integer.parseInt(text);
            if (count >= 1 && count <= MAX_ENTRY_COUNT) {
                return count;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("entry_count must be 1-" + MAX_ENTRY_COUNT);
    }

    private static Instant timestamp(String text) {
        try {
            long seconds = Long.parseLong(text);
            if (seconds >= 0 && seconds <= Instant.MAX.getEpochSecond()) {
                return Instant.ofEpochSecond(seconds);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("timestamp must be epoch seconds");
    }

    private static String ip(String text) {
        if (!IpLiterals.isValid(text)) {
            throw new IllegalArgumentException("ip must be an IPv4 or IPv6 address");
        }
        return IpLiterals.canonical(text);
    }
}
