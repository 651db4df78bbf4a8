package io.github.kcpartner.it.faultyop;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Signed request objects (RFC 9101): the {@code request} parameter is a JWT signed with a key of
 * the client's jwks_uri; its claims replace the other parameters. Its {@code client_id} must be
 * the outer one, its {@code iss} (when present) too, its {@code aud} (when present) must name the
 * issuer and its {@code exp} (when present) must be in the future.
 */
final class RequestObjects {

    /** Algorithms advertised in {@code request_object_signing_alg_values_supported}. */
    static final List<String> ALGS = ClientJwks.ALGS;

    /** JWT claims that are about the request object, not authorization parameters. */
    private static final Set<String> JWT_CLAIMS = Set.of("iss", "aud", "exp", "iat", "nbf", "jti");

    private final OpContext op;

    RequestObjects(OpContext op) {
        this.op = op;
    }

    /** The authorization parameters of {@code jwt}, sent with the outer {@code clientId}. */
    Map<String, String> parameters(String jwt, String clientId) throws Refused {
        RegisteredClient client = clientId == null ? null : op.clients.get(clientId);
        if (client == null) {
            throw new Refused("unknown client_id");
        }
        JWTClaimsSet claims = op.clientJwks.verify(jwt, client);
        Object inner = claims.getClaim("client_id");
        if (!clientId.equals(inner)) {
            throw new Refused("the request object's client_id is not the request's");
        }
        if (claims.getIssuer() != null && !clientId.equals(claims.getIssuer())) {
            throw new Refused("the request object's iss is not the client_id");
        }
        if (!claims.getAudience().isEmpty() && !claims.getAudience().contains(op.issuer)) {
            throw new Refused("the request object's aud does not name the issuer");
        }
        Date exp = claims.getExpirationTime();
        if (exp != null && !exp.toInstant().isAfter(Instant.now())) {
            throw new Refused("the request object has expired");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, Object> claim : claims.getClaims().entrySet()) {
            if (JWT_CLAIMS.contains(claim.getKey()) || claim.getValue() == null) {
                continue;
            }
            if (claim.getKey().equals("request") || claim.getKey().equals("request_uri")) {
                throw new Refused("a request object must not hold " + claim.getKey());
            }
            parameters.put(claim.getKey(), text(claim.getValue()));
        }
        return parameters;
    }

    /** A claim as a parameter value: strings as they are, objects (e.g. {@code claims}) as JSON. */
    @SuppressWarnings("unchecked")
    private static String text(Object value) {
        if (value instanceof Map<?, ?> map) {
            return JSONObjectUtils.toJSONString((Map<String, ?>) map);
        }
        return value.toString();
    }
}
