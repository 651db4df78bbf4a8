package io.github.kcpartner.it.jims;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry point of every request: records it, lets the fault gate hold or bend it, then routes it to
 * the token or query API (exact path match; anything else is 404).
 */
final class Dispatcher implements HttpHandler {

    private final String tokenPath;
    private final String queryPath;
    private final TokenEndpoint tokenEndpoint;
    private final QueryEndpoint queryEndpoint;
    private final FaultGate gate;
    private final RequestLog log;
    private final Clock clock;

    Dispatcher(
            String tokenPath,
            String queryPath,
            TokenEndpoint tokenEndpoint,
            QueryEndpoint queryEndpoint,
            FaultGate gate,
            RequestLog log,
            Clock clock) {
        this.tokenPath = tokenPath;
        this.queryPath = queryPath;
        this.tokenEndpoint = tokenEndpoint;
        this.queryEndpoint = queryEndpoint;
        this.gate = gate;
        this.log = log;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            serve(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client went away (timeout, size limit): nothing left to answer.
        } catch (RuntimeException e) {
            try {
                Exchanges.sendError(exchange, 500, "server_error", e.getClass().getSimpleName());
            } catch (IOException | RuntimeException ignored) {
                // headers may already be sent
            }
        } finally {
            exchange.close();
        }
    }

    private void serve(HttpExchange exchange) throws IOException, InterruptedException {
        long ticket = gate.arrive(); // before counting: a release seen by a waiting test frees this request
        String path = exchange.getRequestURI().getRawPath();
        boolean token = path.equals(tokenPath);
        boolean query = path.equals(queryPath);
        Map<String, String> params;
        String badParams = null;
        try {
            params = Exchanges.parameters(
                    token
                            ? Exchanges.readForm(exchange)
                            : exchange.getRequestURI().getRawQuery());
        } catch (IllegalArgumentException e) {
            params = Map.of();
            badParams = e.getMessage();
        }
        RequestKind kind = token ? RequestKind.TOKEN : query ? QueryRequest.classify(params) : RequestKind.OTHER;
        log.record(new SeenRequest(
                clock.instant(),
                kind,
                exchange.getRequestMethod(),
                path,
                withoutSecrets(params),
                Exchanges.authScheme(exchange)));

        Fault fault = gate.pass(token, ticket);
        if (fault.kind() == Fault.Kind.DOWN) {
            return; // went down while this request waited: close without answer
        }
        if (fault.kind() == Fault.Kind.HTTP_5XX) {
            Exchanges.sendError(exchange, fault.status(), "server_error", "simulated failure");
        } else if (!token && !query) {
            Exchanges.sendError(exchange, 404, "not_found", null);
        } else if (badParams != null) {
            Exchanges.sendError(exchange, 400, "invalid_request", badParams);
        } else if (token) {
            tokenEndpoint.handle(exchange, params, fault);
        } else {
            queryEndpoint.handle(exchange, params, fault);
        }
    }

    private static Map<String, String> withoutSecrets(Map<String, String> params) {
        if (!params.containsKey("client_secret")) {
            return params;
        }
        Map<String, String> copy = new LinkedHashMap<>(params);
        copy.remove("client_secret");
        return copy;
    }
}
