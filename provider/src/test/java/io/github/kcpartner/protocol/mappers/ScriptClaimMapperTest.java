package io.github.kcpartner.protocol.mappers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.models.UserModel;
import org.keycloak.representations.IDToken;

class ScriptClaimMapperTest {

    @Test
    @DisplayName("given a local user, then the rule's identity holds its names and attributes as plain values")
    void identityOfUser() {
        UserModel user = mock(UserModel.class);
        when(user.getId()).thenReturn("u-1");
        when(user.getUsername()).thenReturn("alice");
        when(user.getEmail()).thenReturn("alice@example.org");
        when(user.getFirstName()).thenReturn("Alice");
        when(user.getLastName()).thenReturn("Anderson");
        when(user.getAttributes()).thenReturn(Map.of("department", List.of("eng")));

        Map<String, Object> identity = ScriptClaimMapper.identity(user);

        assertThat(identity)
                .containsEntry("username", "alice")
                .containsEntry("email", "alice@example.org")
                .containsEntry("firstName", "Alice")
                .containsEntry("lastName", "Anderson")
                .containsEntry("attributes", Map.of("department", List.of("eng")));
        assertThat(ScriptClaimMapper.identity(null)).isEmpty();
    }

    @Test
    @DisplayName("given claim values of every kind, then they are written with their JSON types; a dotted name nests")
    void claimKinds() {
        IDToken token = new IDToken();
        PartnerTokenMapper.putClaim(token, "a.b", "x");
        PartnerTokenMapper.putClaim(token, "n", 3L);
        PartnerTokenMapper.putClaim(token, "list", List.of("p", "q"));
        PartnerTokenMapper.putClaim(token, "none", null);

        assertThat(token.getOtherClaims())
                .containsEntry("a", Map.of("b", "x"))
                .containsEntry("n", 3L)
                .containsEntry("list", List.of("p", "q"))
                .doesNotContainKey("none");
    }
}
