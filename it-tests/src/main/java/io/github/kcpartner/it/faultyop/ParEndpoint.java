package io.github.kcpartner.it.faultyop;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code /par}, the pushed authorization request endpoint (RFC 9126), served only while switched
 * on ({@link FaultyOp#pushedAuthorizationRequests}): a POST authenticated like the token request,
 * whose parameters (or signed request object) are kept under a one-time {@code request_uri}.
 * Every request is recorded.
 */
final class ParEndpoint implements HttpHandler {

    private final OpContext op;

    ParEndpoint(OpContext op) {
        this.op = op;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!op.par) {
            Http.error(exchange, 404, "not_found", "pushed authorization requests are off");
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            Http.error(exchange, 405, "invalid_request", "POST only");
            return;
        }
        Map<String, String> form = Http.parameters(exchange);
        ClientAuthenticator.Result credentials = op.clientAuth.authenticate(exchange, form);
        Http.Reply reply = answer(form, credentials);
        // recorded before the answer goes out, so a test that got the answer sees the record
        op.observations.par(new ParRequestSeen(
                credentials.clientId(), credentials.auth(), form.containsKey("request"), reply.status()));
        reply.send(exchange);
    }

    private Http.Reply answer(Map<String, String> form, ClientAuthenticator.Result credentials) {
        if (!credentials.authenticated()) {
            return Http.Reply.error(401, "invalid_client", "client authentication failed: " + credentials.failure());
        }
        String clientId = credentials.client().clientId();
        if (form.containsKey("client_id") && !clientId.equals(form.get("client_id"))) {
            return Http.Reply.error(400, "invalid_request", "client_id is not the authenticated client");
        }
        if (form.containsKey("request_uri")) {
            return Http.Reply.error(400, "invalid_request", "request_uri is not allowed in a pushed request");
        }
        if (form.containsKey("request") && !op.requestObjects) {
            return Http.Reply.error(400, "request_not_supported", "request objects are off");
        }
        Map<String, String> parameters;
        try {
            parameters = parameters(form, clientId);
        } catch (Refused e) {
            return Http.Reply.error(400, "invalid_request_object", e.getMessage());
        }
        Set<String> allowed = credentials.client().settings().redirectUris();
        String redirectUri = parameters.get("redirect_uri");
        if (redirectUri == null || !allowed.isEmpty() && !allowed.contains(redirectUri)) {
            return Http.Reply.error(400, "invalid_request", "redirect_uri missing or not registered");
        }
        String requestUri = op.pushed.push(clientId, parameters);
        return new Http.Reply(
                201, Map.of("request_uri", requestUri, "expires_in", PushedRequests.LIFETIME.toSeconds()));
    }

    /** The authorization parameters: the request object's claims, or the form without credentials. */
    private Map<String, String> parameters(Map<String, String> form, String clientId) throws Refused {
        if (form.containsKey("request")) {
            return op.signedRequests.parameters(form.get("request"), clientId);
        }
        Map<String, String> parameters = new LinkedHashMap<>(form);
        ClientAuthenticator.CREDENTIAL_PARAMETERS.forEach(parameters::remove);
        parameters.put("client_id", clientId);
        return parameters;
    }
}
