package io.github.kcpartner.broker.partner;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an OpenID Provider metadata document that the relying party uses.
 *
 * @param parEndpoint {@code pushed_authorization_request_endpoint} (RFC 9126), or {@code null}
 * @param requirePar  {@code require_pushed_authorization_requests}: the partner accepts only pushed requests
 * @param dpopAlgs    {@code dpop_signing_alg_values_supported} (RFC 9449): the partner takes DPoP proofs
 * @param mtlsAliases {@code mtls_endpoint_aliases} (RFC 8705): the endpoints to call with a client certificate
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
        boolean requirePar,
        List<String> dpopAlgs,
        Map<String, String> mtlsAliases) {

    static final PartnerMetadata EMPTY =
            new PartnerMetadata(null, null, null, null, null, List.of(), false, null, null, false, List.of(), Map.of());

    static PartnerMetadata parse(JsonNode doc) {
        if (doc == null || !doc.isObject()) {
            throw new IllegalArgumentException("the metadata document is not a JSON object");
        }
        List<String> algs = new ArrayList<>();
        doc.path("id_token_signing_alg_values_supported").forEach(n -> algs.add(n.asText()));
        List<String> dpop = new ArrayList<>();
        doc.path("dpop_signing_alg_values_supported").forEach(n -> dpop.add(n.asText()));
        Map<String, String> aliases = new LinkedHashMap<>();
        JsonNode mtls = doc.path("mtls_endpoint_aliases");
        if (mtls.isObject()) {
            mtls.fields().forEachRemaining(e -> {
                if (e.getValue().isTextual() && !e.getValue().asText().isBlank()) {
                    aliases.put(e.getKey(), e.getValue().asText());
                }
            });
        }
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
                doc.path("require_pushed_authorization_requests").asBoolean(false),
                List.copyOf(dpop),
                Map.copyOf(aliases));
    }

    /**
     * For the save-time checks: the document at the configured metadata URL ({@code fetch} reads
     * it), or {@code null} when there is no metadata URL or the document cannot be read (the
     * login will say).
     */
    static PartnerMetadata readForSave(PartnerOidcConfig config, java.util.function.UnaryOperator<String> fetch) {
        String url = config.getMetadataDescriptorUrl();
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            return parse(io.github.kcpartner.json.Json.mapper().readTree(fetch.apply(url.trim())));
        } catch (RuntimeException | java.io.IOException e) {
            return null;
        }
    }

    private static String text(JsonNode doc, String field) {
        JsonNode n = doc.get(field);
        return n == null || !n.isTextual() || n.asText().isBlank() ? null : n.asText();
    }
}
