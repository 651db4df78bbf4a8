package io.github.kcpartner.jims.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Connection settings of one JIMS server (primary or secondary), immutable and validated.
 * Build with {@link #builder(ServerRole)}; {@link Builder#validate()} lists every problem with a
 * message key, {@link Builder#build()} throws {@link JimsConfigException} if there is any.
 * The client secret and trust store password never appear in {@link #toString()}.
 */
public final class JimsServerConfig {

    public static final int DEFAULT_PORT = 443;
    public static final String DEFAULT_TOKEN_API = "oauth_token/oauth";
    public static final String DEFAULT_QUERY_API = "user_query/v2";
    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
    public static final int DEFAULT_READ_TIMEOUT_MS = 10_000;

    private final ServerRole role;
    private final String address;
    private final int port;
    private final ConnectMethod connectMethod;
    private final String clientId;
    private final String clientSecret;
    private final String caCertificatePem;
    private final String trustStoreFile;
    private final String trustStorePassword;
    private final String trustStoreType;
    private final String sourceAddress;
    private final String pathPrefix;
    private final String tokenApi;
    private final String queryApi;
    private final int connectTimeoutMs;
    private final int readTimeoutMs;

    private JimsServerConfig(Builder b) {
        role = b.role;
        address = stripBrackets(b.address.trim());
        port = b.port;
        connectMethod = b.connectMethod;
        clientId = b.clientId;
        clientSecret = b.clientSecret;
        caCertificatePem = blankToNull(b.caCertificatePem);
        trustStoreFile = blankToNull(b.trustStoreFile);
        trustStorePassword = b.trustStorePassword;
        trustStoreType = blankToNull(b.trustStoreType) == null ? "PKCS12" : b.trustStoreType.trim();
        sourceAddress = blankToNull(b.sourceAddress) == null ? null : IpAddresses.normalize(b.sourceAddress);
        pathPrefix = normalizePrefix(b.pathPrefix);
        tokenApi = stripSlash(b.tokenApi);
        queryApi = stripSlash(b.queryApi);
        connectTimeoutMs = b.connectTimeoutMs;
        readTimeoutMs = b.readTimeoutMs;
    }

    public static Builder builder(ServerRole role) {
        return new Builder(role);
    }

    /** The message key that names a server in a problem: {@code jims.group.primaryServer} or {@code ...secondaryServer}. */
    public static String subject(ServerRole role) {
        return role == ServerRole.PRIMARY ? "jims.group.primaryServer" : "jims.group.secondaryServer";
    }

    public ServerRole role() {
        return role;
    }
    /** IP literal (without brackets) or host name. */
    public String address() {
        return address;
    }

    public int port() {
        return port;
    }

    public ConnectMethod connectMethod() {
        return connectMethod;
    }

    public String clientId() {
        return clientId;
    }

    String clientSecret() {
        return clientSecret;
    }

    public String caCertificatePem() {
        return caCertificatePem;
    }

    public String trustStoreFile() {
        return trustStoreFile;
    }

    String trustStorePassword() {
        return trustStorePassword;
    }

    public String trustStoreType() {
        return trustStoreType;
    }
    /** Local address to bind, or {@code null} for automatic. */
    public String sourceAddress() {
        return sourceAddress;
    }
    /** Empty, or ending with {@code /}, never starting with one. */
    public String pathPrefix() {
        return pathPrefix;
    }

    public String tokenApi() {
        return tokenApi;
    }

    public String queryApi() {
        return queryApi;
    }

    public int connectTimeoutMs() {
        return connectTimeoutMs;
    }

    public int readTimeoutMs() {
        return readTimeoutMs;
    }

    /** {@code scheme://host:port/} with IPv6 literals bracketed. */
    public String baseUrl() {
        String host = address.indexOf(':') >= 0 ? "[" + address + "]" : address;
        return connectMethod.scheme() + "://" + host + ":" + port + "/";
    }

    public String tokenUrl() {
        return baseUrl() + pathPrefix + tokenApi;
    }

    public String queryUrl() {
        return baseUrl() + pathPrefix + queryApi;
    }

    @Override
    public String toString() {
        return role.label() + " " + baseUrl() + " (clientId=" + clientId + ", source="
                + (sourceAddress == null ? "auto" : sourceAddress)
                + ", ca=" + (caCertificatePem != null ? "pem" : trustStoreFile != null ? "truststore" : "jdk") + ")";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof JimsServerConfig c)) {
            return false;
        }
        return role == c.role
                && address.equals(c.address)
                && port == c.port
                && connectMethod == c.connectMethod
                && clientId.equals(c.clientId)
                && clientSecret.equals(c.clientSecret)
                && Objects.equals(caCertificatePem, c.caCertificatePem)
                && Objects.equals(trustStoreFile, c.trustStoreFile)
                && Objects.equals(trustStorePassword, c.trustStorePassword)
                && trustStoreType.equals(c.trustStoreType)
                && Objects.equals(sourceAddress, c.sourceAddress)
                && pathPrefix.equals(c.pathPrefix)
                && tokenApi.equals(c.tokenApi)
                && queryApi.equals(c.queryApi)
                && connectTimeoutMs == c.connectTimeoutMs
                && readTimeoutMs == c.readTimeoutMs;
    }

    @Override
    public int hashCode() {
        return Objects.hash(role, address, port, connectMethod, clientId, sourceAddress, tokenApi, queryApi);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String stripBrackets(String s) {
        return s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
    }

    private static String stripSlash(String s) {
        return s.startsWith("/") ? s.substring(1) : s;
    }

    private static String normalizePrefix(String p) {
        String s = p == null ? "" : p.trim();
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        return s.isEmpty() || s.endsWith("/") ? s : s + "/";
    }

    /** Mutable builder; every setter accepts raw admin input, {@link #validate()} judges it. */
    public static final class Builder {
        private final ServerRole role;
        private String address;
        private int port = DEFAULT_PORT;
        private ConnectMethod connectMethod = ConnectMethod.HTTPS;
        private String clientId;
        private String clientSecret;
        private String caCertificatePem;
        private String trustStoreFile;
        private String trustStorePassword;
        private String trustStoreType;
        private String sourceAddress;
        private String pathPrefix = "";
        private String tokenApi = DEFAULT_TOKEN_API;
        private String queryApi = DEFAULT_QUERY_API;
        private int connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
        private int readTimeoutMs = DEFAULT_READ_TIMEOUT_MS;

        private Builder(ServerRole role) {
            this.role = Objects.requireNonNull(role, "role");
        }

        public Builder address(String v) {
            address = v;
            return this;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        public Builder connectMethod(ConnectMethod v) {
            connectMethod = v;
            return this;
        }

        public Builder clientId(String v) {
            clientId = v;
            return this;
        }

        public Builder clientSecret(String v) {
            clientSecret = v;
            return this;
        }
        /** One or more PEM certificates of the CA(s) that issued the server certificate. */
        public Builder caCertificatePem(String v) {
            caCertificatePem = v;
            return this;
        }
        /** A trust store file instead of PEM; type defaults to PKCS12. */
        public Builder trustStore(String file, String password, String type) {
            trustStoreFile = file;
            trustStorePassword = password;
            trustStoreType = type;
            return this;
        }

        public Builder sourceAddress(String v) {
            sourceAddress = v;
            return this;
        }

        public Builder pathPrefix(String v) {
            pathPrefix = v;
            return this;
        }

        public Builder tokenApi(String v) {
            tokenApi = v;
            return this;
        }

        public Builder queryApi(String v) {
            queryApi = v;
            return this;
        }

        public Builder connectTimeoutMs(int v) {
            connectTimeoutMs = v;
            return this;
        }

        public Builder readTimeoutMs(int v) {
            readTimeoutMs = v;
            return this;
        }

        /**
         * Every problem found, each with a message key; empty when valid. The first parameter of
         * each is the message key that names the server ({@link #subject(ServerRole)}).
         */
        public List<ConfigProblem> validate() {
            String f = role == ServerRole.PRIMARY ? "primary." : "secondary.";
            List<ConfigProblem> p = new ArrayList<>();
            if (address == null || address.isBlank()) {
                p.add(ConfigProblem.of(f + "address", "jims.error.addressRequired"));
            } else if (notHostOnly(address.trim())) {
                p.add(ConfigProblem.of(f + "address", "jims.error.addressNotHost", address.trim()));
            } else if (IpAddresses.parse(address) == null && !IpAddresses.isHostName(address.trim())) {
                p.add(ConfigProblem.of(f + "address", "jims.error.addressInvalid", address.trim()));
            }
            ConfigChecks.range(p, f + "port", "jims.error.portRange", port, 1, 65535);
            if (connectMethod == null) {
                p.add(ConfigProblem.of(f + "connectMethod", "jims.error.connectMethodInvalid"));
            }
            ConfigChecks.length(p, f + "clientId", "jims.error.clientIdLength", clientId, 1, 64, true);
            if (clientSecret == null || clientSecret.isEmpty() || clientSecret.length() > 128) {
                p.add(ConfigProblem.of(f + "clientSecret", "jims.error.clientSecretLength", 1, 128));
            }
            if (blankToNull(caCertificatePem) != null && blankToNull(trustStoreFile) != null) {
                p.add(ConfigProblem.of(f + "caCertificate", "jims.error.caCertificateConflict"));
            } else if (blankToNull(caCertificatePem) != null && !SslContexts.isValidPem(caCertificatePem)) {
                p.add(ConfigProblem.of(f + "caCertificate", "jims.error.caCertificateInvalid"));
            }
            if (blankToNull(sourceAddress) != null && IpAddresses.parse(sourceAddress) == null) {
                p.add(ConfigProblem.of(f + "sourceAddress", "jims.error.sourceAddressInvalid", sourceAddress.trim()));
            }
            if (pathPrefix != null && !ConfigChecks.isPathSafe(pathPrefix, true)) {
                p.add(ConfigProblem.of(f + "pathPrefix", "jims.error.pathPrefixInvalid"));
            }
            ConfigChecks.path(p, f + "tokenApi", "jims.error.tokenApiLength", tokenApi, 1, 128);
            ConfigChecks.path(p, f + "queryApi", "jims.error.queryApiLength", queryApi, 4, 128);
            ConfigChecks.range(
                    p, f + "connectTimeoutMs", "jims.error.connectTimeoutRange", connectTimeoutMs, 100, 120_000);
            ConfigChecks.range(p, f + "readTimeoutMs", "jims.error.readTimeoutRange", readTimeoutMs, 100, 300_000);
            String subject = subject(role);
            return p.stream().map(x -> x.about(subject)).toList();
        }

        /**
         * A URL or {@code host:port} where the host alone belongs: a scheme, a path, a query, user
         * info, or a colon that is not part of an IPv6 literal.
         */
        private static boolean notHostOnly(String a) {
            return a.contains("://")
                    || a.contains("/")
                    || a.contains("?")
                    || a.contains("@")
                    || (a.contains(":") && IpAddresses.parse(a) == null);
        }

        /** Builds the config; throws {@link JimsConfigException} listing every problem. */
        public JimsServerConfig build() {
            List<ConfigProblem> problems = validate();
            if (!problems.isEmpty()) {
                throw new JimsConfigException(problems);
            }
            return new JimsServerConfig(this);
        }
    }
}
