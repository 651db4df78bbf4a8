package io.github.kcpartner.broker.mapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.github.kcpartner.broker.login.PartnerLoginException;
import io.github.kcpartner.broker.partner.PartnerIdentity;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.IdentityProviderSyncMode;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;
import org.keycloak.provider.ProviderConfigProperty;

class PartnerAttributeMapperTest {

    private final PartnerAttributeMapper mapper = new PartnerAttributeMapper();
    private final KeycloakSession session = mock(KeycloakSession.class);
    private final RealmModel realm = mock(RealmModel.class);
    private final UserProvider users = mock(UserProvider.class);

    PartnerAttributeMapperTest() {
        when(session.users()).thenReturn(users);
        org.keycloak.vault.VaultTranscriber vault = mock(org.keycloak.vault.VaultTranscriber.class);
        when(vault.getStringSecret(any()))
                .thenAnswer(call -> org.keycloak.vault.DefaultVaultStringSecret.forString(
                        "${vault.ldap}".equals(call.getArgument(0))
                                ? java.util.Optional.of("very-secret-42")
                                : java.util.Optional.empty()));
        when(session.vault()).thenReturn(vault);
    }

    private static IdentityProviderMapperModel model(String syncMode, Map<String, String> config) {
        IdentityProviderMapperModel model = new IdentityProviderMapperModel();
        model.setId("m-1");
        model.setName("test-mapper");
        model.setIdentityProviderAlias("partner");
        Map<String, String> all = new HashMap<>(config);
        all.put("syncMode", syncMode);
        model.setConfig(all);
        return model;
    }

    private static BrokeredIdentityContext context() {
        IdentityProviderModel idp = new IdentityProviderModel();
        idp.setAlias("partner");
        idp.setEnabled(true);
        idp.setSyncMode(IdentityProviderSyncMode.IMPORT);
        BrokeredIdentityContext context = new BrokeredIdentityContext("alice", idp);
        context.setUsername("alice");
        context.setEmail("alice@partner.example");
        context.getContextData()
                .put(
                        PartnerIdentity.ID_TOKEN_CLAIMS,
                        Map.of("address", Map.of("country", "US"), "groups", List.of("a", "b")));
        return context;
    }

    private static Map<String, String> unreachableLdap() {
        return Map.of(
                "attributeName",
                "dept",
                "sourceType",
                "ldap",
                "ldapUrl",
                "ldap://127.0.0.1:1",
                "ldapAllowPlain",
                "true",
                "ldapBindDn",
                "cn=x",
                "ldapBindCredential",
                "${vault.ldap}",
                "ldapSearchBase",
                "dc=x",
                "ldapFilter",
                "(mail=${identity.email})",
                "ldapAttribute",
                "ou",
                "ldapConnectTimeout",
                "500");
    }

    @Test
    @DisplayName("given a nested array claim, then the brokered identity carries all values and a new user gets them")
    void credentialValues() {
        BrokeredIdentityContext context = context();
        IdentityProviderMapperModel model = model(
                "INHERIT",
                Map.of(
                        "attributeName",
                        "partnerGroups",
                        "sourceType",
                        "credential",
                        "credentialSource",
                        "idToken",
                        "claimPath",
                        "groups"));
        mapper.preprocessFederatedIdentity(session, realm, model, context);
        assertThat(context.getAttributes().get("partnerGroups")).containsExactly("a", "b");

        UserModel user = mock(UserModel.class);
        when(user.getAttributeStream("partnerGroups")).thenReturn(Stream.empty());
        mapper.importNewUser(session, realm, user, model, context);
        verify(user).setAttribute("partnerGroups", List.of("a", "b"));
    }

    @Test
    @DisplayName("given the target firstName, then the brokered first name is set, not an attribute")
    void userField() {
        BrokeredIdentityContext context = context();
        mapper.preprocessFederatedIdentity(
                session,
                realm,
                model("INHERIT", Map.of("attributeName", "firstName", "sourceType", "fixed", "fixedValue", "Al")),
                context);
        assertThat(context.getFirstName()).isEqualTo("Al");
        assertThat(context.getAttributes()).doesNotContainKey("firstName");
    }

