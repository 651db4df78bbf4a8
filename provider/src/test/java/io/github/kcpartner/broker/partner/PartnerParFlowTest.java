package io.github.kcpartner.broker.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.github.kcpartner.broker.login.PartnerLoginException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.broker.provider.AuthenticationRequest;
import org.keycloak.broker.provider.util.IdentityBrokerState;

/**
 * The authorization request of a login with PAR, against a local partner: what is pushed (every
 * parameter, with the token request's client authentication), where the browser goes, and the
 * failures.
 */
final class PartnerParFlowTest {

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

    private Map<String, String> settingsWithPar(String mode) {
        Map<String, String> settings = partner.settings();
        settings.put("metadataDescriptorUrl", partner.url("/metadata"));
        settings.put("parMode", mode);
        settings.put("prompt", "login");
        settings.put("pkceEnabled", "true");
        partner.metadata = "{\"issuer\":\"" + TestPartner.ISSUER + "\",\"pushed_authorization_request_endpoint\":\""
                + partner.url("/par") + "\"}";
        return settings;
    }

    private URI login(Map<String, String> settings) {
        IdentityBrokerState state = mock(IdentityBrokerState.class);
        when(state.getEncoded()).thenReturn("state-1");
        return partner.provider(settings)
                .createAuthorizationUrl(new AuthenticationRequest(
                        partner.session,
                        partner.realm,
                        partner.authSession,
                        null,
                        null,
                        state,
                        TestPartner.REDIRECT_URI))
                .build();
    }

    @Test
    @DisplayName(
            "advertised: every authorization parameter is pushed with client_secret_post; the browser carries client_id and request_uri only")
    void pushesEverything() {
        URI browser = login(settingsWithPar("advertised"));

        assertThat(partner.parRequests).hasSize(1);
        assertThat(partner.parRequests.get(0))
                .containsEntry("response_type", "code")
                .containsEntry("scope", "openid")
                .containsEntry("state", "state-1")
                .containsEntry("client_id", "rp")
                .containsEntry("client_secret", TestPartner.SECRET)
                .containsEntry("redirect_uri", TestPartner.REDIRECT_URI)
                .containsEntry("prompt", "login")
                .containsEntry("code_challenge_method", "S256")
                .containsKeys("nonce", "code_challenge");
        assertThat(partner.parRequests.get(0).get("nonce"))
                .as("the nonce the callback will check")
                .isEqualTo(partner.authNotes.get(PartnerNonce.NOTE).split(" ")[1]);
        assertThat(browser.toString()).startsWith("https://op.example/authorize?");
        assertThat(PartnerPar.parameters(browser))
                .containsExactly(
                        Map.entry("client_id", "rp"),
                        Map.entry("request_uri", "urn:ietf:params:oauth:request_uri:r-1"));
        assertThat(partner.authNotes).containsEntry(PartnerPar.NOTE, "true");
    }

    @Test
    @DisplayName("client_secret_basic: the PAR request authenticates as the token request does, with the Basic header")
    void basicAuthentication() {
        Map<String, String> settings = settingsWithPar("required");
        settings.put("clientAuthMethod", "client_secret_basic");

        login(settings);

        assertThat(partner.parAuthorizations.get(0)).startsWith("Basic ");
        assertThat(partner.parRequests.get(0))
                .doesNotContainKey("client_secret")
                .containsEntry("client_id", "rp");
    }

    @Test
    @DisplayName("a public client pushes with its client_id and no secret")
    void publicClient() {
        Map<String, String> settings = settingsWithPar("advertised");
        settings.remove("clientSecret");
        settings.remove("clientAuthMethod");

        login(settings);

        assertThat(partner.parRequests.get(0))
                .containsEntry("client_id", "rp")
                .containsEntry("code_challenge_method", "S256")
                .doesNotContainKey("client_secret");
        assertThat(partner.parAuthorizations.get(0)).isEqualTo("null");
    }

    @Test
    @DisplayName("off: the request goes through the browser as before, nothing is pushed")
    void offSendsQuery() {
        URI browser = login(settingsWithPar("off"));

        assertThat(partner.parRequests).isEmpty();
        assertThat(PartnerPar.parameters(browser))
                .containsEntry("response_type", "code")
                .containsEntry("prompt", "login")
                .doesNotContainKey("request_uri");
        assertThat(partner.authNotes).doesNotContainKey(PartnerPar.NOTE);
    }

    @Test
    @DisplayName("the partner refuses the push: par_request_failed, and the message carries no secret")
    void refusedPush() {
        partner.parStatus = 401;
        partner.parBody = "{\"error\":\"invalid_client\"}";

        assertThatThrownBy(() -> login(settingsWithPar("advertised")))
                .isInstanceOfSatisfying(PartnerLoginException.class, e -> {
                    assertThat(e.reason()).isEqualTo("par_request_failed");
                    assertThat(e.getMessage()).contains("401").doesNotContain(TestPartner.SECRET);
                });
    }

    @Test
    @DisplayName("the PAR endpoint does not answer: par_request_failed, no secret in the message")
    void unreachable() {
        Map<String, String> settings = settingsWithPar("advertised");
        partner.metadata = "{\"issuer\":\"" + TestPartner.ISSUER
                + "\",\"pushed_authorization_request_endpoint\":\"http://127.0.0.1:1/par\"}";

        assertThatThrownBy(() -> login(settings)).isInstanceOfSatisfying(PartnerLoginException.class, e -> {
            assertThat(e.reason()).isEqualTo("par_request_failed");
            assertThat(e.getMessage()).doesNotContain(TestPartner.SECRET);
            assertThat(e.getCause()).isNull();
        });
    }

    @Test
    @DisplayName("required without the endpoint in the metadata: par_not_advertised before anything is sent")
    void requiredWithoutEndpoint() {
        Map<String, String> settings = settingsWithPar("required");
        partner.metadata = "{\"issuer\":\"" + TestPartner.ISSUER + "\"}";

        assertThatThrownBy(() -> login(settings))
                .isInstanceOfSatisfying(
                        PartnerLoginException.class, e -> assertThat(e.reason()).isEqualTo("par_not_advertised"));
        assertThat(partner.parRequests).isEmpty();
    }
}
