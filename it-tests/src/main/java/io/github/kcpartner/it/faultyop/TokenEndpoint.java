package io.github.kcpartner.it.faultyop;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.kcpartner.it.faultyop.Grants.Grant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /token}: the authorization_code grant with client_secret_basic or client_secret_post,
 * and PKCE when the authorization request sent a challenge. Every request is recorded.
 */
final class TokenEndpoint implements HttpHandler {

    /** The client's claimed identity and how it was presented; the secret is never recorded. */
    private record Credentials(String clientId, String secret, ClientAuth auth) {}

    private final OpContext op;

    TokenEndpoint(OpContext op) {
        this.op = op;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Map<String, String> request = Http.parameters(exchange);
        Credentials credentials = credentials(exchange, request);
        int status = answer(exchange, request, credentials);
        op.observations.token(new TokenRequestSeen(
                credentials.clientId(),
                credentials.auth(),
                request.get("grant_type"),
                request.containsKey("code_verifier"),
                status));
    }

    private int answer(HttpExchange exchange, Map<String, String> request, Credentials credentials) throws IOException {
        RegisteredClient client = credentials.clientId() == null ? null : op.clients.get(credentials.clientId());
        if (client == null
                || credentials.secret() == null
                || !sameSecret(client.clientSecret(), credentials.secret())) {
            if (credentials.auth() == ClientAuth.CLIENT_SECRET_BASIC) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"faulty-op\"");
            }
            Http.error(exchange, 401, "invalid_client", "client authentication failed");
            return 401;
        }
        if (op.faults.isActive(client.clientId(), Fault.TOKEN_ENDPOINT_ERROR)) {
            Http.error(exchange, 400, "invalid_grant", "fault injected: TOKEN_ENDPOINT_ERROR");
            return 400;
        }
        if (!"authorization_code".equals(request.get("grant_type"))) {
            Http.error(exchange, 400, "unsupported_grant_type", "only authorization_code");
            return 400;
        }
        Grant grant = op.grants.redeemCode(request.get("code"));
        if (grant == null
                || !grant.clientId().equals(client.clientId())
                || !grant.redirectUri().equals(request.get("redirect_uri"))) {
            Http.error(exchange, 400, "invalid_grant", "unknown or spent code, or another client or redirect_uri");
            return 400;
        }
        if (!pkceHolds(grant, request.get("code_verifier"))) {
            Http.error(exchange, 400, "invalid_grant", "PKCE code_verifier missing or wrong");
            return 400;
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
        Http.json(exchange, 200, body);
        return 200;
    }

    private static Credentials credentials(HttpExchange exchange, Map<String, String> request) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(
                        Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return new Credentials(null, null, ClientAuth.CLIENT_SECRET_BASIC);
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return new Credentials(Http.decode(decoded), null, ClientAuth.CLIENT_SECRET_BASIC);
            }
            return new Credentials(
                    Http.decode(decoded.substring(0, colon)),
                    Http.decode(decoded.substring(colon + 1)),
                    ClientAuth.CLIENT_SECRET_BASIC);
        }
        if (request.containsKey("client_secret")) {
            return new Credentials(
                    request.get("client_id"), request.get("client_secret"), ClientAuth.CLIENT_SECRET_POST);
        }
        return new Credentials(request.get("client_id"), null, ClientAuth.NONE);
    }

    private static boolean sameSecret(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
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
