package io.github.kcpartner.jims.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.github.kcpartner.jims.client.IdentityRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.infinispan.Cache;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.storage.StorageId;
import org.keycloak.storage.UserStorageProvider;

/**
 * JIMS identities seen as Keycloak users, over the identity table of a real (local) Infinispan
 * cache as the factory builds it: lookups by username and id in each username form, users that
 * exist only while they have a valid entry, and the admin search's parameters.
 */
final class JimsUserStorageProviderTest {

    private static final Instant T = Instant.parse("2026-12-03T10:00:00Z");
    private static DefaultCacheManager manager;

    private final JimsUserStorageProviderFactory factory = new JimsUserStorageProviderFactory();
    private final KeycloakSession session = mock(KeycloakSession.class);
    private final RealmModel realm = mock(RealmModel.class);
    private Cache<String, String> cache;

    @BeforeAll
    static void startInfinispan() {
        manager = new DefaultCacheManager();
        manager.defineConfiguration("jims-users", new ConfigurationBuilder().build());
        manager.defineConfiguration("jims-users-coordination", new ConfigurationBuilder().build());
    }

    @AfterAll
    static void stopInfinispan() {
        manager.stop();
    }

    JimsUserStorageProviderTest() {
        cache = manager.getCache("jims-users");
        cache.clear();
        Cache<String, String> coordination = manager.getCache("jims-users-coordination");
        factory.caches(s -> new JimsCache.Caches(cache, coordination));
    }

    @AfterEach
    void stop() {
        factory.close();
    }

    private static ComponentModel component(String usernameForm) {
        ComponentModel c = new ComponentModel();
        c.setId("c1");
        c.setName("jims");
        c.setParentId("r1");
        c.setProviderId(JimsUserStorageProviderFactory.PROVIDER_ID);
        c.setProviderType(UserStorageProvider.class.getName());
        MultivaluedHashMap<String, String> m = new MultivaluedHashMap<>();
        m.putSingle("primaryAddress", "127.0.0.1");
        m.putSingle("primaryPort", "1");
        m.putSingle("primaryConnectMethod", "http");
        m.putSingle("allowPlainHttp", "true");
        m.putSingle("primaryClientId", "kc");
        m.putSingle("primaryClientSecret", "s");
        m.putSingle("queryInterval", "60");
        if (usernameForm != null) {
            m.putSingle(JimsConfigProperties.USERNAME_FORM, usernameForm);
        }
        c.setConfig(m);
        return c;
    }

    /** The provider of a component in {@code usernameForm} (default: domain\\user) and the logons JIMS reported. */
    private JimsUserStorageProvider users(String usernameForm, IdentityRecord... logons) {
        ComponentModel c = component(usernameForm);
        CacheIdentityTable table = factory.runtime(session, c).table();
        for (IdentityRecord r : logons) {
            table.putValid(r, Duration.ZERO);
        }
        return factory.create(session, c);
    }

    private static IdentityRecord logon(String ip, String domain, String user, int secondsAfterT) {
        return new IdentityRecord(
                ip,
                true,
                domain,
                user,
                List.of("Eng"),
                "PC-" + ip,
                List.of(),
                "Windows",
                "AD",
                T.plusSeconds(secondsAfterT));
    }

    @Test
    @DisplayName(
            "given a logon of CORP\\Alice, then the username finds her whatever its case, with the IPs of her valid entries, newest first")
    void byUsername() {
        JimsUserStorageProvider users = users(
                null,
                logon("10.0.0.1", "CORP", "Alice", 0),
                logon("10.0.0.2", "CORP", "Alice", 60),
                logon("10.0.0.3", "CORP", "bob", 30));

        UserModel alice = users.getUserByUsername(realm, "corp\\alice");
        UserModel same = users.getUserByUsername(realm, "CORP\\ALICE");

        assertThat(alice.getUsername()).isEqualTo("corp\\alice");
        assertThat(alice.getAttributes().get(JimsUserAdapter.IPS)).containsExactly("10.0.0.2", "10.0.0.1");
        assertThat(alice.getFirstAttribute(JimsUserAdapter.DEVICE)).isEqualTo("PC-10.0.0.2");
        assertThat(same.getUsername()).isEqualTo("corp\\alice");
        assertThat(same.getId()).isEqualTo(alice.getId());
    }

    @Test
    @DisplayName("given names JIMS never reported, another domain, or a blank name, then no user")
    void unknownNames() {
        JimsUserStorageProvider users = users(null, logon("10.0.0.1", "corp", "alice", 0));

        assertThat(users.getUserByUsername(realm, "corp\\mallory")).isNull();
        assertThat(users.getUserByUsername(realm, "lab\\alice")).isNull();
        assertThat(users.getUserByUsername(realm, "corp\\")).isNull();
        assertThat(users.getUserByUsername(realm, " ")).isNull();
        assertThat(users.getUserByUsername(realm, null)).isNull();
    }

