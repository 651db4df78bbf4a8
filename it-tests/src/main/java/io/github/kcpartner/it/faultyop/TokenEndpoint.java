package io.github.kcpartner.it.faultyop;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.kcpartner.it.faultyop.Grants.Grant;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /token}: the authorization_code grant with client_secret_basic, client_secret_post or
 * private_key_jwt ({@link ClientAuthenticator}), and PKCE when the authorization request sent a
 * challenge. Every request is recorded.
 */
final class TokenEndpoint implements HttpHandler {

    private final OpContext op;

    TokenEndpoint(OpContext op) {
        this.op = op;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Map<String, String> request = Http.parameters(exchange);
        ClientAuthenticator.Result credentials = op.clientAuth.authenticate(exchange, request);
        Http.Reply reply = answer(exchange, request, credentials);
        // recorded before the answer goes out, so a test that got the answer sees the record
        op.observations.token(new TokenRequestSeen(
                credentials.clientId(),
                credentials.auth(),
                request.get("grant_type"),
                request.containsKey("code_verifier"),
                reply.status()));
        reply.send(exchange);
    }

    private Http.Reply answer(
            HttpExchange exchange, Map<String, String> request, ClientAuthenticator.Result credentials) {
        RegisteredClient client = credentials.client();
        if (!credentials.authenticated()) {
            if (credentials.auth() == ClientAuth.CLIENT_SECRET_BASIC) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"faulty-op\"");
            }
            return Http.Reply.error(401, "invalid_client", "client authentication failed: " + credentials.failure());
        }
        if (op.faults.isActive(client.clientId(), Fault.TOKEN_ENDPOINT_ERROR)) {
            return Http.Reply.error(400, "invalid_grant", "fault injected: TOKEN_ENDPOINT_ERROR");
        }
        if (!"authorization_code".equals(request.get("grant_type"))) {
            return Http.Reply.error(400, "unsupported_grant_type", "only authorization_code");
        }
        Grant grant = op.grants.redeemCode(request.get("code"));
        if (grant == null
                || !grant.clientId().equals(client.clientId())
                || !grant.redirectUri().equals(request.get("redirect_uri"))) {
            return Http.Reply.error(400, "invalid_grant", "unknown or spent code, or another client or redirect_uri");
        }
        if (!pkceHolds(grant, request.get("code_verifier"))) {
            return Http.Reply.error(400, "invalid_grant", "PKCE code_verifier missing or wrong");
        }
        String accessToken = op.grants.issueAccessToken(grant);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", accessToken);
        body.put("token_type", "Bearer");
        body.put("expires_in", TokenIssuer.LIFETIME.toSeconds());
        body.put("scope", grant.scope());
        if (!op.faults.isActive(client.clientId(), Fault.NO_ID_TOKEN)) {
            body.put("id_token", op.tokens.idToken(client, grant, accessToken, null));
        }
        return new Http.Reply(200, body);
    }

    private static boolean pkceHolds(Grant grant, String verifier) {
        if (grant.codeChallenge() == null) {
            return true;
        }
        if (verifier == null) {
            return false;
        }
        try {
            CodeChallengeMethod method = CodeChallengeMethod.parse(grant.codeChallengeMethod());
            CodeChallenge computed = CodeChallenge.compute(method, new CodeVerifier(verifier));
            return computed.getValue().equals(grant.codeChallenge());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