    @Test
    @DisplayName(
            "given an unreachable LDAP server, then the login fails with our reason and no credential in the message")
    void ldapFailure() {
        BrokeredIdentityContext context = context();
        assertThatThrownBy(() ->
                        mapper.preprocessFederatedIdentity(session, realm, model("FORCE", unreachableLdap()), context))
                .isInstanceOfSatisfying(PartnerLoginException.class, e -> {
                    assertThat(e.reason()).isEqualTo("attribute_mapping_failed");
                    assertThat(io.github.kcpartner.broker.login.LoginFailurePage.Kind.of(e.reason()))
                            .isEqualTo(io.github.kcpartner.broker.login.LoginFailurePage.Kind.ATTRIBUTES);
                    assertThat(e.getMessage()).doesNotContain("very-secret-42");
                });
        assertThat(context.getAttributes()).doesNotContainKey("dept");
    }

    @Test
    @DisplayName("given sync mode IMPORT and a user already linked, then the source is not consulted")
    void importSkipsKnownUsers() {
        when(users.getUserByFederatedIdentity(any(), any())).thenReturn(mock(UserModel.class));
        BrokeredIdentityContext context = context();
        IdentityProviderMapperModel model = model("INHERIT", unreachableLdap());
        mapper.preprocessFederatedIdentity(session, realm, model, context);
        UserModel user = mock(UserModel.class);
        mapper.updateBrokeredUser(session, realm, user, model, context);
        verify(user, never()).setAttribute(any(), any());
        verify(user, never()).removeAttribute(any());
    }

    @Test
    @DisplayName(
            "given a plain bind credential, then it is never used: attribute_mapping_config_invalid, credential nowhere")
    void plainBindCredential() {
        Map<String, String> config = new HashMap<>(unreachableLdap());
        config.put("ldapBindCredential", "very-secret-42");
        assertThatThrownBy(() -> mapper.preprocessFederatedIdentity(session, realm, model("FORCE", config), context()))
                .isInstanceOfSatisfying(PartnerLoginException.class, e -> {
                    assertThat(e.reason()).isEqualTo("attribute_mapping_config_invalid");
                    assertThat(e.getMessage())
                            .contains("ldapBindCredentialNeedsVault")
                            .doesNotContain("very-secret-42");
                });
    }

    @Test
    @DisplayName("given a broken configuration, then the login fails with reason attribute_mapping_config_invalid")
    void brokenConfig() {
        assertThatThrownBy(() -> mapper.preprocessFederatedIdentity(
                        session, realm, model("INHERIT", Map.of("sourceType", "fixed", "fixedValue", "x")), context()))
                .isInstanceOfSatisfying(
                        PartnerLoginException.class,
                        e -> assertThat(e.reason()).isEqualTo("attribute_mapping_config_invalid"));
    }

    @Test
    @DisplayName("given FORCE and a source without value now, then the attribute is removed from the user")
    void forceRemovesVanishedValue() {
        BrokeredIdentityContext context = context();
        IdentityProviderMapperModel model = model(
                "FORCE", Map.of("attributeName", "country", "sourceType", "credential", "claimPath", "address.region"));
        mapper.preprocessFederatedIdentity(session, realm, model, context);
        UserModel user = mock(UserModel.class);
        when(user.getAttributeStream("country")).thenReturn(Stream.of("US"));
        mapper.updateBrokeredUser(session, realm, user, model, context);
        verify(user).removeAttribute("country");
    }

    @Test
    @DisplayName("the mapper is offered for partner-oidc only and supports every sync mode")
    void metadata() {
        assertThat(mapper.getId()).isEqualTo("partner-oidc-attribute-mapper");
        assertThat(mapper.getCompatibleProviders()).containsExactly("partner-openid-connect", "partner-oidc");
        assertThat(mapper.getDisplayCategory()).isEqualTo("Attribute Importer");
        assertThat(mapper.getDisplayType()).isEqualTo("Partner attribute");
        for (IdentityProviderSyncMode mode : IdentityProviderSyncMode.values()) {
            assertThat(mapper.supportsSyncMode(mode)).isTrue();
        }
        assertThat(mapper.getConfigProperties())
                .extracting("name")
                .contains(
                        "attributeName",
                        "sourceType",
                        "fixedValue",
                        "credentialSource",
                        "claimPath",
                        "ldapComponent",
                        "ldapUrl",
                        "ldapBindCredentialVaultKey",
                        "ldapFilter");
        assertThat(mapper.getConfigProperties())
                .as("no field on the form takes a secret")
                .noneMatch(p -> p.isSecret() || ProviderConfigProperty.PASSWORD.equals(p.getType()));
    }
}
