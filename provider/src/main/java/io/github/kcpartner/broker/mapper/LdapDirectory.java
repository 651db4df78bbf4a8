package io.github.kcpartner.broker.mapper;

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

/**
 * One subtree search with the JDK's JNDI LDAP provider: bind (simple or anonymous), search,
 * read one attribute of the single matching entry. No entry: no value. Several entries: refused,
 * as the filter does not identify one person. Failures carry no credential.
 */
final class LdapDirectory {

    private LdapDirectory() {
    }

    static List<String> lookup(LdapConnection connection, String base, String filter, String attribute) {
        DirContext context = null;
        try {
            context = new InitialDirContext(environment(connection));
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
            return entries.isEmpty() ? List.of() : values(entries.get(0).getAttributes().get(attribute));
        } catch (NamingException e) {
            throw new LdapLookupException(describe(e));
        } finally {
            if (context != null) {
                try {
                    context.close();
                } catch (NamingException e) {
                    // closing a finished context
                }
            }
        }
    }

    static Hashtable<String, Object> environment(LdapConnection connection) {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, connection.url());
        env.put(Context.REFERRAL, "ignore");
        env.put("com.sun.jndi.ldap.connect.timeout", String.valueOf(connection.connectTimeoutMillis()));
        env.put("com.sun.jndi.ldap.read.timeout", String.valueOf(connection.readTimeoutMillis()));
        env.put("com.sun.jndi.ldap.connect.pool", "false");
        if (connection.anonymous()) {
            env.put(Context.SECURITY_AUTHENTICATION, "none");
        } else {
            env.put(Context.SECURITY_AUTHENTICATION, "simple");
            env.put(Context.SECURITY_PRINCIPAL, connection.bindDn());
            env.put(Context.SECURITY_CREDENTIALS, connection.bindCredential() == null ? "" : connection.bindCredential());
        }
        if (connection.url() != null && connection.url().contains("ldaps://") && LdapTruststoreSocketFactory.available()) {
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
            values.add(value instanceof byte[] bytes ? Base64.getEncoder().encodeToString(bytes) : String.valueOf(value));
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
