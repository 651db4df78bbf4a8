package io.github.kcpartner.jims.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kcpartner.jims.flow.NetworkIdentitySettings.FailurePolicy;
import io.github.kcpartner.jims.flow.NetworkIdentitySettings.Mode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class NetworkIdentitySettingsTest {

    @Test
    void noConfigurationGivesTheDefaults() {
        NetworkIdentitySettings s = NetworkIdentitySettings.of((org.keycloak.models.AuthenticatorConfigModel) null);
        assertThat(s.mode()).isEqualTo(Mode.HINT);
        assertThat(s.component()).isEmpty();
        assertThat(s.ipQuery()).isTrue();
        assertThat(s.failurePolicy()).isEqualTo(FailurePolicy.SKIP);
        assertThat(s.maxAge()).isEqualTo(Duration.ofHours(8));
        assertThat(s.negate()).isFalse();
        assertThat(s.problems()).isEmpty();
        // auto signs nobody in until networks and groups are configured
        assertThat(s.trusted("127.0.0.1")).isFalse();
        assertThat(s.inGroups("corp", List.of("anyone"))).isFalse();
        // only private addresses are looked up, forwarded headers are believed from nobody
        assertThat(s.lookedUp("10.1.2.3")).isTrue();
        assertThat(s.lookedUp("192.168.0.1")).isTrue();
        assertThat(s.lookedUp("fd00::1")).isTrue();
        assertThat(s.lookedUp("8.8.8.8")).isFalse();
        assertThat(s.lookedUp("127.0.0.1")).isFalse();
        assertThat(s.trustedProxies()).isEmpty();
        assertThat(s.maxForwardedHops()).isEqualTo(10);
        assertThat(s.optOutGroup()).isEqualTo("no-network-sign-in");
        assertThat(s.attributeValue("CORP.example.com", "Alice")).isEqualTo("alice@corp.example.com");
    }

    @Test
    @org.junit.jupiter.api.DisplayName(
            "groups are domain-qualified: VPN-Users of another domain is another group, and a bare name is refused")
    void groupsNameTheirDomain() {
        NetworkIdentitySettings s = NetworkIdentitySettings.of(
                Map.of(NetworkIdentitySettings.GROUPS, "CORP\\VPN-Users##staff@lab.example"));
        assertThat(s.problems()).isEmpty();
        assertThat(s.inGroups("corp", List.of("vpn-users"))).isTrue();
        assertThat(s.inGroups("LAB", List.of("VPN-Users")))
                .as("same name, other domain")
                .isFalse();
        assertThat(s.inGroups("lab.example", List.of("Staff"))).isTrue();
        assertThat(s.inGroups("", List.of("vpn-users"))).as("no domain").isFalse();
        assertThat(NetworkIdentitySettings.of(Map.of(NetworkIdentitySettings.GROUPS, "VPN-Users"))
                        .problems())
                .singleElement()
                .asString()
                .contains("does not name its domain");
    }

    @Test
    void addressSettings() {
        NetworkIdentitySettings s = NetworkIdentitySettings.of(Map.of(
                NetworkIdentitySettings.TRUSTED_PROXIES, "127.0.0.2/32##10.0.0.0/8",
                NetworkIdentitySettings.LOOKUP_CIDRS, "127.0.0.0/8",
                NetworkIdentitySettings.MAX_HOPS, "3",
                NetworkIdentitySettings.ATTRIBUTE_FORM, "domain\\user",
                NetworkIdentitySettings.OPT_OUT_GROUP, "/staff/no-auto"));
        assertThat(s.problems()).isEmpty();
        assertThat(s.trustedProxies()).hasSize(2);
        assertThat(s.lookedUp("127.0.0.1")).isTrue();
        assertThat(s.lookedUp("10.0.0.1"))
                .as("the configured list replaces the default")
                .isFalse();
        assertThat(s.maxForwardedHops()).isEqualTo(3);
        assertThat(s.attributeValue("CORP", "Alice")).isEqualTo("corp\\alice");
        assertThat(s.optOutGroup()).isEqualTo("/staff/no-auto");
        assertThat(NetworkIdentitySettings.of(Map.of(
                                NetworkIdentitySettings.TRUSTED_PROXIES, "proxy.example",
                                NetworkIdentitySettings.MAX_HOPS, "0",
                                NetworkIdentitySettings.ATTRIBUTE_FORM, "user"))
                        .problems())
                .hasSize(3);
    }

    @Test
    void parsesEverySetting() {
        NetworkIdentitySettings s = NetworkIdentitySettings.of(Map.of(
                NetworkIdentitySettings.MODE, "AUTO",
                NetworkIdentitySettings.COMPONENT, " jims ",
                NetworkIdentitySettings.IP_QUERY, "false",
                NetworkIdentitySettings.DOMAIN_IDPS, "CORP.example.com=partner##other.example=other-idp",
                NetworkIdentitySettings.TRUSTED_CIDRS, "10.0.0.0/8##2001:db8::/32",
                NetworkIdentitySettings.MAX_AGE, "60",
                NetworkIdentitySettings.GROUPS, "corp.example.com\\VPN-Users##corp.example.com\\staff",
                NetworkIdentitySettings.FAILURE_POLICY, "deny",
                NetworkIdentitySettings.USER_ATTRIBUTE, "upn",
                NetworkIdentitySettings.NEGATE, "true"));
        assertThat(s.problems()).isEmpty();
        assertThat(s.mode()).isEqualTo(Mode.AUTO);
        assertThat(s.component()).isEqualTo("jims");
        assertThat(s.ipQuery()).isFalse();
        assertThat(s.idpFor("corp.EXAMPLE.com")).isEqualTo("partner");
        assertThat(s.idpFor("unknown.example")).isNull();
        assertThat(s.idpFor(null)).isNull();
        assertThat(s.trusted("10.1.2.3")).isTrue();
        assertThat(s.trusted("2001:db8::1")).isTrue();
        assertThat(s.trusted("11.0.0.1")).isFalse();
        assertThat(s.trusted("not-an-ip")).isFalse();
        assertThat(s.maxAge()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.inGroups("corp.example.com", List.of("vpn-users"))).isTrue();
        assertThat(s.inGroups("corp.example.com", List.of("admins"))).isFalse();
        assertThat(s.failurePolicy()).isEqualTo(FailurePolicy.DENY);
        assertThat(s.userAttribute()).isEqualTo("upn");
        assertThat(s.negate()).isTrue();
    }

    @Test
    void badValuesAreReportedAndFallBackSafely() {
        NetworkIdentitySettings s = NetworkIdentitySettings.of(Map.of(
                NetworkIdentitySettings.MODE, "magic",
                NetworkIdentitySettings.DOMAIN_IDPS, "corp.example.com",
                NetworkIdentitySettings.TRUSTED_CIDRS, "10.0.0.0/33##0.0.0.0/0",
                NetworkIdentitySettings.MAX_AGE, "soon",
                NetworkIdentitySettings.FAILURE_POLICY, "maybe"));
        assertThat(s.problems())
                .hasSize(5)
                .anySatisfy(p -> assertThat(p).contains("mode \"magic\""))
                .anySatisfy(p -> assertThat(p).contains("not domain=alias"))
                .anySatisfy(p -> assertThat(p).contains("10.0.0.0/33"))
                .anySatisfy(p -> assertThat(p).contains("\"soon\""))
                .anySatisfy(p -> assertThat(p).contains("failure policy \"maybe\""));
        assertThat(s.mode()).isEqualTo(Mode.HINT);
        assertThat(s.failurePolicy()).isEqualTo(FailurePolicy.SKIP);
        assertThat(s.idpFor("corp.example.com")).isNull();
        assertThat(NetworkIdentitySettings.of(Map.of(NetworkIdentitySettings.MAX_AGE, "0"))
                        .problems())
                .singleElement()
                .asString()
                .contains("at least 1 second");
    }

    @Test
    void hintFormNamesTheUser() {
        assertThat(NetworkIdentitySettings.of(Map.of()).hint("corp", "alice", "corp\\alice"))
                .isEqualTo("corp\\alice");
        assertThat(NetworkIdentitySettings.of(Map.of(NetworkIdentitySettings.HINT_FORM, "user"))
                        .hint("corp", "alice", "x"))
                .isEqualTo("alice");
        assertThat(NetworkIdentitySettings.of(Map.of(NetworkIdentitySettings.HINT_FORM, "user@domain"))
                        .hint("corp", "alice", "x"))
                .isEqualTo("alice@corp");
        assertThat(NetworkIdentitySettings.of(Map.of(NetworkIdentitySettings.HINT_FORM, "domain\\user"))
                        .hint("corp", "alice", "x"))
                .isEqualTo("corp\\alice");
        assertThat(NetworkIdentitySettings.of(Map.of(NetworkIdentitySettings.HINT_FORM, "user@domain"))
                        .hint("", "alice", "x"))
                .isEqualTo("alice");
        assertThat(NetworkIdentitySettings.of(Map.of(NetworkIdentitySettings.HINT_FORM, "upn"))
                        .problems())
                .singleElement()
                .asString()
                .contains("login hint form \"upn\"");
    }

    @Test
    void formsUseOurMessageKeys() throws java.io.IOException {
        java.util.Properties en = new java.util.Properties();
        try (var in =
                NetworkIdentitySettings.class.getResourceAsStream("/theme-resources/messages/messages_en.properties")) {
            en.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        for (var p : Stream.of(
                        NetworkIdentitySettings.networkIdentityProperties(),
                        NetworkIdentitySettings.conditionProperties(),
                        NetworkIdentitySettings.passwordFormProperties())
                .flatMap(List::stream)
                .toList()) {
            assertThat(en).as(p.getName()).containsKeys(p.getLabel(), p.getHelpText());
        }
        assertThat(NetworkIdentitySettings.networkIdentityProperties())
                .extracting(p -> p.getLabel())
                .allMatch(l -> l.startsWith("jimsNetwork."));
        assertThat(NetworkIdentitySettings.conditionProperties())
                .extracting(p -> p.getName())
                .containsExactly(
                        NetworkIdentitySettings.COMPONENT,
                        NetworkIdentitySettings.IP_QUERY,
                        NetworkIdentitySettings.USER_ATTRIBUTE,
                        NetworkIdentitySettings.ATTRIBUTE_FORM,
                        NetworkIdentitySettings.LOOKUP_CIDRS,
                        NetworkIdentitySettings.TRUSTED_PROXIES,
                        NetworkIdentitySettings.MAX_HOPS,
                        NetworkIdentitySettings.NEGATE,
                        NetworkIdentitySettings.FAILURE_POLICY);
        assertThat(NetworkIdentitySettings.passwordFormProperties())
                .extracting(p -> p.getName())
                .containsExactly(
                        NetworkIdentitySettings.COMPONENT,
                        NetworkIdentitySettings.IP_QUERY,
                        NetworkIdentitySettings.USER_ATTRIBUTE,
                        NetworkIdentitySettings.ATTRIBUTE_FORM,
                        NetworkIdentitySettings.LOOKUP_CIDRS,
                        NetworkIdentitySettings.TRUSTED_PROXIES,
                        NetworkIdentitySettings.MAX_HOPS);
        assertThat(NetworkIdentitySettings.passwordFormProperties())
                .extracting(p -> p.getLabel())
                .allMatch(l -> l.startsWith("jimsNetwork."));
    }
}
