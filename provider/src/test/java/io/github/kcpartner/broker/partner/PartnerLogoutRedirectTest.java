package io.github.kcpartner.broker.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.models.UserSessionModel;

/** RP-initiated logout at the partner: what Keycloak's logout redirect is given. */
class PartnerLogoutRedirectTest {

    @TempDir
    Path rules;

    private TestPartner partner;
    private final UserSessionModel userSession = mock(UserSessionModel.class);

    @BeforeEach
    void start() throws IOException {
        partner = new TestPartner(rules);
    }

    @AfterEach
    void stop() throws IOException {
        partner.close();
    }

    private PartnerOidcIdentityProvider provider(String metadata) {
        partner.metadata = metadata;
        Map<String, String> settings = partner.settings();
        settings.put("metadataDescriptorUrl", partner.url("/metadata"));
        return partner.provider(settings);
    }

    private void idToken(String token) {
        when(userSession.getNote(OIDCIdentityProvider.FEDERATED_ID_TOKEN)).thenReturn(token);
    }

    @Test
    @DisplayName(
            "Given end_session_endpoint in the metadata and a signed ID token, then end-session URL, id_token_hint and client_id")
    void signedIdToken() {
        idToken(TestPartner.idToken("n-1"));
        PartnerOidcIdentityProvider provider = provider(
                "{\"issuer\":\"" + TestPartner.ISSUER + "\",\"end_session_endpoint\":\"https://op.example/logout\"}");
        assertThat(provider.prepareLogout(partner.session, userSession)).isTrue();
        assertThat(provider.partnerConfig().getLogoutUrl()).isEqualTo("https://op.example/logout");
        assertThat(provider.partnerConfig().isSendIdTokenOnLogout()).isTrue();
        assertThat(provider.partnerConfig().isSendClientIdOnLogout()).isTrue();
    }

    @Test
    @DisplayName("Given an encrypted ID token, then no id_token_hint, client_id only")
    void encryptedIdToken() {
        idToken("h.k.iv.c.t");
        PartnerOidcIdentityProvider provider = provider(
                "{\"issuer\":\"" + TestPartner.ISSUER + "\",\"end_session_endpoint\":\"https://op.example/logout\"}");
        assertThat(provider.prepareLogout(partner.session, userSession)).isTrue();
        assertThat(provider.partnerConfig().isSendIdTokenOnLogout()).isFalse();
        assertThat(provider.partnerConfig().isSendClientIdOnLogout()).isTrue();
    }

    @Test
    @DisplayName("Given a configured logout URL, then it wins over the metadata")
    void configuredLogoutUrl() {
        idToken(TestPartner.idToken("n-1"));
        partner.metadata = "{\"end_session_endpoint\":\"https://op.example/logout\"}";
        Map<String, String> settings = partner.settings();
        settings.put("metadataDescriptorUrl", partner.url("/metadata"));
        settings.put("logoutUrl", "https://op.example/admin-set-logout");
        PartnerOidcIdentityProvider provider = partner.provider(settings);
        assertThat(provider.prepareLogout(partner.session, userSession)).isTrue();
        assertThat(provider.partnerConfig().getLogoutUrl()).isEqualTo("https://op.example/admin-set-logout");
    }

    @Test
    @DisplayName(
            "Given no end_session_endpoint, unavailable metadata, or an incompatible Keycloak, then no partner logout")
    void noPartnerLogout() {
        assertThat(provider("{\"issuer\":\"" + TestPartner.ISSUER + "\"}").prepareLogout(partner.session, userSession))
                .isFalse();
        assertThat(provider(null).prepareLogout(partner.session, userSession)).isFalse();
        PartnerOidcIdentityProvider incompatible =
                partner.provider(partner.settings(), KeycloakCompatibility.of(List.of("x")));
        assertThat(incompatible.keycloakInitiatedBrowserLogout(partner.session, userSession, null, partner.realm))
                .isNull();
    }
}
