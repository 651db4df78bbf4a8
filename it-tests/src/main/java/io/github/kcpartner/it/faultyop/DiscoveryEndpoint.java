package io.github.kcpartner.it.faultyop;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /.well-known/openid-configuration}: what the OP supports, with the advertised-alg and feature switches. */
final class DiscoveryEndpoint implements HttpHandler {

    static final List<String> SIGNING_ALGS = List.of(
            "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
            "none");
    static final List<String> ENCRYPTION_ALGS = List.of(
            "dir",
            "A128KW",
            "A192KW",
            "A256KW",
            "A128GCMKW",
            "A192GCMKW",
            "A256GCMKW",
            "ECDH-ES",
            "ECDH-ES+A128KW",
            "ECDH-ES+A192KW",
            "ECDH-ES+A256KW",
            "RSA1_5",
            "RSA-OAEP",
            "RSA-OAEP-256");
    static final List<String> ENCRYPTION_ENCS =
            List.of("A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512", "A128GCM", "A192GCM", "A256GCM");
    static final List<String> RESPONSE_TYPES =
            List.of("code", "id_token", "id_token token", "code id_token", "code token", "code id_token token");

    private final OpContext op;

    DiscoveryEndpoint(OpContext op) {
        this.op = op;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        op.observations.discoveryFetched();
        List<String> advertised = op.advertisedIdTokenAlgs;
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("issuer", op.issuer);
        metadata.put("authorization_endpoint", op.endpoint(FaultyOp.AUTHORIZE_PATH));
        metadata.put("token_endpoint", op.endpoint(FaultyOp.TOKEN_PATH));
        metadata.put("userinfo_endpoint", op.endpoint(FaultyOp.USERINFO_PATH));
        metadata.put("jwks_uri", op.endpoint(FaultyOp.JWKS_PATH));
        metadata.put("scopes_supported", List.of("openid", "email", "profile"));
        metadata.put("response_types_supported", RESPONSE_TYPES);
        metadata.put("response_modes_supported", List.of("query", "fragment", "form_post"));
        metadata.put("grant_types_supported", List.of("authorization_code", "implicit"));
        metadata.put("subject_types_supported", List.of("public"));
        metadata.put("id_token_signing_alg_values_supported", advertised != null ? advertised : SIGNING_ALGS);
        metadata.put("id_token_encryption_alg_values_supported", ENCRYPTION_ALGS);
        metadata.put("id_token_encryption_enc_values_supported", ENCRYPTION_ENCS);
        metadata.put("userinfo_signing_alg_values_supported", SIGNING_ALGS);
        metadata.put("userinfo_encryption_alg_values_supported", ENCRYPTION_ALGS);
        metadata.put("userinfo_encryption_enc_values_supported", ENCRYPTION_ENCS);
        if (op.par) {
            metadata.put("pushed_authorization_request_endpoint", op.endpoint(FaultyOp.PAR_PATH));
        }
        if (op.privateKeyJwt) {
            metadata.put(
                    "token_endpoint_auth_methods_supported",
                    List.of("client_secret_basic", "client_secret_post", "private_key_jwt"));
            metadata.put("token_endpoint_auth_signing_alg_values_supported", ClientJwks.ALGS);
        } else {
            metadata.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        }
        metadata.put("code_challenge_methods_supported", List.of("S256", "plain"));
        metadata.put(
                "claims_supported",
                List.of(
                        "sub",
                        "iss",
                        "aud",
                        "exp",
                        "iat",
                        "auth_time",
                        "nonce",
                        "at_hash",
                        "c_hash",
                        "email",
                        "given_name",
                        "family_name",
                        "preferred_username"));
        metadata.put("claims_parameter_supported", true);
        metadata.put("request_parameter_supported", op.requestObjects);
        if (op.requestObjects) {
            metadata.put("request_object_signing_alg_values_supported", RequestObjects.ALGS);
        }
        metadata.put("authorization_response_iss_parameter_supported", op.issParameter);
        Http.json(exchange, 200, metadata);
    }
}
