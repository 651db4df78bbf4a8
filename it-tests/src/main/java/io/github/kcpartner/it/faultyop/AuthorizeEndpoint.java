package io.github.kcpartner.it.faultyop;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.kcpartner.it.faultyop.Grants.Grant;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code /authorize}: no login page. The configured user is authenticated at once and the answer
 * goes straight back to the redirect_uri per response_type and response_mode. A pushed
 * {@code request_uri} or a signed {@code request} object is resolved first (when switched on).
 */
final class AuthorizeEndpoint implements HttpHandler {

    private static final Set<Set<String>> RESPONSE_TYPES = Set.of(
            Set.of("code"),
            Set.of("id_token"),
            Set.of("id_token", "token"),
            Set.of("code", "id_token"),
            Set.of("code", "token"),
            Set.of("code", "id_token", "token"));
    private static final Set<String> RESPONSE_MODES = Set.of("query", "fragment", "form_post");

    private final OpContext op;

    AuthorizeEndpoint(OpContext op) {
        this.op = op;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Map<String, String> received = Http.parameters(exchange);
        Map<String, String> request;
        try {
            request = effective(received);
        } catch (Refused e) {
            op.observations.authorization(received);
            Http.send(exchange, 400, "text/plain", e.getMessage());
            return;
        }
        op.observations.authorization(request);
        RegisteredClient client = op.clients.get(request.getOrDefault("client_id", ""));
        String redirectUri = request.get("redirect_uri");
        if (client == null) {
            Http.send(exchange, 400, "text/plain", "unknown client_id");
            return;
        }
        Set<String> allowed = client.settings().redirectUris();
        if (redirectUri == null || !allowed.isEmpty() && !allowed.contains(redirectUri)) {
            Http.send(exchange, 400, "text/plain", "redirect_uri missing or not registered");
            return;
        }
        Set<String> responseType = new TreeSet<>(
                Arrays.asList(request.getOrDefault("response_type", "").split(" ")));
        String mode = request.getOrDefault("response_mode", defaultMode(responseType));
        Map<String, String> answer = new LinkedHashMap<>();
        if (!RESPONSE_TYPES.contains(responseType)) {
            answer.put("error", "unsupported_response_type");
        } else if (!RESPONSE_MODES.contains(mode)) {
            answer.put("error", "invalid_request");
            mode = defaultMode(responseType);
        } else if (op.faults.isActive(client.clientId(), Fault.AUTHORIZATION_ERROR)) {
            answer.put("error", "temporarily_unavailable");
            answer.put("error_description", "the partner is down for maintenance");
        } else {
            answer.putAll(grant(client, redirectUri, request, responseType));
        }
        if (request.containsKey("state")) {
            answer.put("state", request.get("state"));
        }
        boolean wrongIss = op.faults.isActive(client.clientId(), Fault.WRONG_ISS_PARAMETER);
        if (op.issParameter || wrongIss) {
            answer.put("iss", wrongIss ? op.tokens.wrongIssuer() : op.issuer);
        }
        respond(exchange, redirectUri, mode, answer);
    }

    /**
     * The parameters in force: those pushed under {@code request_uri} (one time, same client) or
     * the claims of the signed {@code request}, each only while switched on; else as received.
     */
    private Map<String, String> effective(Map<String, String> received) throws Refused {
        String clientId = received.get("client_id");
        if (op.par && received.containsKey("request_uri")) {
            return op.pushed.take(received.get("request_uri"), clientId);
        }
        if (op.requestObjects && received.containsKey("request")) {
            return op.signedRequests.parameters(received.get("request"), clientId);
        }
        return received;
    }

    private Map<String, String> grant(
            RegisteredClient client, String redirectUri, Map<String, String> request, Set<String> responseType) {
        Grant grant = new Grant(
                client.clientId(),
                redirectUri,
                request.get("nonce"),
                request.get("code_challenge"),
                request.getOrDefault("code_challenge_method", "plain"),
                request.getOrDefault("scope", "openid"),
                Instant.now(),
                op.user,
                request.get("acr_values"));
        Map<String, String> answer = new LinkedHashMap<>();
        String code = responseType.contains("code") ? op.grants.issueCode(grant) : null;
        String accessToken = responseType.contains("token") ? op.grants.issueAccessToken(grant) : null;
        if (code != null) {
            answer.put("code", code);
        }
        if (accessToken != null) {
            answer.put("access_token", accessToken);
            answer.put("token_type", "Bearer");
            answer.put("expires_in", Long.toString(TokenIssuer.LIFETIME.toSeconds()));
            answer.put("scope", grant.scope());
        }
        if (responseType.contains("id_token")) {
            answer.put("id_token", op.tokens.idToken(client, grant, accessToken, code));
        } else if (op.faults.isActive(client.clientId(), Fault.ID_TOKEN_IN_CODE_RESPONSE)) {
            answer.put("id_token", "eyJhbGciOiJSUzI1NiIsImtpZCI6Im5vLXN1Y2gta2V5In0.e30.bm90LWEtc2lnbmF0dXJl");
        }
        return answer;
    }

    /** OAuth 2.0 Multiple Response Types: query for code alone, fragment otherwise. */
    static String defaultMode(Set<String> responseType) {
        return responseType.equals(Set.of("code")) ? "query" : "fragment";
    }

    private static void respond(HttpExchange exchange, String redirectUri, String mode, Map<String, String> answer)
            throws IOException {
        switch (mode) {
            case "form_post":
                Http.send(exchange, 200, "text/html;charset=utf-8", formPost(redirectUri, answer));
                break;
            case "fragment":
                Http.redirect(exchange, redirectUri + "#" + Http.formEncode(answer));
                break;
            default:
                String separator = redirectUri.contains("?") ? "&" : "?";
                Http.redirect(exchange, redirectUri + separator + Http.formEncode(answer));
        }
    }

    /** OAuth 2.0 Form Post Response Mode: a form that posts itself on load. */
    static String formPost(String redirectUri, Map<String, String> answer) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><head><title>Submit</title></head>"
                        + "<body onload=\"document.forms[0].submit()\">\n<form method=\"post\" action=\"")
                .append(Http.html(redirectUri))
                .append("\">\n");
        answer.forEach((name, value) -> html.append("<input type=\"hidden\" name=\"")
                .append(Http.html(name))
                .append("\" value=\"")
                .append(Http.html(value))
                .append("\"/>\n"));
        return html.append("<noscript><button type=\"submit\">Continue</button></noscript>\n</form></body></html>\n")
                .toString();
    }
}
