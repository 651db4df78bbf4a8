package io.github.kcpartner.broker.partner;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcpartner.broker.login.PartnerLoginException;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.keycloak.OAuth2Constants;
import org.keycloak.http.simple.SimpleHttpRequest;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Pushed authorization requests (RFC 9126). The authorization request that
 * {@link PartnerOidcIdentityProvider#createAuthorizationUrl} built is not sent through the browser:
 * its parameters are POSTed, with the client authentication of the token request, to the
 * partner's {@code pushed_authorization_request_endpoint}; the browser then carries only
 * {@code client_id} and the {@code request_uri} the partner answered.
 *
 * <p>The setting {@code parMode}: {@value #OFF}, {@value #ADVERTISED} (the default: when the
 * metadata names the endpoint) or {@value #REQUIRED}.
 */
final class PartnerPar {

    static final String OFF = "off";
    static final String ADVERTISED = "advertised";
    static final String REQUIRED = "required";
    static final List<String> MODES = List.of(OFF, ADVERTISED, REQUIRED);

    static final String NOT_ADVERTISED = "par_not_advertised";
    static final String REQUIRED_BY_PARTNER = "par_required_by_partner";
    static final String REQUEST_FAILED = "par_request_failed";

    /** Auth-session note: this login's authorization request was pushed. */
    static final String NOTE = "partner-oidc.par";

    private static final String REQUEST_URI = "request_uri";

    /** The partner's answer: the reference the browser carries, and how long it is valid. */
    record Pushed(String requestUri, long expiresIn) {}

    private PartnerPar() {}

    /**
     * Whether this login pushes its authorization request.
     *
     * @throws PartnerLoginException {@value #NOT_ADVERTISED} when PAR is required (by the setting
     *         or by the metadata) and the metadata names no endpoint; {@value #REQUIRED_BY_PARTNER}
     *         when the setting is off and the metadata says {@code require_pushed_authorization_requests}
     */
    static boolean use(String mode, PartnerEndpoints endpoints) {
        boolean advertised = endpoints.parEndpoint() != null;
        if (OFF.equals(mode)) {
            if (endpoints.parRequired()) {
                throw new PartnerLoginException(
                        "par_required_by_partner",
                        "pushed authorization requests are off, but the partner's metadata requires them");
            }
            return false;
        }
        if (!advertised && (REQUIRED.equals(mode) || endpoints.parRequired())) {
            throw new PartnerLoginException(
                    "par_not_advertised",
                    "pushed authorization requests are required, but the partner's metadata names no "
                            + "pushed_authorization_request_endpoint");
        }
        return advertised;
    }

    /** The parameters of an authorization request URI, decoded, in their order (a repeated name keeps its first value). */
    static Map<String, String> parameters(URI authorizationRequest) {
        Map<String, String> params = new LinkedHashMap<>();
        String query = authorizationRequest.getRawQuery();
        if (query == null || query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.putIfAbsent(name, value);
        }
        return params;
    }

    /**
     * Pushes {@code params} to {@code endpoint}. {@code authenticate} adds the client
     * authentication (the token request's: it may overwrite {@code client_id}, never remove it).
     *
     * @throws PartnerLoginException {@value #REQUEST_FAILED} when the partner does not answer, or
     *         answers anything but 201 with a {@code request_uri}
     */
    static Pushed push(
            SimpleHttpRequest request, Map<String, String> params, UnaryOperator<SimpleHttpRequest> authenticate) {
        SimpleHttpRequest post = request.header("Accept", "application/json");
        params.forEach(post::param);
        post = authenticate.apply(post);
        return parse(PartnerHttp.send(post, "par", REQUEST_FAILED), request.getUrl());
    }

    /**
     * Reads the partner's answer (RFC 9126 section 2.2: 201, JSON with {@code request_uri} and
     * {@code expires_in}). The error texts name the endpoint and the partner's {@code error} code
     * only: never a parameter of the request.
     */
    static Pushed parse(PartnerHttp.Answer answer, String endpoint) {
        JsonNode body = json(answer.body());
        if (answer.status() != 201) {
            String error = body == null ? "" : body.path(OAuth2Constants.ERROR).asText("");
            throw new PartnerLoginException(
                    "par_request_failed",
                    "the pushed authorization request endpoint " + endpoint + " answered HTTP " + answer.status()
                            + (error.isEmpty() ? "" : " " + PartnerCallback.errorCode(error)),
                    null);
        }
        JsonNode requestUri = body == null ? null : body.get(REQUEST_URI);
        if (requestUri == null || !requestUri.isTextual() || requestUri.asText().isBlank()) {
            throw new PartnerLoginException(
                    "par_request_failed",
                    "the pushed authorization request endpoint " + endpoint + " answered without a request_uri",
                    null);
        }
        JsonNode expiresIn = body.get("expires_in");
        return new Pushed(
                requestUri.asText(), expiresIn != null && expiresIn.canConvertToLong() ? expiresIn.asLong() : 0L);
    }

    /** Where the browser goes: the authorization endpoint with {@code client_id} and {@code request_uri} only. */
    static UriBuilder redirect(String authorizationUrl, String clientId, String requestUri) {
        // the query is built here, encoded once: a builder's queryParam would read braces as
        // template variables, or encode an encoded value again
        String base = authorizationUrl.trim();
        String query =
                OAuth2Constants.CLIENT_ID + "=" + encode(clientId) + "&" + REQUEST_URI + "=" + encode(requestUri);
        return UriBuilder.fromUri(URI.create(base + (base.contains("?") ? "&" : "?") + query));
    }

    /** Remembers for the callback whether this login's request was pushed. */
    static void remember(AuthenticationSessionModel authSession, boolean pushed) {
        if (pushed) {
            authSession.setAuthNote(NOTE, "true");
        } else {
            authSession.removeAuthNote(NOTE);
        }
    }

    /**
     * Whether the partner's error answer to a request that was not pushed says it wants PAR (a
     * client registered with {@code require_pushed_authorization_requests}, which the metadata
     * does not show): {@code invalid_request} with a description that names pushed authorization
     * requests.
     */
    static boolean refusedForWantOfPar(AuthenticationSessionModel authSession, String error, String description) {
        return !"true".equals(authSession.getAuthNote(NOTE))
                && "invalid_request".equals(error)
                && description != null
                && description.toLowerCase(Locale.ROOT).contains("pushed authorization request");
    }

    /**
     * The save-time check against the metadata document {@code fetch} returns for the metadata
     * URL: {@value #REQUIRED} needs its {@code pushed_authorization_request_endpoint}, {@value #OFF}
     * is refused when it says {@code require_pushed_authorization_requests}. Nothing is refused
     * when there is no metadata URL, an explicit setting decides nothing here, or the document
     * cannot be read (the login will say).
     *
     * @return the problem's message key, or {@code null}
     */
    static String checkAtSave(PartnerOidcConfig config, UnaryOperator<String> fetch) {
        String mode = config.getParMode();
        PartnerMetadata metadata = ADVERTISED.equals(mode) ? null : PartnerMetadata.readForSave(config, fetch);
        if (metadata == null) {
            return null;
        }
        if (REQUIRED.equals(mode) && metadata.parEndpoint() == null) {
            return PartnerOidcConfigRules.PAR_NOT_ADVERTISED;
        }
        if (OFF.equals(mode) && metadata.requirePar()) {
            return PartnerOidcConfigRules.PAR_REQUIRED_BY_PARTNER;
        }
        return null;
    }

    private static JsonNode json(String body) {
        try {
            JsonNode node = io.github.kcpartner.json.Json.mapper().readTree(body == null ? "" : body);
            return node != null && node.isObject() ? node : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }

    /** Form-encoded, with %20 for a space. */
    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
