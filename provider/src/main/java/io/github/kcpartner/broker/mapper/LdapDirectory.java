package io.github.kcpartner.broker.mapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Hashtable;
import java.util.List;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.SizeLimitExceededException;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.naming.ldap.InitialLdapContext;
import javax.naming.ldap.LdapContext;
import javax.naming.ldap.StartTlsRequest;
import javax.naming.ldap.StartTlsResponse;
import javax.net.ssl.SSLSocketFactory;

/**
 * One subtree search with the JDK's JNDI LDAP provider: StartTLS when asked (then the bind),
 * bind (simple or anonymous), search,
 * read one attribute of the single matching entry. No entry: no value. Several entries: refused,
 * as the filter does not identify one person. Failures carry no credential.
 */
final class LdapDirectory {

    private LdapDirectory() {}

    static List<String> lookup(LdapConnection connection, String base, String filter, String attribute) {
        refusePlain(connection);
        DirContext context = null;
        StartTlsResponse tls = null;
        try {
            if (connection.startTls()) {
                LdapContext ldap = new InitialLdapContext(environment(connection, false), null);
                context = ldap;
                tls = (StartTlsResponse) ldap.extendedOperation(new StartTlsRequest());
                // verifies the certificate chain and the host name; no fallback to plain on failure
                tls.negotiate(
                        connection.tls() != null ? connection.tls() : (SSLSocketFactory) SSLSocketFactory.getDefault());
                if (!connection.anonymous()) {
                    ldap.addToEnvironment(Context.SECURITY_AUTHENTICATION, "simple");
                    ldap.addToEnvironment(Context.SECURITY_PRINCIPAL, connection.bindDn());
                    ldap.addToEnvironment(
                            Context.SECURITY_CREDENTIALS,
                            connection.bindCredential() == null ? "" : connection.bindCredential());
                    // JNDI binds with these on the next operation, over the same (now TLS) connection
                }
            } else {
                context = LdapTruststoreSocketFactory.opening(
                        connection.tls(), () -> new InitialDirContext(environment(connection, true)));
            }
            SearchControls controls = new SearchControls();
            controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
            controls.setReturningAttributes(new String[] {attribute});
            controls.setCountLimit(2);
            controls.setTimeLimit(connection.readTimeoutMillis());
            List<SearchResult> entries = new ArrayList<>();
            NamingEnumeration<SearchResult> results = context.search(base, filter, controls);
            try {
                while (results.hasMore()) {
                    entries.add(results.next());
                }
            } catch (SizeLimitExceededException e) {
                throw new LdapLookupException("more than one entry matches the filter");
            } finally {
                results.close();
            }
            if (entries.size() > 1) {
                throw new LdapLookupException("more than one entry matches the filter");
            }
            return entries.isEmpty()
                    ? List.of()
                    : values(entries.get(0).getAttributes().get(attribute));
        } catch (NamingException e) {
            throw new LdapLookupException(describe(e));
        } catch (IOException e) {
            throw new LdapLookupException("StartTLS failed: " + e.getClass().getSimpleName());
        } finally {
            if (tls != null) {
                try {
                    tls.close();
                } catch (IOException e) {
                    // closing a finished TLS layer
                }
            }
            if (context != null) {
                try {
                    context.close();
                } catch (NamingException e) {
                    // closing a finished context
                }
            }
        }
    }

    /** Plain {@code ldap://} without StartTLS would carry the bind credential in clear: refused unless allowed. */
    static void refusePlain(LdapConnection connection) {
        if (connection.startTls() || connection.allowPlain() || connection.url() == null) {
            return;
        }
        for (String url : connection.url().trim().split("\\s+")) {
            if (url.regionMatches(true, 0, "ldap://", 0, 7)) {
                throw new LdapLookupException(
                        "plain ldap:// without StartTLS is refused (the bind credential would travel in clear)");
            }
        }
    }

    private static Hashtable<String, Object> environment(LdapConnection connection, boolean bind) {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, connection.url());
        env.put(Context.REFERRAL, "ignore");
        env.put("com.sun.jndi.ldap.connect.timeout", String.valueOf(connection.connectTimeoutMillis()));
        env.put("com.sun.jndi.ldap.read.timeout", String.valueOf(connection.readTimeoutMillis()));
        env.put("com.sun.jndi.ldap.connect.pool", "false");
        if (connection.anonymous() || !bind) {
            env.put(Context.SECURITY_AUTHENTICATION, "none");
        } else {
            env.put(Context.SECURITY_AUTHENTICATION, "simple");
            env.put(Context.SECURITY_PRINCIPAL, connection.bindDn());
            env.put(
                    Context.SECURITY_CREDENTIALS,
                    connection.bindCredential() == null ? "" : connection.bindCredential());
        }
        if (connection.url() != null && connection.url().contains("ldaps://") && connection.tls() != null) {
            env.put("java.naming.ldap.factory.socket", LdapTruststoreSocketFactory.class.getName());
        }
        return env;
    }

    private static List<String> values(Attribute attribute) throws NamingException {
        List<String> values = new ArrayList<>();
        if (attribute == null) {
            return values;
        }
        NamingEnumeration<?> all = attribute.getAll();
        while (all.hasMore()) {
            Object value = all.next();
            values.add(
                    value instanceof byte[] bytes ? Base64.getEncoder().encodeToString(bytes) : String.valueOf(value));
        }
        return values;
    }

    /** The kind of failure and the server's explanation; JNDI never puts the credential there. */
    private static String describe(NamingException e) {
        String explanation = e.getExplanation();
        return e.getClass().getSimpleName() + (explanation == null ? "" : ": " + explanation);
    }

    /** The lookup could not be done (connection, bind, search) or gave no unique answer. */
    static final class LdapLookupException extends RuntimeException {
        LdapLookupException(String message) {
            super(message, null, false, false);
        }
    }
}
