package io.github.kcpartner.broker.partner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kcpartner.broker.login.PartnerLoginException;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Map;
import org.keycloak.OAuth2Constants;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.http.simple.SimpleHttpRequest;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.Urls;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Completes one login from the partner's answer: checks that the answer has what the response
 * type promises, honours RFC 9207 {@code iss}, redeems the code (client authentication, PKCE,
 * DPoP and mutual TLS when configured), validates every ID token (front and back channel) and the userinfo answer, and builds the
 * brokered identity.
 */
final class PartnerLogin {

    private static final ObjectMapper JSON = io.github.kcpartner.json.Json.mapper();
    /** Auth-session note where Keycloak's OIDC broker keeps the PKCE verifier it sent (private there). */
    private static final String BROKER_CODE_VERIFIER = "BROKER_CODE_CHALLENGE";

    private final PartnerOidcIdentityProvider provider;
    private final PartnerOidcConfig config;
    private final KeycloakSession session;
    private final AuthenticationSessionModel authSession;

    PartnerLogin(PartnerOidcIdentityProvider provider, AuthenticationSessionModel authSession) {
        this.provider = provider;
        this.config = provider.partnerConfig();
        this.session = provider.keycloakSession();
        this.authSession = authSession;
    }

    BrokeredIdentityContext complete(MultivaluedMap<String, String> params) {
        String nonce = PartnerNonce.consume(authSession, config.getAlias());
        PartnerEndpoints endpoints = provider.runtime().endpoints(session, config);
        provider.applyEndpoints(endpoints);
        String code = params.getFirst(OAuth2Constants.CODE);
        // An ID token in the authorization response counts only when the response type asks for
        // one; any other is ignored, never validated (it would cost JWKS fetches for nothing).
        String frontIdToken = config.responseTypeHasIdToken() ? params.getFirst("id_token") : null;
        checkIssParameter(params.getFirst("iss"), frontIdToken != null, endpoints);
        String frontAccessToken = params.getFirst(OAuth2Constants.ACCESS_TOKEN);
        require(!config.responseTypeHasCode() || code != null, "code");
        require(!config.responseTypeHasIdToken() || frontIdToken != null, "id_token");
        require(!config.responseTypeHasToken() || frontAccessToken != null, "access_token");

        PartnerJose jose =
                new PartnerJose(provider, endpoints, PartnerStepUp.of(authSession, config.isRequireRequestedAcr()));

        Map<String, Object> front = null;
        if (frontIdToken != null) {
            front = jose.frontChannelIdToken(frontIdToken, nonce, frontAccessToken, code);
        }

        JsonNode tokenResponse = null;
        Map<String, Object> back = null;
        PartnerDpop dpop = config.responseTypeHasCode()
                ? PartnerDpop.forLogin(
                        config.getDpopMode(),
                        endpoints,
                        provider.runtime().dpopKeys(),
                        provider.dpopKeyOwner(),
                        java.time.Clock.systemUTC())
                : null;
        if (config.responseTypeHasCode()) {
            tokenResponse = redeem(code, endpoints, dpop);
            String backIdToken = text(tokenResponse, "id_token");
            if (backIdToken == null) {
                // scope always holds openid: the token endpoint must answer with an ID token
                throw new PartnerLoginException(
                        "missing_id_token", "the token response of an openid request has no id_token");
            }
            back = jose.backChannelIdToken(backIdToken, nonce, text(tokenResponse, OAuth2Constants.ACCESS_TOKEN));
        }
        if (front != null && back != null && (!same(front, back, "iss") || !same(front, back, "sub"))) {
            throw new PartnerLoginException(
                    "id_token_mismatch",
                    "the ID tokens of the authorization and token responses name different issuers or subjects");
        }
        Map<String, Object> idClaims = back != null ? back : front;

        String backAccessToken = text(tokenResponse, OAuth2Constants.ACCESS_TOKEN);
        String accessToken = backAccessToken != null ? backAccessToken : frontAccessToken;
        Map<String, Object> userInfo = null;
        if (config.isPerformUserInfo() && endpoints.userInfoUrl() != null && accessToken != null) {
            String tokenType = backAccessToken != null ? text(tokenResponse, "token_type") : "Bearer";
            userInfo = userInfo(
                    jose, endpoints.userInfoUrl(), accessToken, tokenType, dpop, String.valueOf(idClaims.get("sub")));
        }
        if (tokenResponse == null) {
            // Implicit types: the front channel is the token response (Keycloak keeps it for logout).
            tokenResponse = frontChannelTokens(params);
        }
        return PartnerIdentity.build(config, idClaims, userInfo, tokenResponse);
    }

    /**
     * RFC 9207: an {@code iss} parameter must name the issuer; when the partner announces the
     * parameter it is required, except in answers that carry an ID token (its {@code iss} claim
     * identifies the issuer, RFC 9207 section 2.4).
     */
    private void checkIssParameter(String iss, boolean hasIdToken, PartnerEndpoints endpoints) {
        if (iss != null) {
            if (endpoints.issuer() != null && !endpoints.issuer().equals(iss)) {
                throw new PartnerLoginException(
                        "invalid_issuer",
                        "the authorization response's iss parameter does not name the configured issuer");
            }
        } else if (endpoints.issParameterSupported() && !hasIdToken) {
            throw new PartnerLoginException(
                    "missing_iss_parameter",
                    "the partner announces RFC 9207 but its authorization response has no iss parameter");
        }
    }

