package io.github.kcpartner.broker.partner;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of an OpenID Provider metadata document that the relying party uses.
 *
 * @param parEndpoint {@code pushed_authorization_request_endpoint} (RFC 9126), or {@code null}
 * @param requirePar  {@code require_pushed_authorization_requests}: the partner accepts only pushed requests
 */
record PartnerMetadata(
        String issuer,
        String authorizationEndpoint,
        String tokenEndpoint,
        String userInfoEndpoint,
        String jwksUri,
        List<String> idTokenSigningAlgs,
        boolean issParameterSupported,
        String endSessionEndpoint,
        String parEndpoint,
        boolean requirePar) {

    static final PartnerMetadata EMPTY =
            new PartnerMetadata(null, null, null, null, null, List.of(), false, null, null, false);

    static PartnerMetadata parse(JsonNode doc) {
        if (doc == null || !doc.isObject()) {
            throw new IllegalArgumentException("the metadata document is not a JSON object");
        }
        List<String> algs = new ArrayList<>();
        doc.path("id_token_signing_alg_values_supported").forEach(n -> algs.add(n.asText()));
        return new PartnerMetadata(
                text(doc, "issuer"),
                text(doc, "authorization_endpoint"),
                text(doc, "token_endpoint"),
                text(doc, "userinfo_endpoint"),
                text(doc, "jwks_uri"),
                List.copyOf(algs),
                doc.path("authorization_response_iss_parameter_supported").asBoolean(false),
                text(doc, "end_session_endpoint"),
                text(doc, "pushed_authorization_request_endpoint"),
                doc.path("require_pushed_authorization_requests").asBoolean(false));
    }

    private static String text(JsonNode doc, String field) {
        JsonNode n = doc.get(field);
        return n == null || !n.isTextual() || n.asText().isBlank() ? null : n.asText();
    }
}
