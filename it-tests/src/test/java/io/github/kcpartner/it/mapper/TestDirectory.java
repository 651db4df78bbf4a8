package io.github.kcpartner.it.mapper;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.OperationType;
import java.net.InetAddress;

/**
 * An UnboundID in-memory LDAP directory on a free loopback port: a bind user that searches need,
 * {@code ou=people} (the users DN of the realm's LDAP federation) with one partner entry keyed by
 * the partner's {@code sub} in {@code employeeNumber} (no uid or mail that Keycloak's federation
 * lookups of alice would match).
 */
final class TestDirectory implements AutoCloseable {

    static final String ROOT = "dc=example,dc=org";
    static final String PEOPLE = "ou=people," + ROOT;
    static final String BIND_DN = "cn=mapper," + ROOT;
    static final String BIND_PASSWORD = "ldap-bind-secret-7";
    static final String ALICE = "uid=p-0001," + PEOPLE;

    private final InMemoryDirectoryServer server;

    private TestDirectory(InMemoryDirectoryServer server) {
        this.server = server;
    }

    static TestDirectory start() throws LDAPException, com.unboundid.ldif.LDIFException {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(ROOT);
        config.addAdditionalBindCredentials(BIND_DN, BIND_PASSWORD);
        config.setAuthenticationRequiredOperationTypes(OperationType.SEARCH);
        config.setListenerConfigs(
                InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
        InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
        server.add("dn: " + ROOT, "objectClass: domain", "dc: example");
        server.add("dn: " + PEOPLE, "objectClass: organizationalUnit", "ou: people");
        server.add(
                "dn: " + ALICE,
                "objectClass: inetOrgPerson",
                "uid: p-0001",
                "cn: Partner Alice",
                "sn: Anderson",
                "employeeNumber: alice",
                "departmentNumber: D-42",
                "departmentNumber: D-43",
                "title: Architect");
        server.startListening();
        return new TestDirectory(server);
    }

    String url() {
        return "ldap://127.0.0.1:" + server.getListenPort();
    }

    void replace(String dn, String attribute, String... values) throws LDAPException {
        server.modify(dn, new Modification(ModificationType.REPLACE, attribute, values));
    }

    @Override
    public void close() {
        server.shutDown(true);
    }
}
