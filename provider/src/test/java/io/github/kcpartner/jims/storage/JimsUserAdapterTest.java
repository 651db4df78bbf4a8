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
import org.mockito.invocation.Invocation;

class JimsUserAdapterTest {

    private final KeycloakSession session = mock(KeycloakSession.class);
    private final GroupProvider groups = mock(GroupProvider.class);
    private final RealmModel realm = mock(RealmModel.class);
    private final ComponentModel model = new ComponentModel();

    JimsUserAdapterTest() {
        when(session.groups()).thenReturn(groups);
        model.setId("c1");
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
