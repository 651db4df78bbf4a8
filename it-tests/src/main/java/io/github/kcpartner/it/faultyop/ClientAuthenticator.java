package io.github.kcpartner.it.faultyop;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client authentication at the token and pushed authorization request endpoints:
 * client_secret_basic, client_secret_post, and (when switched on) private_key_jwt, whose assertion
 * must be signed with a key of the client's jwks_uri, have {@code iss} = {@code sub} = client_id,
 * an {@code aud} naming the issuer or the token endpoint, an {@code exp} in the future and a
 * {@code jti} not seen before (kept until its {@code exp}).
 */
final class ClientAuthenticator {

    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /** The parameters that carry client credentials, never part of an authorization request. */
    static final List<String> CREDENTIAL_PARAMETERS =
            List.of("client_secret", "client_assertion", "client_assertion_type");

    /**
     * The outcome: the claimed client_id (may be null) and method; {@code client} is null when
     * authentication failed, and {@code failure} then says why (never a secret).
     */
    record Result(String clientId, ClientAuth auth, RegisteredClient client, String failure) {
        boolean authenticated() {
            return client != null;
        }
    }

    private final OpContext op;
    /** client_id + " " + jti of every accepted assertion, with its exp. */
    private final Map<String, Instant> seenJtis = new ConcurrentHashMap<>();

    ClientAuthenticator(OpContext op) {
        this.op = op;
    }

    Result authenticate(HttpExchange exchange, Map<String, String> form) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return basic(authorization.substring(6).trim());
        }
        if (form.containsKey("client_secret")) {
            return secret(form.get("client_id"), form.get("client_secret"), ClientAuth.CLIENT_SECRET_POST);
        }
        if (form.containsKey("client_assertion") && op.privateKeyJwt) {
            return assertion(form);
        }
        return fail(form.get("client_id"), ClientAuth.NONE, "no client credentials");
    }

    private Result basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return fail(null, ClientAuth.CLIENT_SECRET_BASIC, "malformed Basic credentials");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return fail(Http.decode(decoded), ClientAuth.CLIENT_SECRET_BASIC, "no secret");
        }
        return secret(
                Http.decode(decoded.substring(0, colon)),
                Http.decode(decoded.substring(colon + 1)),
                ClientAuth.CLIENT_SECRET_BASIC);
    }

    private Result secret(String clientId, String secret, ClientAuth auth) {
        RegisteredClient client = clientId == null ? null : op.clients.get(clientId);
        if (client == null || secret == null || !sameSecret(client.clientSecret(), secret)) {
            return fail(clientId, auth, "unknown client or wrong secret");
        }
        return new Result(clientId, auth, client, null);
    }

    private Result assertion(Map<String, String> form) {
        String jwt = form.get("client_assertion");
        String clientId = form.get("client_id");
        try {
            String issuer = SignedJWT.parse(jwt).getJWTClaimsSet().getIssuer();
            clientId = clientId == null ? issuer : clientId;
            if (!ASSERTION_TYPE.equals(form.get("client_assertion_type"))) {
                throw new Refused("client_assertion_type is not " + ASSERTION_TYPE);
            }
            if (issuer == null || !issuer.equals(clientId)) {
                throw new Refused("iss is not the client_id");
            }
            RegisteredClient client = op.clients.get(clientId);
            if (client == null) {
                throw new Refused("unknown client");
            }
            check(op.clientJwks.verify(jwt, client), clientId);
            return new Result(clientId, ClientAuth.PRIVATE_KEY_JWT, client, null);
        } catch (ParseException e) {
            return fail(clientId, ClientAuth.PRIVATE_KEY_JWT, "client_assertion is not a signed JWT");
        } catch (Refused e) {
            return fail(clientId, ClientAuth.PRIVATE_KEY_JWT, e.getMessage());
        }
    }

    /** The claims of a verified assertion; the jti is remembered last, so a refused one burns none. */
    private void check(JWTClaimsSet claims, String clientId) throws Refused {
        if (!clientId.equals(claims.getSubject())) {
            throw new Refused("sub is not the client_id");
        }
        List<String> audience = claims.getAudience();
        if (!audience.contains(op.issuer) && !audience.contains(op.endpoint(FaultyOp.TOKEN_PATH))) {
            throw new Refused("aud names neither the issuer nor the token endpoint");
        }
        Date exp = claims.getExpirationTime();
        Instant now = Instant.now();
        if (exp == null || !exp.toInstant().isAfter(now)) {
            throw new Refused("exp missing or past");
        }
        String jti = claims.getJWTID();
        if (jti == null || jti.isBlank()) {
            throw new Refused("no jti");
        }
        seenJtis.values().removeIf(expiry -> expiry.isBefore(now));
        if (seenJtis.putIfAbsent(clientId + " " + jti, exp.toInstant()) != null) {
            throw new Refused("jti replayed");
        }
    }

    private static Result fail(String clientId, ClientAuth auth, String why) {
        return new Result(clientId, auth, null, why);
    }

    private static boolean sameSecret(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
