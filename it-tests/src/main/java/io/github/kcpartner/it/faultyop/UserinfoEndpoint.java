package io.github.kcpartner.it.faultyop;

import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.kcpartner.it.faultyop.Grants.Grant;
import java.io.IOException;

/** {@code /userinfo}: Bearer access token in; JSON, or a signed and/or encrypted JWT, out. */
final class UserinfoEndpoint implements HttpHandler {

    private final OpContext op;

    UserinfoEndpoint(OpContext op) {
        this.op = op;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        op.observations.userinfoRequested();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim()
                : null;
        Grant grant = op.grants.forAccessToken(token);
        RegisteredClient client = grant == null ? null : op.clients.get(grant.clientId());
        if (client == null) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            Http.error(exchange, 401, "invalid_token", "unknown access token");
            return;
        }
        JWTClaimsSet claims = op.tokens.userinfoClaims(client, grant);
        if (TokenIssuer.userinfoIsJwt(client.settings())) {
            Http.send(exchange, 200, "application/jwt", op.tokens.userinfoJwt(client, claims));
        } else {
            Http.json(exchange, 200, claims.toJSONObject());
        }
    }
}
