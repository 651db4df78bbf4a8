package io.github.kcpartner.broker.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.models.UserSessionModel;

class PartnerSessionClaimsTest {

    @Test
    @DisplayName("given ID token and userinfo claims, then the session note gives them back with their types")
    void roundTrip() {
        String json = PartnerSessionClaims.encode(
                Map.of("sub", "alice", "auth_time", 1700000000),
                Map.of("groups", List.of("a", "b"), "org", Map.of("dept", "eng")));
        UserSessionModel session = mock(UserSessionModel.class);
        when(session.getNote(PartnerSessionClaims.NOTE)).thenReturn(json);
        when(session.getNote(PartnerSessionClaims.ALIAS_NOTE)).thenReturn("partner");

        PartnerSessionClaims.Claims claims = PartnerSessionClaims.read(session).orElseThrow();

        assertThat(claims.alias()).isEqualTo("partner");
        assertThat(claims.idToken()).containsEntry("sub", "alice").containsEntry("auth_time", 1700000000);
        assertThat(claims.userinfo())
                .containsEntry("groups", List.of("a", "b"))
                .containsEntry("org", Map.of("dept", "eng"));
    }

    @Test
    @DisplayName("given claims over the size cap, then nothing is kept; a session without the note gives nothing")
    void capAndAbsence() {
        assertThat(PartnerSessionClaims.encode(Map.of("big", "x".repeat(PartnerSessionClaims.MAX_CHARS)), null))
                .isNull();
        assertThat(PartnerSessionClaims.encode(null, null)).isEqualTo("{\"idToken\":{},\"userinfo\":{}}");
        assertThat(PartnerSessionClaims.read(mock(UserSessionModel.class))).isEmpty();
        assertThat(PartnerSessionClaims.decode("p", "{not json")).isEmpty();
    }
}
