package io.github.kcpartner.broker.mapper;

import javax.net.ssl.SSLSocketFactory;

/**
 * Where and how to search: URL(s) (space separated for fail-over), simple bind or anonymous,
 * the default base, timeouts in ms, StartTLS (with the socket factory that verifies the server;
 * {@code null}: the JVM default) and whether plain {@code ldap://} is allowed. The credential is
 * already resolved from the vault; it is left out of {@link #toString()}.
 */
record LdapConnection(
        String url,
        String bindDn,
        String bindCredential,
        String defaultBase,
        int connectTimeoutMillis,
        int readTimeoutMillis,
        boolean startTls,
        boolean allowPlain,
        SSLSocketFactory tls) {

    /** A connection without StartTLS that allows plain LDAP (tests of the search itself). */
    LdapConnection(
            String url,
            String bindDn,
            String bindCredential,
            String defaultBase,
            int connectTimeoutMillis,
            int readTimeoutMillis) {
        this(url, bindDn, bindCredential, defaultBase, connectTimeoutMillis, readTimeoutMillis, false, true, null);
    }

    boolean anonymous() {
        return bindDn == null || bindDn.isBlank();
    }

    @Override
    public String toString() {
        return "LdapConnection[url=" + url + ", bindDn=" + bindDn + ", base=" + defaultBase + ", startTls=" + startTls
                + "]";
    }
}
