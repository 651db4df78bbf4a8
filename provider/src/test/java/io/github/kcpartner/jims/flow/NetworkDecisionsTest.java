package io.github.kcpartner.jims.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.github.kcpartner.jims.client.IdentityRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.keycloak.models.UserModel;

/** The decisions of the two steps that need no Keycloak: auto's refusals and the condition's match. */
class NetworkDecisionsTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final NetworkIdentityAuthenticator AUTHENTICATOR = new NetworkIdentityAuthenticator(
            new NetworkOutcomes(new SimpleMeterRegistry()),
            new MisconfigurationLog(),
            Clock.fixed(NOW, ZoneOffset.UTC));
    private static final NetworkIdentitySettings AUTO = NetworkIdentitySettings.of(Map.of(
            NetworkIdentitySettings.MODE,
            "auto",
            NetworkIdentitySettings.TRUSTED_CIDRS,
            "10.0.0.0/8",
            NetworkIdentitySettings.GROUPS,
            "vpn-users",
            NetworkIdentitySettings.MAX_AGE,
            "3600"));

    private static NetworkLookup.Result found(String user, List<String> groups, Instant at) {
        IdentityRecord r =
                new IdentityRecord("10.1.1.1", true, "corp.example.com", user, groups, "", List.of(), "", "ad", at);
        return new NetworkLookup.Result(NetworkLookup.Outcome.FOUND, r, user, null);
    }

    @Test
    void autoSignsInOnlyTrustedRecentMembers() {
        assertThat(AUTHENTICATOR.autoRefusal(
                        AUTO, found("alice", List.of("VPN-Users"), NOW.minusSeconds(3600)), "10.1.1.1"))
                .isNull();
        assertThat(AUTHENTICATOR.autoRefusal(AUTO, found("alice", List.of("vpn-users"), NOW), "192.168.1.1"))
                .isEqualTo("untrusted_network");
        assertThat(AUTHENTICATOR.autoRefusal(
                        AUTO, found("alice", List.of("vpn-users"), NOW.minusSeconds(3601)), "10.1.1.1"))
                .isEqualTo("entry_too_old");
        assertThat(AUTHENTICATOR.autoRefusal(AUTO, found("alice", List.of("staff"), NOW), "10.1.1.1"))
                .isEqualTo("not_in_groups");
    }

    @Test
    void conditionComparesTheUsernameByDefault() {
        NetworkIdentitySettings byName = NetworkIdentitySettings.of(Map.of());
        assertThat(UserMatchesNetworkCondition.matches(byName, user("Alice", Map.of()), found("alice", List.of(), NOW)))
                .isTrue();
        assertThat(UserMatchesNetworkCondition.matches(byName, user("bob", Map.of()), found("alice", List.of(), NOW)))
                .isFalse();
    }

    @Test
    void conditionComparesAnAttributeInEveryForm() {
        NetworkIdentitySettings byUpn =
                NetworkIdentitySettings.of(Map.of(NetworkIdentitySettings.USER_ATTRIBUTE, "upn"));
        NetworkLookup.Result alice = found("alice", List.of(), NOW);
        for (String value : List.of("alice", "ALICE@corp.example.com", "corp.example.com\\alice")) {
            assertThat(UserMatchesNetworkCondition.matches(byUpn, user("someone", Map.of("upn", value)), alice))
                    .as(value)
                    .isTrue();
        }
        assertThat(UserMatchesNetworkCondition.matches(
                        byUpn, user("alice", Map.of("upn", "alice@other.example")), alice))
                .isFalse();
        assertThat(UserMatchesNetworkCondition.matches(byUpn, user("alice", Map.of()), alice))
                .as("with an attribute configured, the username alone does not match")
                .isFalse();
    }

    private static UserModel user(String username, Map<String, String> attributes) {
        UserModel user = mock(UserModel.class);
        when(user.getUsername()).thenReturn(username);
        when(user.getAttributeStream(org.mockito.ArgumentMatchers.anyString()))
                .thenAnswer(i -> attributes.containsKey(i.getArgument(0, String.class))
                        ? Stream.of(attributes.get(i.getArgument(0, String.class)))
                        : Stream.empty());
        return user;
    }
}
