package io.github.kcpartner.broker.partner;

import static io.github.kcpartner.broker.partner.TestPartner.idToken;
import static io.github.kcpartner.broker.partner.TestPartner.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.github.kcpartner.broker.login.PartnerLoginException;
import jakarta.ws.rs.core.MultivaluedMap;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.provider.AuthenticationRequest;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.util.IdentityBrokerState;
import org.keycloak.representations.AccessTokenResponse;

/**
 * One login completed from the partner's answer, against a local token endpoint and ID tokens
 * signed with the partner's key: what the token request carries, which answers are refused and
 * with which event reason, and the brokered identity built.
 */
final class PartnerLoginTest {

    @TempDir
    Path rules;

    private TestPartner partner;

    @BeforeEach
    void start() throws IOException {
        partner = new TestPartner(rules);
    }

    @AfterEach
    void stop() throws IOException {
        partner.close();
    }

    private BrokeredIdentityContext complete(
            PartnerOidcIdentityProvider provider, MultivaluedMap<String, String> params) {
        return new PartnerLogin(provider, partner.authSession).complete(params);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            query.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }

    private static void assertReason(Runnable login, String reason) {
        assertThatThrownBy(login::run)
                .isInstanceOfSatisfying(
                        PartnerLoginException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    @DisplayName(
            "given a public client, then the code is redeemed at the token endpoint with the broker's redirect URI, the PKCE verifier Keycloak kept and the client id, no secret; the identity comes from the ID token")
    void publicClientWithPkce() {
        Map<String, String> settings = partner.settings();
        settings.remove("clientSecret");
        settings.remove("clientAuthMethod");
        partner.clientNotes.put(TestPartner.PKCE_VERIFIER_NOTE, "verifier-of-this-login");
        partner.answerTokens(idToken(partner.startLogin()));

        BrokeredIdentityContext identity = complete(partner.provider(settings), params("code", "c-1", "state", "s"));

        assertThat(partner.tokenRequests).hasSize(1);
        assertThat(partner.tokenRequests.get(0))
                .containsEntry("grant_type", "authorization_code")
                .containsEntry("code", "c-1")
                .containsEntry("redirect_uri", TestPartner.REDIRECT_URI)
                .containsEntry("code_verifier", "verifier-of-this-login")
                .containsEntry("client_id", "rp")
                .doesNotContainKey("client_secret");
        assertThat(identity.getId()).isEqualTo("user-42");
        assertThat(identity.getBrokerUserId()).isEqualTo("partner.user-42");
        assertThat(identity.getUsername())
                .as("no preferred_username: the email")
                .isEqualTo("ann@partner.example");
        assertThat(identity.getEmail()).isEqualTo("ann@partner.example");
        assertThat(identity.getContextData().get(OIDCIdentityProvider.FEDERATED_ACCESS_TOKEN_RESPONSE))
                .isInstanceOfSatisfying(
                        AccessTokenResponse.class, r -> assertThat(r.getToken()).isEqualTo("at-1"));
    }

    @Test
    @DisplayName(
            "given the login URL the provider sent, then it asks for code with state, scope, nonce and PKCE S256, and the completion sends the verifier of that challenge and accepts the token bearing that nonce")
    void loginUrlAndCompletionAgree() {
        Map<String, String> settings = partner.settings();
        settings.remove("clientSecret");
        settings.remove("clientAuthMethod");
        settings.put("defaultScope", "openid profile");
        PartnerOidcIdentityProvider provider = partner.provider(settings);
        IdentityBrokerState state = mock(IdentityBrokerState.class);
        when(state.getEncoded()).thenReturn("state-1");

        Map<String, String> url = query(provider.createAuthorizationUrl(new AuthenticationRequest(
                        partner.session,
                        partner.realm,
                        partner.authSession,
                        null,
                        null,
                        state,
                        TestPartner.REDIRECT_URI))
                .build());

        assertThat(url)
                .containsEntry("response_type", "code")
                .containsEntry("scope", "openid profile")
                .containsEntry("state", "state-1")
                .containsEntry("client_id", "rp")
                .containsEntry("redirect_uri", TestPartner.REDIRECT_URI)
                .containsEntry("code_challenge_method", "S256")
                .containsKeys("nonce", "code_challenge")
                .doesNotContainKey("response_mode");

        partner.answerTokens(idToken(url.get("nonce")));
        assertThat(complete(provider, params("code", "c-1", "state", "state-1")).getId())
                .isEqualTo("user-42");
        Map<String, String> sent = partner.tokenRequests.get(0);
        assertThat(sent).containsKey("code_verifier");
        assertThat(TestPartner.s256(sent.get("code_verifier"))).isEqualTo(url.get("code_challenge"));
    }

    @Test
    @DisplayName(
            "given a confidential client with client_secret_post and no PKCE, then the token request carries the secret and no verifier")
    void confidentialClient() {
        partner.answerTokens(idToken(partner.startLogin()));

        complete(partner.provider(partner.settings()), params("code", "c-1", "state", "s"));

        assertThat(partner.tokenRequests.get(0))
                .containsEntry("client_id", "rp")
                .containsEntry("client_secret", TestPartner.SECRET)
                .doesNotContainKey("code_verifier");
    }

    @Test
    @DisplayName(
            "given a state whose login another provider started, then state_not_for_this_provider and the code is never redeemed")
    void stateOfAnotherProvider() {
        partner.authNotes.put(PartnerNonce.NOTE, "other-partner n-1");
        partner.answerTokens(idToken("n-1"));

        assertReason(
                () -> complete(partner.provider(partner.settings()), params("code", "c-1", "state", "s")),
                PartnerNonce.NOT_FOR_THIS_PROVIDER);
        assertThat(partner.tokenRequests).isEmpty();
    }

    @Test
    @DisplayName("given an answer completed once, then the same answer again is refused before any redemption")
    void answerServesOnce() {
        PartnerOidcIdentityProvider provider = partner.provider(partner.settings());
        partner.answerTokens(idToken(partner.startLogin()));
        complete(provider, params("code", "c-1", "state", "s"));

        assertReason(() -> complete(provider, params("code", "c-1", "state", "s")), PartnerNonce.NOT_FOR_THIS_PROVIDER);
        assertThat(partner.tokenRequests).hasSize(1);
    }

    @Test
    @DisplayName("given a code response without code, then missing_code and no token request")
    void missingCode() {
        partner.startLogin();
        assertReason(() -> complete(partner.provider(partner.settings()), params("state", "s")), "missing_code");
        assertThat(partner.tokenRequests).isEmpty();
    }

    @Test
    @DisplayName(
            "RFC 9207: an iss parameter naming another issuer is refused; when the metadata announces the parameter, an answer without it is refused; the right one passes")
    void issParameter() {
        partner.answerTokens(idToken(partner.startLogin()));
        assertReason(
                () -> complete(
                        partner.provider(partner.settings()),
                        params("code", "c-1", "state", "s", "iss", "https://evil.example")),
                "invalid_issuer");

        Map<String, String> settings = partner.settings();
        settings.remove("issuer");
        settings.remove("tokenUrl");
        settings.put("metadataDescriptorUrl", partner.url("/metadata"));
        partner.metadata = "{\"issuer\":\"" + TestPartner.ISSUER + "\",\"token_endpoint\":\"" + partner.url("/token")
                + "\",\"authorization_response_iss_parameter_supported\":true}";
        PartnerOidcIdentityProvider provider = partner.provider(settings);
        partner.startLogin();
        assertReason(() -> complete(provider, params("code", "c-1", "state", "s")), "missing_iss_parameter");
        assertThat(partner.tokenRequests).isEmpty();

        partner.answerTokens(idToken(partner.startLogin()));
        assertThat(complete(provider, params("code", "c-1", "state", "s", "iss", TestPartner.ISSUER))
                        .getId())
                .isEqualTo("user-42");
    }

    @Test
    @DisplayName("given an ID token with another nonce than the one this login sent, then invalid_nonce")
    void wrongNonce() {
        partner.startLogin();
        partner.answerTokens(idToken("a-nonce-of-another-login"));
        assertReason(
                () -> complete(partner.provider(partner.settings()), params("code", "c-1", "state", "s")),
                "invalid_nonce");
    }

    @Test
    @DisplayName(
            "given a token endpoint that refuses the code, answers without id_token, or answers no JSON, then token_request_failed, missing_id_token, token_request_failed")
    void tokenEndpointFailures() {
        PartnerOidcIdentityProvider provider = partner.provider(partner.settings());
        partner.startLogin();
        partner.tokenStatus = 400;
        partner.tokenBody = "{\"error\":\"invalid_grant\"}";
        assertReason(() -> complete(provider, params("code", "c-1", "state", "s")), "token_request_failed");

        partner.startLogin();
        partner.tokenStatus = 200;
        partner.tokenBody = "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\"}";
        assertReason(() -> complete(provider, params("code", "c-1", "state", "s")), "missing_id_token");

        partner.startLogin();
        partner.tokenBody = "<html>maintenance</html>";
        assertReason(() -> complete(provider, params("code", "c-1", "state", "s")), "token_request_failed");
    }

    @Test
    @DisplayName(
            "given a hybrid answer whose front-channel ID token names another subject than the token endpoint's, then id_token_mismatch")
    void hybridSubjectMismatch() {
        Map<String, String> settings = partner.settings();
        settings.put(PartnerOidcConfig.RESPONSE_TYPE, "code id_token");
        PartnerOidcIdentityProvider provider = partner.provider(settings);
        String nonce = partner.startLogin();
        String front = idToken(nonce, c -> c.subject("user-7").claim("c_hash", TestPartner.halfHash("c-1")));
        partner.answerTokens(idToken(nonce));

        assertReason(
                () -> complete(provider, params("code", "c-1", "id_token", front, "state", "s")), "id_token_mismatch");
    }

    @Test
    @DisplayName(
            "given a code response that also carries an id_token parameter, then that parameter is ignored, never validated")
    void strayIdTokenIgnored() {
        partner.answerTokens(idToken(partner.startLogin(), c -> c.claim("preferred_username", "ann")));

        BrokeredIdentityContext identity = complete(
                partner.provider(partner.settings()), params("code", "c-1", "id_token", "not-a-token", "state", "s"));

        assertThat(identity.getUsername()).isEqualTo("ann");
    }

    @Test
    @DisplayName(
            "given the implicit id_token type, then the front-channel token is the whole answer: nothing is redeemed, and a token-less answer is missing_id_token")
    void implicitIdToken() {
        Map<String, String> settings = partner.settings();
        settings.put(PartnerOidcConfig.RESPONSE_TYPE, "id_token");
        PartnerOidcIdentityProvider provider = partner.provider(settings);

        String token = idToken(partner.startLogin());
        BrokeredIdentityContext identity =
                complete(provider, params("id_token", token, "state", "s", "expires_in", "x"));

        assertThat(identity.getId()).isEqualTo("user-42");
        assertThat(identity.getContextData().get(OIDCIdentityProvider.FEDERATED_ACCESS_TOKEN_RESPONSE))
                .isInstanceOfSatisfying(AccessTokenResponse.class, r -> {
                    assertThat(r.getIdToken()).isEqualTo(token);
                    assertThat(r.getExpiresIn()).isZero();
                });
        assertThat(partner.tokenRequests).isEmpty();

        partner.startLogin();
        assertReason(() -> complete(provider, params("state", "s")), "missing_id_token");
    }
}
