package io.github.kcpartner.jims.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.userprofile.UserProfileProvider;

/** Which Keycloak user a JIMS identity is bound to: never one who merely shares its bare name. */
class IdentityBindingTest {

    private static final String COMPONENT = "jims-1";
    private static final String JIMS_USERNAME = "corp.example.com\\alice";
    private static final String JIMS_ID = "f:" + COMPONENT + ":" + JIMS_USERNAME;

    private final KeycloakSession session = mock(KeycloakSession.class);
    private final RealmModel realm = mock(RealmModel.class);
    private final UserProvider users = mock(UserProvider.class);
    private final UPConfig profile = new UPConfig();

    @BeforeEach
    void keycloak() {
        when(session.users()).thenReturn(users);
        UserProfileProvider profiles = mock(UserProfileProvider.class);
        when(profiles.getConfiguration()).thenReturn(profile);
        when(session.getProvider(UserProfileProvider.class)).thenReturn(profiles);
        profile.setAttributes(new java.util.ArrayList<>());
        profile.setUnmanagedAttributePolicy(UPConfig.UnmanagedAttributePolicy.ADMIN_EDIT);
        when(users.searchForUserByUserAttributeStream(any(), anyString(), anyString()))
                .thenAnswer(i -> Stream.empty());
    }

    private static NetworkLookup.Result alice() {
        return NetworkDecisionsTest.found("alice", List.of(), Instant.now(), false);
    }

    private IdentityBinding.Binding bind(Map<String, String> settings) {
        return IdentityBinding.of(session, realm, NetworkIdentitySettings.of(settings), alice());
    }

    private static UserModel user(String id, String username, String link, Map<String, String> attributes) {
        UserModel u = mock(UserModel.class);
        when(u.getId()).thenReturn(id);
        when(u.getUsername()).thenReturn(username);
        when(u.getFederationLink()).thenReturn(link);
        when(u.getAttributeStream(anyString()))
                .thenAnswer(i -> attributes.containsKey(i.getArgument(0, String.class))
                        ? Stream.of(attributes.get(i.getArgument(0, String.class)))
                        : Stream.empty());
        return u;
    }

    @Test
    @DisplayName("without an attribute: the federation's own user, found by its storage id")
    void federationUser() {
        UserModel own = user(JIMS_ID, JIMS_USERNAME, null, Map.of());
        when(users.getUserById(realm, JIMS_ID)).thenReturn(own);
        when(users.getUserByUsername(realm, JIMS_USERNAME)).thenReturn(own);
        IdentityBinding.Binding b = bind(Map.of());
        assertThat(b.user()).isSameAs(own);
        assertThat(b.is(own)).isTrue();
    }

    @Test
    @DisplayName("a local (or LDAP) user with the same username is another person: ambiguous_user, nobody bound")
    void localUserWithTheSameNameIsAmbiguous() {
        UserModel own = user(JIMS_ID, JIMS_USERNAME, null, Map.of());
        when(users.getUserById(realm, JIMS_ID)).thenReturn(own);
        UserModel local = user("local-1", JIMS_USERNAME, null, Map.of());
        when(users.getUserByUsername(realm, JIMS_USERNAME)).thenReturn(local);
        IdentityBinding.Binding b = bind(Map.of());
        assertThat(b.bound()).isFalse();
        assertThat(b.refusal()).isEqualTo("ambiguous_user");
        assertThat(b.is(local)).isFalse();
    }

    @Test
    @DisplayName("a local user named like the identity is never bound when the federation serves nobody of that name")
    void localUserAloneIsNotBound() {
        UserModel local = user("local-1", JIMS_USERNAME, null, Map.of());
        when(users.getUserByUsername(realm, JIMS_USERNAME)).thenReturn(local);
        IdentityBinding.Binding b = bind(Map.of());
        assertThat(b.refusal()).isEqualTo("no_keycloak_user");
        assertThat(b.is(local)).isFalse();
    }

    @Test
    @DisplayName(
            "with an attribute: the one user whose attribute holds alice@corp.example.com; the bare name or another domain do not count")
    void attributeHoldsTheQualifiedName() {
        UserModel alice = user("u-alice", "alice", null, Map.of("jimsIdentity", "alice@corp.example.com"));
        when(users.searchForUserByUserAttributeStream(realm, "jimsIdentity", "alice@corp.example.com"))
                .thenAnswer(i -> Stream.of(alice));
        IdentityBinding.Binding b = bind(Map.of(NetworkIdentitySettings.USER_ATTRIBUTE, "jimsIdentity"));
        assertThat(b.user()).isSameAs(alice);

        when(users.searchForUserByUserAttributeStream(realm, "jimsIdentity", "alice@corp.example.com"))
                .thenAnswer(i -> Stream.empty());
        assertThat(bind(Map.of(NetworkIdentitySettings.USER_ATTRIBUTE, "jimsIdentity"))
                        .refusal())
                .as("alice (bare) or alice@lab.example hold no match")
                .isEqualTo("no_keycloak_user");
    }

    @Test
    void twoUsersClaimingTheIdentityAreAmbiguous() {
        UserModel a = user("u-1", "alice", null, Map.of("upn", "alice@corp.example.com"));
        UserModel b = user("u-2", "alice2", null, Map.of("upn", "ALICE@corp.example.com"));
        when(users.searchForUserByUserAttributeStream(eq(realm), eq("upn"), anyString()))
                .thenAnswer(i -> Stream.of(a, b));
        assertThat(bind(Map.of(NetworkIdentitySettings.USER_ATTRIBUTE, "upn")).refusal())
                .isEqualTo("ambiguous_user");
    }

    @Test
    @DisplayName("an attribute users can edit themselves binds nobody: attribute_user_editable")
    void userEditableAttributeIsRefused() {
        UserModel alice = user("u-alice", "alice", null, Map.of("upn", "alice@corp.example.com"));
        when(users.searchForUserByUserAttributeStream(realm, "upn", "alice@corp.example.com"))
                .thenAnswer(i -> Stream.of(alice));
        profile.setUnmanagedAttributePolicy(UPConfig.UnmanagedAttributePolicy.ENABLED);
        assertThat(bind(Map.of(NetworkIdentitySettings.USER_ATTRIBUTE, "upn")).refusal())
                .isEqualTo("attribute_user_editable");

        UPAttribute declared = new UPAttribute("upn");
        declared.setPermissions(new UPAttributePermissions(Set.of("admin", "user"), Set.of("admin", "user")));
        profile.addOrReplaceAttribute(declared);
        assertThat(bind(Map.of(NetworkIdentitySettings.USER_ATTRIBUTE, "upn")).refusal())
                .isEqualTo("attribute_user_editable");

        declared.setPermissions(new UPAttributePermissions(Set.of("admin", "user"), Set.of("admin")));
        assertThat(bind(Map.of(NetworkIdentitySettings.USER_ATTRIBUTE, "upn")).user())
                .isSameAs(alice);
    }
}