    @Test
    @DisplayName(
            "given a user's only address taken over by another user's logon, then the user no longer exists and no longer counts")
    void userLastsWhileValid() {
        JimsUserStorageProvider users = users(null, logon("10.0.0.1", "corp", "alice", 0));
        assertThat(users.getUserByUsername(realm, "corp\\alice")).isNotNull();
        assertThat(users.getUsersCount(realm, false)).isEqualTo(1);

        factory.runtime(session, component(null)).table().putValid(logon("10.0.0.1", "corp", "bob", 60), Duration.ZERO);

        assertThat(users.getUserByUsername(realm, "corp\\alice")).isNull();
        assertThat(users.getUserByUsername(realm, "corp\\bob")).isNotNull();
        assertThat(users.getUsersCount(realm, false)).isEqualTo(1);
    }

    @Test
    @DisplayName(
            "given a user's Keycloak id (its storage id), then the same user; its id names this component and the username")
    void byId() {
        JimsUserStorageProvider users = users(null, logon("10.0.0.1", "corp", "alice", 0));
        UserModel alice = users.getUserByUsername(realm, "corp\\alice");

        assertThat(new StorageId(alice.getId()).getProviderId()).isEqualTo("c1");
        assertThat(new StorageId(alice.getId()).getExternalId()).isEqualTo("corp\\alice");
        assertThat(users.getUserById(realm, alice.getId()))
                .extracting(UserModel::getUsername)
                .isEqualTo("corp\\alice");
        assertThat(users.getUserById(realm, StorageId.keycloakId(component(null), "corp\\nobody")))
                .isNull();
    }

    @Test
    @DisplayName(
            "given alice in two domains and the domain\\user form, then each is her own user with her own addresses, and a name without a domain is no user")
    void sameNameInTwoDomains() {
        JimsUserStorageProvider users =
                users(null, logon("10.0.0.1", "corp", "alice", 0), logon("10.0.0.2", "lab", "alice", 60));

        UserModel corp = users.getUserByUsername(realm, "corp\\alice");
        UserModel lab = users.getUserByUsername(realm, "lab\\alice");

        assertThat(corp.getAttributes().get(JimsUserAdapter.IPS)).containsExactly("10.0.0.1");
        assertThat(lab.getAttributes().get(JimsUserAdapter.IPS)).containsExactly("10.0.0.2");
        assertThat(users.getUserById(realm, lab.getId()).getAttributes().get(JimsUserAdapter.IPS))
                .isEqualTo(lab.getAttributes().get(JimsUserAdapter.IPS));
        assertThat(users.getUserByUsername(realm, "alice"))
                .as("a name without its domain")
                .isNull();
    }

    @Test
    @DisplayName(
            "given the user@domain form, then users are named and found as alice@corp; the domain\\user spelling is no such user")
    void userAtDomainForm() {
        JimsUserStorageProvider users = users("user@domain", logon("10.0.0.1", "corp", "alice", 0));

        assertThat(users.getUserByUsername(realm, "Alice@CORP").getUsername()).isEqualTo("alice@corp");
        assertThat(users.getUserByUsername(realm, "alice@lab")).isNull();
        assertThat(users.getUserByUsername(realm, "corp\\alice")).isNull();
    }

    @Test
    @DisplayName("given the user form, then the same name in two domains is one user with the addresses of both")
    void userFormMergesDomains() {
        JimsUserStorageProvider users =
                users("user", logon("10.0.0.1", "corp", "alice", 0), logon("10.0.0.2", "lab", "alice", 60));

        UserModel alice = users.getUserByUsername(realm, "alice");

        assertThat(alice.getUsername()).isEqualTo("alice");
        assertThat(alice.getAttributes().get(JimsUserAdapter.IPS)).containsExactly("10.0.0.2", "10.0.0.1");
        assertThat(alice.getFirstAttribute(JimsUserAdapter.DOMAIN)).isEqualTo("lab");
        assertThat(users.getUsersCount(realm, false)).isEqualTo(1);
    }

    @Test
    @DisplayName(
            "given the username search parameter instead of search, or no parameters, then it searches by it, or lists everyone; never an email lookup")
    void searchParameters() {
        JimsUserStorageProvider users = users(
                null,
                logon("10.0.0.1", "corp", "carol", 0),
                logon("10.0.0.2", "lab", "carol", 10),
                logon("10.0.0.3", "corp", "bob", 20));

        assertThat(users.searchForUserStream(realm, Map.of(UserModel.USERNAME, "lab\\carol"), null, null)
                        .map(UserModel::getUsername))
                .containsExactly("lab\\carol");
        assertThat(users.searchForUserStream(realm, (Map<String, String>) null, null, null)
                        .map(UserModel::getUsername))
                .containsExactly("corp\\bob", "corp\\carol", "lab\\carol");
        assertThat(users.searchForUserStream(realm, Map.of(UserModel.SEARCH, "*"), 0, 0))
                .isEmpty();
        assertThat(users.getUserByEmail(realm, "carol@corp.example")).isNull();
    }
}
