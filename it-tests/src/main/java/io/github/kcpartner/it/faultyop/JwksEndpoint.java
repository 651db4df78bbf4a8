package io.github.kcpartner.it.faultyop;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;

/** {@code /jwks}: the public signing keys; counts fetches. */
final class JwksEndpoint implements HttpHandler {

    private final OpContext op;

    JwksEndpoint(OpContext op) {
        this.op = op;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        op.observations.jwksFetched();
        String jwks = op.keys.publicJwksJson(op.faults.isActiveAnywhere(Fault.ROTATE_KEYS));
        Http.send(exchange, 200, "application/jwk-set+json", jwks);
    }
}
