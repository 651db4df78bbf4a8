package io.github.kcpartner.protocol.mappers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kcpartner.broker.partner.PartnerSessionClaims;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.protocol.ProtocolMapperConfigException;
import org.keycloak.representations.IDToken;

class PartnerClaimsMapperTest {

    private static final PartnerSessionClaims.Claims CLAIMS = new PartnerSessionClaims.Claims(
            "partner",
            Map.of("sub", "alice", "email", "id@partner.example", "name", "Alice"),
            Map.of("email", "info@partner.example", "groups", List.of("a", "b"), "org", Map.of("dept", "eng")));

    @Test
    @DisplayName(
            "given source both, then userinfo wins, the ID token fills in, lists stay lists and absent claims are left out")
    void both() {
        IDToken token = new IDToken();
        PartnerClaimsMapper.copy(token, model("email##groups##org##name##missing", "both", "partner_"), CLAIMS);

        assertThat(token.getOtherClaims())
                .containsEntry("partner_email", "info@partner.example")
                .containsEntry("partner_groups", List.of("a", "b"))
                .containsEntry("partner_org", Map.of("dept", "eng"))
                .containsEntry("partner_name", "Alice")
                .doesNotContainKey("partner_missing");
    }

    @Test
    @DisplayName(
            "given source idToken and a dotted prefix, then only ID token claims are copied, nested under the prefix")
    void idTokenNested() {
        IDToken token = new IDToken();
        PartnerClaimsMapper.copy(token, model("email, groups", "idToken", "partner."), CLAIMS);

        assertThat(token.getOtherClaims()).containsOnlyKeys("partner");
        assertThat(token.getOtherClaims().get("partner")).isEqualTo(Map.of("email", "id@partner.example"));
    }

    @Test
    @DisplayName("given no claim names or an unknown source, then the mapper is refused")
    void refused() {
        PartnerClaimsMapper mapper = new PartnerClaimsMapper();
        assertThatThrownBy(() -> mapper.validateConfig(null, null, null, model("", "both", "")))
                .isInstanceOf(ProtocolMapperConfigException.class)
                .hasMessage("partnerClaimsMapper.error.noClaims");
        assertThatThrownBy(() -> mapper.validateConfig(null, null, null, model("email", "ldap", "")))
                .isInstanceOf(ProtocolMapperConfigException.class)
                .hasMessage("partnerClaimsMapper.error.source");
    }

    @Test
    @DisplayName(
            "given reserved claim names (sub, aud, acr, realm_access.roles, ...), then the save is refused and nothing is copied")
    void reservedClaims() {
        PartnerClaimsMapper mapper = new PartnerClaimsMapper();
        for (String name :
                List.of("sub", "aud", "acr", "auth_time", "nonce", "realm_access.roles", "resource_access")) {
            assertThatThrownBy(() -> mapper.validateConfig(null, null, null, model(name, "both", "")))
                    .isInstanceOf(ProtocolMapperConfigException.class)
                    .hasMessage(PartnerClaimsMapper.RESERVED_ERROR);
        }
        assertThatThrownBy(() -> mapper.validateConfig(null, null, null, model("roles", "both", "realm_access.")))
                .hasMessage(PartnerClaimsMapper.RESERVED_ERROR);
        IDToken token = new IDToken();
        token.setSubject("keycloak-user");
        PartnerClaimsMapper.copy(token, model("sub##email", "idToken", ""), CLAIMS);
        assertThat(token.getSubject()).isEqualTo("keycloak-user");
        assertThat(token.getOtherClaims()).containsOnlyKeys("email");
        assertThat(PartnerTokenMapper.isReserved("partner.sub")).isFalse();
        assertThat(PartnerTokenMapper.isReserved("iss\\.x"))
                .as("an escaped dot is part of the name")
                .isFalse();
    }

    @Test
    @DisplayName("the JIMS identity goes into a token only when JIMS names the token's own user")
    void jimsSameUser() {
        org.keycloak.models.UserSessionModel session =
                org.mockito.Mockito.mock(org.keycloak.models.UserSessionModel.class);
        org.keycloak.models.UserModel user = org.mockito.Mockito.mock(org.keycloak.models.UserModel.class);
        org.mockito.Mockito.when(session.getUser()).thenReturn(user);
        org.mockito.Mockito.when(user.getUsername()).thenReturn("corp\\alice");
        assertThat(JimsIdentityMapper.isTokenUser(Map.of("username", "CORP\\alice"), session))
                .isTrue();
        assertThat(JimsIdentityMapper.isTokenUser(Map.of("username", "corp\\bob"), session))
                .isFalse();
        assertThat(JimsIdentityMapper.isTokenUser(Map.of("ip", "10.0.0.1"), session))
                .as("a device-only entry")
                .isFalse();
    }

    private static ProtocolMapperModel model(String names, String source, String prefix) {
        ProtocolMapperModel model = new ProtocolMapperModel();
        Map<String, String> config = new HashMap<>();
        config.put(PartnerClaimsMapper.CLAIM_NAMES, names);
        config.put(PartnerClaimsMapper.SOURCE, source);
        config.put(PartnerClaimsMapper.PREFIX, prefix);
        model.setConfig(config);
        return model;
    }
}
