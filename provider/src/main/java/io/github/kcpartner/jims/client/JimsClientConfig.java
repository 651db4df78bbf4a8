package io.github.kcpartner.jims.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The whole JIMS client configuration: servers, batch and IP query settings, entry timeouts and
 * filters, with the ranges and defaults of the SRX {@code identity-management} model
 * (see {@code docs/jims-protocol.md}). Build with {@link #builder()}.
 */
public final class JimsClientConfig {

    public static final int DEFAULT_ITEMS_PER_BATCH = 200;
    public static final int DEFAULT_QUERY_INTERVAL_S = 5;
    /** Not documented by Juniper (no default there); ours. */
    public static final int DEFAULT_MAX_CONNECTIONS = 5;
    /** Ours: IP queries a component may send per second (and at once, as a burst). */
    public static final int DEFAULT_IP_QUERIES_PER_SECOND = 20;

    public static final int DEFAULT_AUTH_ENTRY_TIMEOUT_MIN = 60;
    public static final int DEFAULT_INVALID_AUTH_ENTRY_TIMEOUT_MIN = 30;
    public static final int DEFAULT_PROBE_INTERVAL_S = 5;
    public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
    public static final int MAX_DOMAINS = 20;

    private final JimsServerConfig primary;
    private final JimsServerConfig secondary;
    private final int itemsPerBatch;
    private final int queryIntervalSeconds;
    private final boolean noIpQuery;
    private final int maxConnections;
    private final int ipQueriesPerSecond;
    private final int authenticationEntryTimeoutMinutes;
    private final int invalidAuthenticationEntryTimeoutMinutes;
    private final boolean preserveValidUser;
    private final List<String> domainFilter;
    private final List<String> includeIp;
    private final List<String> excludeIp;
    private final boolean ipv6Entries;
    private final int probeIntervalSeconds;
    private final int maxBodyBytes;

    private JimsClientConfig(Builder b) {
        primary = b.primary;
        secondary = b.secondary;
        itemsPerBatch = b.itemsPerBatch;
        queryIntervalSeconds = b.queryIntervalSeconds;
        noIpQuery = b.noIpQuery;
        maxConnections = b.maxConnections;
        ipQueriesPerSecond = b.ipQueriesPerSecond;
        authenticationEntryTimeoutMinutes = b.authenticationEntryTimeoutMinutes;
        invalidAuthenticationEntryTimeoutMinutes = b.invalidAuthenticationEntryTimeoutMinutes;
        preserveValidUser = b.preserveValidUser;
        domainFilter = trimmed(b.domainFilter);
        includeIp = trimmed(b.includeIp);
        excludeIp = trimmed(b.excludeIp);
        ipv6Entries = b.ipv6Entries;
        probeIntervalSeconds = b.probeIntervalSeconds;
        maxBodyBytes = b.maxBodyBytes;
    }

    public static Builder builder() {
        return new Builder();
    }

    public JimsServerConfig primary() {
        return primary;
    }
    /** {@code null} when no secondary server is configured. */
    public JimsServerConfig secondary() {
        return secondary;
    }

    public int itemsPerBatch() {
        return itemsPerBatch;
    }

    public int queryIntervalSeconds() {
        return queryIntervalSeconds;
    }
    /** Kept for the caller's scheduling of deferred IP queries; the lookup facade does not wait. */
    public boolean noIpQuery() {
        return noIpQuery;
    }

    public int maxConnections() {
        return maxConnections;
    }

    /** IP queries per second, and the burst (one second's worth); callers beyond it are refused. */
    public int ipQueriesPerSecond() {
        return ipQueriesPerSecond;
    }

    public int authenticationEntryTimeoutMinutes() {
        return authenticationEntryTimeoutMinutes;
    }

    public int invalidAuthenticationEntryTimeoutMinutes() {
        return invalidAuthenticationEntryTimeoutMinutes;
    }

    public boolean preserveValidUser() {
        return preserveValidUser;
    }
    /** Empty = no domain filter; {@code *} = all domains. */
    public List<String> domainFilter() {
        return domainFilter;
    }

    public List<String> includeIp() {
        return includeIp;
    }

    public List<String> excludeIp() {
        return excludeIp;
    }

    public boolean ipv6Entries() {
        return ipv6Entries;
    }

    public int probeIntervalSeconds() {
        return probeIntervalSeconds;
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** TTL of a valid entry; {@link Duration#ZERO} means it never expires. */
    public Duration validEntryTtl() {
        return Duration.ofMinutes(authenticationEntryTimeoutMinutes);
    }

    /** TTL of an "invalid" (nobody at this IP) entry; {@link Duration#ZERO} means it never expires. */
    public Duration invalidEntryTtl() {
        return Duration.ofMinutes(invalidAuthenticationEntryTimeoutMinutes);
    }

    @Override
    public String toString() {
        return "JimsClientConfig[primary=" + primary + ", secondary=" + secondary + ", itemsPerBatch=" + itemsPerBatch
                + ", queryInterval=" + queryIntervalSeconds + "s, noIpQuery=" + noIpQuery
                + ", maxConnections=" + maxConnections + ", ipQueriesPerSecond=" + ipQueriesPerSecond + "]";
    }

    private static List<String> trimmed(List<String> in) {
        return in.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Mutable builder; {@link #validate()} judges the raw input. */
    public static final class Builder {
        private JimsServerConfig primary;
        private JimsServerConfig secondary;
        private int itemsPerBatch = DEFAULT_ITEMS_PER_BATCH;
        private int queryIntervalSeconds = DEFAULT_QUERY_INTERVAL_S;
        private boolean noIpQuery;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int ipQueriesPerSecond = DEFAULT_IP_QUERIES_PER_SECOND;
        private int authenticationEntryTimeoutMinutes = DEFAULT_AUTH_ENTRY_TIMEOUT_MIN;
        private int invalidAuthenticationEntryTimeoutMinutes = DEFAULT_INVALID_AUTH_ENTRY_TIMEOUT_MIN;
        private boolean preserveValidUser;
        private List<String> domainFilter = List.of();
        private List<String> includeIp = List.of();
        private List<String> excludeIp = List.of();
        private boolean ipv6Entries;
        private int probeIntervalSeconds = DEFAULT_PROBE_INTERVAL_S;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

        private Builder() {}

        public Builder primary(JimsServerConfig v) {
            primary = v;
            return this;
        }

        public Builder secondary(JimsServerConfig v) {
            secondary = v;
            return this;
        }

        public Builder itemsPerBatch(int v) {
            itemsPerBatch = v;
            return this;
        }

        public Builder queryIntervalSeconds(int v) {
            queryIntervalSeconds = v;
            return this;
        }

        public Builder noIpQuery(boolean v) {
            noIpQuery = v;
            return this;
        }

        public Builder maxConnections(int v) {
            maxConnections = v;
            return this;
        }

        public Builder ipQueriesPerSecond(int v) {
            ipQueriesPerSecond = v;
            return this;
        }

        public Builder authenticationEntryTimeoutMinutes(int v) {
            authenticationEntryTimeoutMinutes = v;
            return this;
        }

        public Builder invalidAuthenticationEntryTimeoutMinutes(int v) {
            invalidAuthenticationEntryTimeoutMinutes = v;
            return this;
        }

        public Builder preserveValidUser(boolean v) {
            preserveValidUser = v;
            return this;
        }

        public Builder domainFilter(List<String> v) {
            domainFilter = List.copyOf(v);
            return this;
        }

        public Builder includeIp(List<String> v) {
            includeIp = List.copyOf(v);
            return this;
        }

        public Builder excludeIp(List<String> v) {
            excludeIp = List.copyOf(v);
            return this;
        }

        public Builder ipv6Entries(boolean v) {
            ipv6Entries = v;
            return this;
        }

        public Builder probeIntervalSeconds(int v) {
            probeIntervalSeconds = v;
            return this;
        }

        public Builder maxBodyBytes(int v) {
            maxBodyBytes = v;
            return this;
        }

        /** Every problem found, each with a message key; empty when valid. */
        public List<ConfigProblem> validate() {
            List<ConfigProblem> p = new ArrayList<>();
            if (primary == null) {
                p.add(ConfigProblem.of("primary", "jims.error.primaryRequired"));
            } else if (primary.role() != ServerRole.PRIMARY) {
                p.add(ConfigProblem.of("primary", "jims.error.primaryRole"));
            }
            if (secondary != null && secondary.role() != ServerRole.SECONDARY) {
                p.add(ConfigProblem.of("secondary", "jims.error.secondaryRole"));
            }
            ConfigChecks.range(p, "itemsPerBatch", "jims.error.itemsPerBatchRange", itemsPerBatch, 100, 1000);
            ConfigChecks.range(p, "queryInterval", "jims.error.queryIntervalRange", queryIntervalSeconds, 1, 60);
            ConfigChecks.range(p, "maxConnections", "jims.error.maxConnectionsRange", maxConnections, 1, 20);
            ConfigChecks.range(
                    p, "ipQueriesPerSecond", "jims.error.ipQueriesPerSecondRange", ipQueriesPerSecond, 1, 10_000);
            ConfigChecks.zeroOrRange(
                    p,
                    "authenticationEntryTimeout",
                    "jims.error.authEntryTimeoutRange",
                    authenticationEntryTimeoutMinutes,
                    10,
                    1440);
            ConfigChecks.zeroOrRange(
                    p,
                    "invalidAuthenticationEntryTimeout",
                    "jims.error.invalidAuthEntryTimeoutRange",
                    invalidAuthenticationEntryTimeoutMinutes,
                    10,
                    1440);
            checkDomains(p);
            checkCidrs(p, "includeIp", "jims.error.includeIpInvalid", includeIp);
            checkCidrs(p, "excludeIp", "jims.error.excludeIpInvalid", excludeIp);
            ConfigChecks.range(p, "probeInterval", "jims.error.probeIntervalRange", probeIntervalSeconds, 1, 300);
            ConfigChecks.range(
                    p, "maxBodyBytes", "jims.error.maxBodyBytesRange", maxBodyBytes, 1024, 256 * 1024 * 1024);
            return p;
        }

        /** Builds the config; throws {@link JimsConfigException} listing every problem. */
        public JimsClientConfig build() {
            List<ConfigProblem> problems = validate();
            if (!problems.isEmpty()) {
                throw new JimsConfigException(problems);
            }
            return new JimsClientConfig(this);
        }

        private void checkDomains(List<ConfigProblem> p) {
            List<String> names = trimmed(domainFilter);
            if (names.size() > MAX_DOMAINS) {
                p.add(ConfigProblem.of("domainFilter", "jims.error.domainFilterTooMany", MAX_DOMAINS, names.size()));
            }
            for (String name : names) {
                boolean ok = name.equals("*")
                        || (name.length() <= 255 && IpAddresses.isHostName(name))
                        || name.matches("[A-Za-z0-9][A-Za-z0-9-]{0,14}"); // NetBIOS-style short names
                if (!ok) {
                    p.add(ConfigProblem.of("domainFilter", "jims.error.domainFilterInvalid", name));
                }
            }
            if (names.contains("*") && names.size() > 1) {
                p.add(ConfigProblem.of("domainFilter", "jims.error.domainFilterWildcardAlone"));
            }
        }

        private static void checkCidrs(List<ConfigProblem> p, String field, String key, List<String> list) {
            for (String s : trimmed(list)) {
                if (CidrBlock.parse(s) == null) {
                    p.add(ConfigProblem.of(field, key, s));
                }
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JimsClientConfig c
                && Objects.equals(primary, c.primary)
                && Objects.equals(secondary, c.secondary)
                && toString().equals(c.toString())
                && authenticationEntryTimeoutMinutes == c.authenticationEntryTimeoutMinutes
                && invalidAuthenticationEntryTimeoutMinutes == c.invalidAuthenticationEntryTimeoutMinutes
                && preserveValidUser == c.preserveValidUser
                && domainFilter.equals(c.domainFilter)
                && includeIp.equals(c.includeIp)
                && excludeIp.equals(c.excludeIp)
                && ipv6Entries == c.ipv6Entries
                && probeIntervalSeconds == c.probeIntervalSeconds
                && maxBodyBytes == c.maxBodyBytes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                primary, secondary, itemsPerBatch, queryIntervalSeconds, maxConnections, ipQueriesPerSecond);
    }
}
