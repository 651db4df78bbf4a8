package io.github.kcpartner.jims.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kcpartner.jims.client.IdentityRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The decisions of {@code auto} that need no Keycloak: what an entry must be before anyone is signed in. */
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
            "corp.example.com\\vpn-users",
            NetworkIdentitySettings.MAX_AGE,
            "3600"));

    static NetworkLookup.Result found(String user, List<String> groups, Instant at, boolean plainHttp) {
        IdentityRecord r =
                new IdentityRecord("10.1.1.1", true, "corp.example.com", user, groups, "", List.of(), "", "ad", at);
        return new NetworkLookup.Result(
                NetworkLookup.Outcome.FOUND, r, "corp.example.com\\" + user, null, "jims-1", plainHttp);
    }

    private static NetworkLookup.Result found(String user, List<String> groups, Instant at) {
        return found(user, groups, at, false);
    }

    @Test
    void autoSignsInOnlyRecentMembers() {
        assertThat(AUTHENTICATOR.autoRefusal(AUTO, found("alice", List.of("VPN-Users"), NOW.minusSeconds(3600))))
                .isNull();
        assertThat(AUTHENTICATOR.autoRefusal(AUTO, found("alice", List.of("vpn-users"), NOW.minusSeconds(3601))))
                .isEqualTo("entry_too_old");
        assertThat(AUTHENTICATOR.autoRefusal(AUTO, found("alice", List.of("staff"), NOW)))
                .isEqualTo("not_in_groups");
    }

    @Test
    @DisplayName("a JIMS timestamp more than 60 s ahead is entry_invalid; up to 60 s of clock skew is accepted")
    void futureTimestampsAreInvalid() {
        assertThat(AUTHENTICATOR.autoRefusal(AUTO, found("alice", List.of("vpn-users"), NOW.plusSeconds(61))))
                .isEqualTo("entry_invalid");
        assertThat(AUTHENTICATOR.autoRefusal(AUTO, found("alice", List.of("vpn-users"), NOW.plusSeconds(3600 * 24))))
                .as("a day ahead would pass any maximum age")
                .isEqualTo("entry_invalid");
        assertThat(AUTHENTICATOR.autoRefusal(AUTO, found("alice", List.of("vpn-users"), NOW.plusSeconds(60))))
                .isNull();
    }

    @Test
    @DisplayName("a federation with a server over plain http never signs anyone in: insecure_transport")
    void plainHttpIsRefused() {
        assertThat(AUTHENTICATOR.autoRefusal(AUTO, found("alice", List.of("vpn-users"), NOW, true)))
                .isEqualTo("insecure_transport");
    }
}