    private JsonNode redeem(String code, PartnerEndpoints endpoints, PartnerDpop dpop) {
        if (endpoints.tokenUrl() == null) {
            throw new PartnerLoginException("no_token_endpoint", "no token endpoint is configured or in the metadata");
        }
        String verifier = authSession.getClientNote(BROKER_CODE_VERIFIER);
        PartnerDpop.RequestSender send = proof -> {
            // built afresh for every try: a client assertion must not be sent twice
            SimpleHttpRequest request = provider.backChannel()
                    .doPost(endpoints.tokenUrl())
                    .header("Accept", "application/json")
                    .param(OAuth2Constants.CODE, code)
                    .param(OAuth2Constants.GRANT_TYPE, OAuth2Constants.AUTHORIZATION_CODE)
                    .param(
                            OAuth2Constants.REDIRECT_URI,
                            Urls.identityProviderAuthnResponse(
                                            session.getContext().getUri().getBaseUri(),
                                            config.getAlias(),
                                            session.getContext().getRealm().getName())
                                    .toString());
            if (verifier != null) {
                request.param(OAuth2Constants.CODE_VERIFIER, verifier);
            }
            if (proof != null) {
                request.header(PartnerDpop.HEADER, proof);
            }
            return PartnerHttp.send(provider.authenticateClient(request), "token", "token_request_failed");
        };
        PartnerHttp.Answer answer =
                dpop == null ? send.send(null) : dpop.send("POST", endpoints.tokenUrl(), null, send);
        JsonNode body = parse(answer.body(), "token_request_failed");
        if (!answer.ok() || body.hasNonNull(OAuth2Constants.ERROR)) {
            String error = body.path(OAuth2Constants.ERROR).asText("");
            throw new PartnerLoginException(
                    "invalid_dpop_proof".equals(error) ? PartnerDpop.PROOF_FAILED : "token_request_failed",
                    "the token endpoint answered HTTP " + answer.status() + " " + error,
                    null);
        }
        if (dpop != null
                && PartnerDpop.REQUIRED.equals(config.getDpopMode())
                && !PartnerDpop.TOKEN_TYPE.equalsIgnoreCase(text(body, "token_type"))) {
            throw new PartnerLoginException(
                    PartnerDpop.NOT_BOUND,
                    "DPoP is required, but the partner answered with token_type " + text(body, "token_type"));
        }
        return body;
    }

    private Map<String, Object> userInfo(
            PartnerJose jose, String url, String accessToken, String tokenType, PartnerDpop dpop, String expectedSub) {
        boolean bound = dpop != null && PartnerDpop.TOKEN_TYPE.equalsIgnoreCase(tokenType);
        PartnerDpop.RequestSender send = proof -> {
            SimpleHttpRequest request =
                    provider.backChannel().doGet(url).header("Accept", "application/json, application/jwt");
            if (proof != null) {
                request.header("Authorization", PartnerDpop.TOKEN_TYPE + " " + accessToken)
                        .header(PartnerDpop.HEADER, proof);
            } else {
                request.auth(accessToken);
            }
            return PartnerHttp.send(request, "userinfo", "userinfo_failed");
        };
        PartnerHttp.Answer answer = bound ? dpop.send("GET", url, accessToken, send) : send.send(null);
        if (!answer.ok()) {
            throw new PartnerLoginException(
                    "userinfo_failed", "the userinfo endpoint answered HTTP " + answer.status());
        }
        return jose.userInfo(answer.body(), answer.contentType(), expectedSub);
    }

    private static JsonNode frontChannelTokens(MultivaluedMap<String, String> params) {
        com.fasterxml.jackson.databind.node.ObjectNode node = JSON.createObjectNode();
        for (String name :
                new String[] {"id_token", OAuth2Constants.ACCESS_TOKEN, "token_type", "scope", "session_state"}) {
            if (params.getFirst(name) != null) {
                node.put(name, params.getFirst(name));
            }
        }
        String expiresIn = params.getFirst("expires_in");
        node.put("expires_in", expiresIn != null && expiresIn.matches("\\d{1,10}") ? Long.parseLong(expiresIn) : 0L);
        return node;
    }

    private static void require(boolean present, String parameter) {
        if (!present) {
            throw new PartnerLoginException(
                    "missing_" + parameter,
                    "the authorization response lacks " + parameter + ", which the response type promises");
        }
    }

    private static boolean same(Map<String, Object> a, Map<String, Object> b, String claim) {
        return String.valueOf(a.get(claim)).equals(String.valueOf(b.get(claim)));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || !v.isTextual() ? null : v.asText();
    }

    private static JsonNode parse(String body, String reason) {
        try {
            return JSON.readTree(body == null ? "" : body);
        } catch (java.io.IOException e) {
            throw new PartnerLoginException(reason, "the partner's answer is not JSON");
        }
    }
}
