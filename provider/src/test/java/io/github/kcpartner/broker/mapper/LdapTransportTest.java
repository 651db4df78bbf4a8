package io.github.kcpartner.broker.mapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import io.github.kcpartner.testsupport.tls.TestPki;
import java.net.InetAddress;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * How the bind credential travels: StartTLS verified against the configured trust (never falling
 * back to plain), plain {@code ldap://} refused unless allowed, and a borrowed federation's search
 * base confined to its users DN. A directory that requires a bind for searches, so a search that
 * succeeds proves the bind happened, over TLS.
 */
class LdapTransportTest {

    private static final String BASE = "ou=people,dc=example,dc=org";
    private static final String BIND_DN = "cn=mapper,dc=example,dc=org";
    private static final String BIND_PASSWORD = "mapper-secret";

    private static InMemoryDirectoryServer server;
    private static SSLSocketFactory trusting;
    private static SSLSocketFactory foreign;

    @BeforeAll
    static void start() throws Exception {
        TestPki pki = TestPki.create("ldap-ca");
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=org");
        config.addAdditionalBindCredentials(BIND_DN, BIND_PASSWORD);
        SSLContext serverTls = pki.serverSslContext("localhost", "127.0.0.1");
        config.setListenerConfigs(
                InMemoryListenerConfig.createLDAPConfig(
                        "ldap", InetAddress.getLoopbackAddress(), 0, serverTls.getSocketFactory()),
                InMemoryListenerConfig.createLDAPSConfig(
                        "ldaps", InetAddress.getLoopbackAddress(), 0, serverTls.getServerSocketFactory(), null));
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
                "departmentNumber: 42");
        server.startListening();
        trusting = factory(pki);
        foreign = factory(TestPki.create("another-ca"));
    }

    @AfterAll
    static void stop() {
        server.shutDown(true);
    }

    private static SSLSocketFactory factory(TestPki pki) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(pki.trustStore());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context.getSocketFactory();
    }

    private static String url() {
        return "ldap://127.0.0.1:" + server.getListenPort("ldap");
    }

    private static LdapConnection connection(boolean startTls, boolean allowPlain, SSLSocketFactory tls) {
        return new LdapConnection(url(), BIND_DN, BIND_PASSWORD, BASE, 2000, 2000, startTls, allowPlain, tls);
    }

    private static LdapConnection ldaps(SSLSocketFactory tls) {
        String url = "ldaps://127.0.0.1:" + server.getListenPort("ldaps");
        return new LdapConnection(url, BIND_DN, BIND_PASSWORD, BASE, 2000, 2000, false, false, tls);
    }

    private static String filter() {
        return LdapFilterTemplate.parse("(mail=${claim.idToken.email})")
                .render(new LoginClaims(Map.of("email", "alice@partner.example"), null, null))
                .orElseThrow();
    }

    @Test
    @DisplayName("given StartTLS with a trusted server certificate, then the bind and the search run over TLS")
    void startTlsWorks() {
        assertThat(LdapDirectory.lookup(connection(true, false, trusting), BASE, filter(), "departmentNumber"))
                .containsExactly("42");
    }

    @Test
    @DisplayName(
            "given StartTLS and a server certificate from another CA, then the lookup fails and never binds in clear")
    void untrustedStartTlsFails() {
        assertThatThrownBy(() ->
                        LdapDirectory.lookup(connection(true, false, foreign), BASE, filter(), "departmentNumber"))
                .isInstanceOf(LdapDirectory.LdapLookupException.class)
                .hasMessageNotContaining(BIND_PASSWORD);
    }

    @Test
    @DisplayName(
            "given plain ldap:// without StartTLS, then the lookup is refused before connecting, unless plain LDAP is allowed")
    void plainRefusedUnlessAllowed() {
        assertThatThrownBy(
                        () -> LdapDirectory.lookup(connection(false, false, null), BASE, filter(), "departmentNumber"))
                .isInstanceOf(LdapDirectory.LdapLookupException.class)
                .hasMessageContaining("plain ldap:// without StartTLS is refused");
        assertThat(LdapDirectory.lookup(connection(false, true, null), BASE, filter(), "departmentNumber"))
                .containsExactly("42");
    }

    @Test
    @DisplayName(
            "given ldaps:// and the trust of each connection, then the trusting one reads and the foreign one fails, whichever ran first")
    void ldapsUsesEachConnectionsTrust() {
        LdapConnection foreignLdaps = ldaps(foreign);
        LdapConnection trustingLdaps = ldaps(trusting);

        assertThatThrownBy(() -> LdapDirectory.lookup(foreignLdaps, BASE, filter(), "departmentNumber"))
                .isInstanceOf(LdapDirectory.LdapLookupException.class)
                .hasMessageNotContaining(BIND_PASSWORD);
        assertThat(LdapDirectory.lookup(trustingLdaps, BASE, filter(), "departmentNumber"))
                .containsExactly("42");
        assertThatThrownBy(() -> LdapDirectory.lookup(foreignLdaps, BASE, filter(), "departmentNumber"))
                .as("nothing of the trusting connection was kept")
                .isInstanceOf(LdapDirectory.LdapLookupException.class);
    }

    @Test
    @DisplayName("given a search base, then only the users DN or below counts as inside a borrowed federation")
    void baseConfinedToUsersDn() {
        assertThat(LdapConnections.within(BASE, BASE)).isTrue();
        assertThat(LdapConnections.within("OU=Berlin," + BASE.toUpperCase(java.util.Locale.ROOT), BASE))
                .isTrue();
        assertThat(LdapConnections.within("dc=example,dc=org", BASE)).isFalse();
        assertThat(LdapConnections.within("ou=admins,dc=example,dc=org", BASE)).isFalse();
        assertThat(LdapConnections.within("ou=people,dc=example,dc=org,dc=evil", BASE))
                .isFalse();
        assertThat(LdapConnections.within("not a dn", BASE)).isFalse();
        assertThat(LdapConnections.within(BASE, "")).isFalse();
    }
}
