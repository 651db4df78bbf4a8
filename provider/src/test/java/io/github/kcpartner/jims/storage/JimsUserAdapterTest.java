package io.github.kcpartner.jims.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.when;

import io.github.kcpartner.jims.client.IdentityRecord;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.GroupProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.storage.federated.UserFederatedStorageProvider;
import org.mockito.invocation.Invocation;

class JimsUserAdapterTest {

    private final KeycloakSession session = mock(KeycloakSession.class);
    private final GroupProvider groups = mock(GroupProvider.class);
    private final RealmModel realm = mock(RealmModel.class);
    private final ComponentModel model = new ComponentModel();
    /** Keycloak's federated user storage, stubbed: the group memberships it holds, by user id. */
    private final UserFederatedStorageProvider federated = mock(UserFederatedStorageProvider.class);

    private final java.util.Map<String, java.util.Set<GroupModel>> stored = new java.util.HashMap<>();

    JimsUserAdapterTest() {
        when(session.groups()).thenReturn(groups);
        when(session.getProvider(UserFederatedStorageProvider.class)).thenReturn(federated);
        model.setId("c1");
        when(federated.getGroupsStream(org.mockito.ArgumentMatchers.eq(realm), org.mockito.ArgumentMatchers.any()))
                .thenAnswer(a -> stored.getOrDefault(a.<String>getArgument(1), java.util.Set.of()).stream());
        org.mockito.Mockito.doAnswer(a -> stored.computeIfAbsent(a.getArgument(1), k -> new java.util.HashSet<>())
                        .add(a.getArgument(2)))
                .when(federated)
                .joinGroup(
                        org.mockito.ArgumentMatchers.eq(realm),
                        org.mockito.ArgumentMatchers.any(),
                        org.mockito.ArgumentMatchers.any());
        org.mockito.Mockito.doAnswer(a -> stored.getOrDefault(a.getArgument(1), new java.util.HashSet<>())
                        .remove(a.getArgument(2)))
                .when(federated)
                .leaveGroup(
                        org.mockito.ArgumentMatchers.eq(realm),
                        org.mockito.ArgumentMatchers.any(),
                        org.mockito.ArgumentMatchers.any());
    }

    private static GroupModel group(String id, String name) {
        GroupModel g = mock(GroupModel.class);
        when(g.getId()).thenReturn(id);
        when(g.getName()).thenReturn(name);
        when(g.getSubGroupsStream()).thenAnswer(a -> Stream.empty());
        return g;
    }

    /** The JIMS tree JIMS/Eng exists; returns Eng. */
    private GroupModel jimsTreeWithEng() {
        GroupModel parent = group("g-jims", "JIMS");
        GroupModel eng = group("g-eng", "Eng");
        when(eng.getParentId()).thenReturn("g-jims");
        when(parent.getSubGroupsStream()).thenAnswer(a -> Stream.of(eng));
        when(groups.getTopLevelGroupsStream(realm, "JIMS", true, null, null)).thenAnswer(a -> Stream.of(parent));
        return eng;
    }

    @Test
    @DisplayName(
            "given an administrator puts a JIMS user into a group, then it is stored in Keycloak's federated storage and returned with the JIMS groups; isMemberOf sees it")
    void adminGroupsAreStoredAndReturned() {
        GroupModel eng = jimsTreeWithEng();
        GroupModel optOut = group("g-opt", "no-network-sign-in");
        GroupModel other = group("g-other", "other");

        alice().joinGroup(optOut);

        assertThat(stored).containsOnlyKeys("f:c1:corp\\alice");
        JimsUserAdapter again = alice(); // a later request: a new adapter over the same stored membership
        assertThat(again.getGroupsStream()).containsExactlyInAnyOrder(eng, optOut);
        assertThat(again.isMemberOf(optOut)).isTrue();
        assertThat(again.isMemberOf(eng)).isTrue();
        assertThat(again.isMemberOf(other)).isFalse();
        assertThat(writes()).as("no group created or removed").isEmpty();
    }

