package io.github.kcpartner.it.jims;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * The OAuth2 client-credentials token API (RFC 6749, section 4.4): credentials in the form or as
 * HTTP Basic; answers 200 with an opaque bearer token, 400 {@code unsupported_grant_type} or
 * {@code invalid_request}, 401 {@code invalid_client}.
 */
final class TokenEndpoint {

    private final String clientId;
    private final byte[] clientSecret;
    private final Duration lifetime;
    private final TokenStore tokens;

    TokenEndpoint(String clientId, String clientSecret, Duration lifetime, TokenStore tokens) {
        this.clientId = clientId;
        this.clientSecret = clientSecret.getBytes(StandardCharsets.UTF_8);
        this.lifetime = lifetime;
        this.tokens = tokens;
    }

    /** Answers a token request whose form was already parsed; {@code fault} is EXPIRED_TOKEN or NONE. */
    void handle(HttpExchange exchange, Map<String, String> form, Fault fault) throws IOException {
        if (!"POST".equalsIgnoreCase(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            Exchanges.sendError(exchange, 405, "invalid_request", "POST required");
            return;
        }
        String[] basic = basicCredentials(exchange);
        if (basic != null && form.containsKey("client_secret")) {
            Exchanges.sendError(exchange, 400, "invalid_request", "two client authentication methods");
            return;
        }
        String id = basic != null ? basic[0] : form.get("client_id");
        String secret = basic != null ? basic[1] : form.get("client_secret");
        boolean sameId = basic == null || !form.containsKey("client_id") || basic[0].equals(form.get("client_id"));
        if (!sameId || !authentic(id, secret)) {
            if (basic != null || Exchanges.credentials(exchange, "Basic") != null) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"jims\"");
            }
            Exchanges.sendError(exchange, 401, "invalid_client", null);
            return;
        }
        String grantType = form.get("grant_type");
        if (grantType == null || grantType.isEmpty()) {
            Exchanges.sendError(exchange, 400, "invalid_request", "grant_type missing");
            return;
        }
        if (!"client_credentials".equals(grantType)) {
            Exchanges.sendError(exchange, 400, "unsupported_grant_type", null);
            return;
        }
        Duration granted = fault.kind() == Fault.Kind.EXPIRED_TOKEN ? Duration.ofSeconds(-60) : lifetime;
        String token = tokens.issue(granted);
        String json = "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                + granted.toSeconds() + "}";
        exchange.getResponseHeaders().set("Pragma", "no-cache");
        Exchanges.sendJson(exchange, 200, json.getBytes(StandardCharsets.UTF_8));
    }

    private boolean authentic(String id, String secret) {
        if (id == null || secret == null) {
            return false;
        }
        boolean idMatches =
                MessageDigest.isEqual(id.getBytes(StandardCharsets.UTF_8), clientId.getBytes(StandardCharsets.UTF_8));
        boolean secretMatches = MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), clientSecret);
        return idMatches & secretMatches;
    }

    /** {id, secret} from {@code Authorization: Basic}, each form-url-decoded (RFC 6749, 2.3.1), or null. */
    private static String[] basicCredentials(HttpExchange exchange) {
        String encoded = Exchanges.credentials(exchange, "Basic");
        if (encoded == null) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return null;
            }
            return new String[] {
                Exchanges.decode(decoded.substring(0, colon)), Exchanges.decode(decoded.substring(colon + 1))
            };
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
