package io.github.kcpartner.it.jims;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The query API: bearer check, then batch, IP or user query against the shared directory. */
final class QueryEndpoint {

    private final JimsDirectory directory;
    private final TokenStore tokens;
    private final BatchCookies cookies;

    QueryEndpoint(JimsDirectory directory, TokenStore tokens, BatchCookies cookies) {
        this.directory = directory;
        this.tokens = tokens;
        this.cookies = cookies;
    }

    /** Answers a query; {@code fault} is NONE or one of the query-side faults. */
    void handle(HttpExchange exchange, Map<String, String> params, Fault fault) throws IOException {
        if (!"GET".equalsIgnoreCase(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "GET");
            Exchanges.sendError(exchange, 405, "invalid_request", "GET required");
            return;
        }
        if (!authorised(exchange, fault)) {
            return;
        }
        QueryRequest query;
        try {
            query = QueryRequest.parse(params, cookies);
        } catch (IllegalArgumentException e) {
            Exchanges.sendError(exchange, 400, "invalid_request", e.getMessage());
            return;
        }
        String cookie;
        List<JimsEntry> entries;
        if (query.kind() == RequestKind.BATCH) {
            JimsDirectory.Page page =
                    directory.page(query.cursor().since(), query.cursor().nextSequence(), query.entryCount());
            entries = page.entries();
            cookie = cookies.encode(new BatchCookies.Cursor(query.cursor().since(), page.nextSequence()));
        } else {
            entries = directory
                    .at(query.ip())
                    .filter(entry -> query.user() == null || matches(entry, query))
                    .map(List::of)
                    .orElse(List.of());
            cookie = cookies.encode(new BatchCookies.Cursor(Instant.EPOCH, directory.endSequence()));
        }
        switch (fault.kind()) {
            case BAD_JSON -> Exchanges.sendJson(exchange, 200, ResponseBodies.badJson());
            case HUGE_BODY -> ResponseBodies.streamHuge(exchange, fault.bytes());
            default -> Exchanges.sendJson(exchange, 200, ResponseBodies.entries(cookie, entries, fault.kind()));
        }
    }

    private boolean authorised(HttpExchange exchange, Fault fault) throws IOException {
        String token = Exchanges.credentials(exchange, "Bearer");
        if (token == null) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"jims\"");
            Exchanges.sendError(exchange, 401, "invalid_request", "bearer token missing");
            return false;
        }
        TokenStore.Check check =
                fault.kind() == Fault.Kind.EXPIRED_TOKEN ? TokenStore.Check.EXPIRED : tokens.check(token);
        if (check == TokenStore.Check.VALID) {
            return true;
        }
        String description = check == TokenStore.Check.EXPIRED ? "token expired" : "token unknown";
        exchange.getResponseHeaders()
                .set(
                        "WWW-Authenticate",
                        "Bearer realm=\"jims\", error=\"invalid_token\", error_description=\"" + description + "\"");
        Exchanges.sendError(exchange, 401, "invalid_token", description);
        return false;
    }

    private static boolean matches(JimsEntry entry, QueryRequest query) {
        return entry.user().equalsIgnoreCase(query.user()) && entry.domain().equalsIgnoreCase(query.domain());
    }
}
