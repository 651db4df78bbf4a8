package io.github.kcpartner.broker.mapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LdapDirectoryTest {

    private static final String BASE = "ou=people,dc=example,dc=org";
    private static final String BIND_DN = "cn=mapper,dc=example,dc=org";
    private static final String BIND_PASSWORD = "mapper-secret";

    private static InMemoryDirectoryServer server;

    @BeforeAll
    static void start() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=org");
        config.addAdditionalBindCredentials(BIND_DN, BIND_PASSWORD);
        config.setListenerConfigs(
                InMemoryListenerConfig.createLDAPConfig("ldap", java.net.InetAddress.getLoopbackAddress(), 0, null));
        config.setAuthenticationRequiredOperationTypes(com.unboundid.ldap.sdk.OperationType.SEARCH);
        server = new InMemoryDirectoryServer(config);
        server.add("dn: dc=example,dc=org", "objectClass: domain", "dc: example");
        server.add("dn: " + BASE, "objectClass: organizationalUnit", "ou: people");
        server.add(
                "dn: uid=alice," + BASE,
                "objectClass: inetOrgPerson",
                "uid: alice",
                "cn: Alice",
                "sn: Anderson",
                "mail: alice@partner.example",
                "departmentNumber: 42",
                "departmentNumber: 43");
        server.add(
                "dn: uid=bob," + BASE,
                "objectClass: inetOrgPerson",
                "uid: bob",
                "cn: Bob",
                "sn: Brown",
                "mail: bob@partner.example");
        server.add(
                "dn: uid=bob2," + BASE,
                "objectClass: inetOrgPerson",
                "uid: bob2",
                "cn: Bob",
                "sn: Brown",
                "mail: bob@partner.example");
        server.startListening();
    }

    @AfterAll
    static void stop() {
        server.shutDown(true);
    }

    private static LdapConnection connection(String password) {
        return new LdapConnection("ldap://127.0.0.1:" + server.getListenPort(), BIND_DN, password, BASE, 2000, 2000);
    }

    private static String filter(String email) {
        return LdapFilterTemplate.parse("(&(objectClass=inetOrgPerson)(mail=${claim.idToken.email}))")
                .render(new LoginClaims(Map.of("email", email), null, null))
                .orElseThrow();
    }

    @Test
    @DisplayName("given one matching entry with a multi-valued attribute, then all its values")
    void oneEntry() {
        assertThat(LdapDirectory.lookup(
                        connection(BIND_PASSWORD), BASE, filter("alice@partner.example"), "departmentNumber"))
                .containsExactlyInAnyOrder("42", "43");
    }

    @Test
    @DisplayName("given no matching entry or an entry without the attribute, then no value")
    void noEntry() {
        assertThat(LdapDirectory.lookup(connection(BIND_PASSWORD), BASE, filter("carol@partner.example"), "cn"))
                .isEmpty();
        assertThat(LdapDirectory.lookup(connection(BIND_PASSWORD), BASE, filter("alice@partner.example"), "title"))
                .isEmpty();
    }

    @Test
    @DisplayName("given two matching entries, then the lookup fails as not unique")
    void twoEntries() {
        assertThatThrownBy(() ->
                        LdapDirectory.lookup(connection(BIND_PASSWORD), BASE, filter("bob@partner.example"), "cn"))
                .isInstanceOf(LdapDirectory.LdapLookupException.class)
                .hasMessageContaining("more than one entry");
    }

    @Test
    @DisplayName("given an injection attempt in the claim, then it matches nothing instead of every entry")
    void injectionMatchesNothing() {
        assertThat(LdapDirectory.lookup(connection(BIND_PASSWORD), BASE, filter("*)(uid=*"), "cn"))
                .isEmpty();
        assertThat(LdapDirectory.lookup(connection(BIND_PASSWORD), BASE, filter("*"), "cn"))
                .isEmpty();
    }

    @Test
    @DisplayName("given a wrong bind password, then the lookup fails and the message does not carry the password")
    void badBind() {
        assertThatThrownBy(() -> LdapDirectory.lookup(
                        connection("wrong-password-123"), BASE, filter("alice@partner.example"), "cn"))
                .isInstanceOf(LdapDirectory.LdapLookupException.class)
                .hasMessageContaining("AuthenticationException")
                .hasMessageNotContaining("wrong-password-123");
    }

    @Test
    @DisplayName("given nobody listening, then the lookup fails with a communication error")
    void unreachable() throws Exception {
        int port;
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        LdapConnection closed =
                new LdapConnection("ldap://127.0.0.1:" + port, BIND_DN, BIND_PASSWORD, BASE, 1000, 1000);
        assertThatThrownBy(() -> LdapDirectory.lookup(closed, BASE, filter("alice@partner.example"), "cn"))
                .isInstanceOf(LdapDirectory.LdapLookupException.class)
                .hasMessageContaining("CommunicationException");
        assertThat(closed.toString()).doesNotContain(BIND_PASSWORD);
    }
}