    @Test
    @DisplayName("given an administrator removes a group they added, then the JIMS user leaves it")
    void leavingAnAdminGroup() {
        jimsTreeWithEng();
        GroupModel optOut = group("g-opt", "no-network-sign-in");
        alice().joinGroup(optOut);

        alice().leaveGroup(optOut);

        assertThat(alice().isMemberOf(optOut)).isFalse();
        assertThat(alice().getGroupsStream()).extracting(GroupModel::getName).containsExactly("Eng");
    }

    @Test
    @DisplayName(
            "given a membership that comes from JIMS, then leaving it is refused (400 in the admin API) and it stays")
    void jimsMembershipsAreReadOnly() {
        GroupModel eng = jimsTreeWithEng();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> alice().leaveGroup(eng))
                .isInstanceOf(org.keycloak.models.ModelValidationException.class)
                .hasMessageContaining("JIMS");

        assertThat(alice().isMemberOf(eng)).isTrue();
        org.mockito.Mockito.verify(federated, org.mockito.Mockito.never())
                .leaveGroup(
                        org.mockito.ArgumentMatchers.any(),
                        org.mockito.ArgumentMatchers.any(),
                        org.mockito.ArgumentMatchers.any());
    }

    private JimsUserAdapter alice() {
        IdentityRecord newest = new IdentityRecord(
                "10.0.0.2",
                true,
                "corp",
                "alice",
                List.of("Eng", "VPN"),
                "PC1",
                List.of("WS"),
                "Windows",
                "AD",
                Instant.parse("2026-12-03T10:00:00Z"));
        IdentityRecord older = new IdentityRecord(
                "10.0.0.1",
                true,
                "corp",
                "alice",
                List.of("Old"),
                "PC0",
                List.of(),
                "Windows",
                "AD",
                Instant.parse("2026-12-03T09:00:00Z"));
        return new JimsUserAdapter(session, realm, model, "corp\\alice", List.of(newest, older), "JIMS");
    }

    private List<String> writes() {
        return mockingDetails(groups).getInvocations().stream()
                .map(Invocation::getMethod)
                .map(java.lang.reflect.Method::getName)
                .filter(n -> n.startsWith("create") || n.startsWith("remove") || n.startsWith("move"))
                .toList();
    }

    @Test
    @DisplayName("given no JIMS group tree yet, then the user's groups are empty and reading them creates nothing")
    void readingGroupsNeverWrites() {
        when(groups.getTopLevelGroupsStream(realm, "JIMS", true, null, null)).thenReturn(Stream.empty());
        assertThat(alice().getGroupsStream()).isEmpty();
        assertThat(writes()).isEmpty();
    }

    @Test
    @DisplayName(
            "given the parent and one of the user's two groups, then that group only, from the newest record, and no write")
    void existingGroupsOnly() {
        GroupModel parent = mock(GroupModel.class);
        GroupModel eng = mock(GroupModel.class);
        when(parent.getName()).thenReturn("JIMS");
        when(eng.getName()).thenReturn("Eng");
        when(parent.getSubGroupsStream()).thenAnswer(a -> Stream.of(eng));
        when(groups.getTopLevelGroupsStream(realm, "JIMS", true, null, null)).thenAnswer(a -> Stream.of(parent));
        assertThat(alice().getGroupsStream()).containsExactly(eng);
        assertThat(writes()).isEmpty();
    }

    @Test
    @DisplayName("given two records, then the attributes show the newest domain and device and every IP, newest first")
    void attributes() {
        JimsUserAdapter user = alice();
        assertThat(user.getUsername()).isEqualTo("corp\\alice");
        assertThat(user.getAttributes().get(JimsUserAdapter.IPS)).containsExactly("10.0.0.2", "10.0.0.1");
        assertThat(user.getFirstAttribute(JimsUserAdapter.DEVICE)).isEqualTo("PC1");
        assertThat(user.getFirstAttribute(JimsUserAdapter.LAST_SEEN)).isEqualTo("2026-12-03T10:00:00Z");
        assertThat(user.getAttributeStream(JimsUserAdapter.DEVICE_GROUPS)).containsExactly("WS");
        assertThat(user.isEnabled()).isTrue();
    }
}
