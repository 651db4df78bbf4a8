package io.github.kcpartner.broker.mapper;

/**
 * Where and how to search: URL(s) (space separated for fail-over), simple bind or anonymous,
 * the default base, timeouts in ms. The credential is already resolved from the vault; it is
 * left out of {@link #toString()}.
 */
record LdapConnection(String url, String bindDn, String bindCredential, String defaultBase,
                      int connectTimeoutMillis, int readTimeoutMillis) {

    boolean anonymous() {
        return bindDn == null || bindDn.isBlank();
    }

    @Override
    public String toString() {
        return "LdapConnection[url=" + url + ", bindDn=" + bindDn + ", base=" + defaultBase + "]";
    }
}
