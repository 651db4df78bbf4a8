package io.github.kcpartner.jims.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RealmProvider;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;

/**
 * Who may see a realm's JIMS servers in the provider info: whatever cannot be established answers
 * "no". (That Keycloak's own evaluator then decides is shown by {@code JimsStorageIT}.)
 */
class RealmViewAccessTest {

    private final KeycloakSession session = mock(KeycloakSession.class);
    private final KeycloakContext context = mock(KeycloakContext.class);
    private final RealmModel master = mock(RealmModel.class);
    private final RealmModel corp = mock(RealmModel.class);
    private final AccessToken token = new AccessToken();

    RealmViewAccessTest() {
        when(session.getContext()).thenReturn(context);
        RealmProvider realms = mock(RealmProvider.class);
        when(session.realms()).thenReturn(realms);
        when(realms.getRealm("r1")).thenReturn(corp);
        when(master.getName()).thenReturn("master");
        when(context.getRealm()).thenReturn(master);
        when(master.getClientByClientId("admin-cli")).thenReturn(mock(ClientModel.class));
        when(context.getUser()).thenReturn(mock(UserModel.class));
        token.issuer("http://localhost:8080/realms/master");
        token.issuedFor("admin-cli");
    }

    @Test
    @DisplayName("given no admin token on the session (outside an admin request), then no realm may be viewed")
    void noToken() {
        assertThat(RealmViewAccess.mayView(session, "r1")).isFalse();
    }

    @Test
    @DisplayName("given a token issued by another realm than the request's, then no realm may be viewed")
    void tokenOfAnotherRealm() {
        token.issuer("http://localhost:8080/realms/corp");
        when(context.getBearerToken()).thenReturn(token);
        assertThat(RealmViewAccess.mayView(session, "r1")).isFalse();
    }

    @Test
    @DisplayName("given a token whose user, client or target realm is unknown, then no realm may be viewed")
    void unknownUserClientOrRealm() {
        when(context.getBearerToken()).thenReturn(token);
        assertThat(RealmViewAccess.mayView(session, "gone")).as("unknown realm").isFalse();
        token.issuedFor("unknown-client");
        assertThat(RealmViewAccess.mayView(session, "r1")).as("unknown client").isFalse();
        token.issuedFor("admin-cli");
        when(context.getUser()).thenReturn(null);
        assertThat(RealmViewAccess.mayView(session, "r1")).as("unknown user").isFalse();
    }

    @Test
    @DisplayName(
            "given a token Keycloak's evaluator cannot judge (a mocked session), then the answer is no, not an error")
    void evaluationFailsClosed() {
        when(context.getBearerToken()).thenReturn(token);
        assertThat(RealmViewAccess.mayView(session, "r1")).isFalse(); // mocks: the evaluator cannot work
    }
}
