package io.github.kcpartner.jims.storage;

import static io.github.kcpartner.jims.storage.JimsConfigProperties.*;

import io.github.kcpartner.jims.client.ConfigProblem;
import io.github.kcpartner.jims.client.ConnectMethod;
import io.github.kcpartner.jims.client.JimsClientConfig;
import io.github.kcpartner.jims.client.JimsServerConfig;
import io.github.kcpartner.jims.client.ServerRole;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.keycloak.common.util.MultivaluedHashMap;

/**
 * Typed read side of a {@code jims} component's config map. {@link #problems} lists what is wrong
 * with message keys; {@link #clientConfig} builds the client library's config. Secrets go through
 * {@code secrets} (vault references such as {@code ${vault.jims}} are resolved there).
 */
final class JimsConfig {

    static final String DEFAULT_PARENT_GROUP = "JIMS";

    private final MultivaluedHashMap<String, String> config;
    private final UnaryOperator<String> secrets;
    private final List<ConfigProblem> parseProblems = new ArrayList<>();

    JimsConfig(MultivaluedHashMap<String, String> config, UnaryOperator<String> secrets) {
        this.config = config == null ? new MultivaluedHashMap<>() : config;
        this.secrets = secrets;
    }

    /** Every problem of these settings (parse errors first), each with a message key; empty when valid. */
    List<ConfigProblem> problems() {
        parseProblems.clear();
        List<ConfigProblem> p = new ArrayList<>();
        JimsServerConfig.Builder primary = server(ServerRole.PRIMARY, PRIMARY);
        p.addAll(primary.validate());
        JimsServerConfig.Builder secondary = hasSecondary() ? server(ServerRole.SECONDARY, SECONDARY) : null;
        if (secondary != null) {
            p.addAll(secondary.validate());
        }
        JimsClientConfig.Builder client = client(
                primary.validate().isEmpty() ? primary.build() : null,
                secondary != null && secondary.validate().isEmpty() ? secondary.build() : null);
        client.validate().stream()
                .filter(c -> !c.field().equals("primary") || p.isEmpty())
                .forEach(p::add);
        plainHttp(ServerRole.PRIMARY, PRIMARY, p);
        if (hasSecondary()) {
            plainHttp(ServerRole.SECONDARY, SECONDARY, p);
        }
        if (usernameForm() == null) {
            p.add(problem(USERNAME_FORM, "jims.error.usernameFormInvalid", get(USERNAME_FORM)));
        }
        if (parentGroup().contains("/")) {
            p.add(problem(PARENT_GROUP, "jims.error.parentGroupInvalid", parentGroup()));
        }
        List<ConfigProblem> all = new ArrayList<>(parseProblems);
        all.addAll(p);
        return all;
    }

    /** The client library's config; throws {@code JimsConfigException} when {@link #problems} is not empty. */
    JimsClientConfig clientConfig() {
        JimsServerConfig secondary =
                hasSecondary() ? server(ServerRole.SECONDARY, SECONDARY).build() : null;
        return client(server(ServerRole.PRIMARY, PRIMARY).build(), secondary).build();
    }

    /**
     * A server reached over plain {@code http} sends its client secret (and gets its answers) in
     * clear: refused unless the test-only switch {@value JimsConfigProperties#ALLOW_PLAIN_HTTP} is on.
     */
    private void plainHttp(ServerRole role, String prefix, List<ConfigProblem> p) {
        boolean http = ConnectMethod.parse(get(prefix + CONNECT_METHOD)) == ConnectMethod.HTTP;
        if (http && !get(prefix + CLIENT_SECRET).isBlank() && !allowPlainHttp()) {
            String key = role == ServerRole.PRIMARY ? "jims.error.primaryPlainHttp" : "jims.error.secondaryPlainHttp";
            p.add(new ConfigProblem(prefix + CONNECT_METHOD, key, List.of()));
        }
    }

    /** The test-only switch that lets a server be reached over plain http. */
    boolean allowPlainHttp() {
        return bool(ALLOW_PLAIN_HTTP);
    }

    boolean hasSecondary() {
        return !get(SECONDARY + ADDRESS).isBlank();
    }

    UsernameForm usernameForm() {
        return UsernameForm.parse(get(USERNAME_FORM));
    }

    String parentGroup() {
        String g = get(PARENT_GROUP).trim();
        return g.isEmpty() ? DEFAULT_PARENT_GROUP : g;
    }

    int authenticationEntryTimeoutMinutes() {
        return integer(AUTH_ENTRY_TIMEOUT, JimsClientConfig.DEFAULT_AUTH_ENTRY_TIMEOUT_MIN);
    }

    int queryIntervalSeconds() {
        return integer(QUERY_INTERVAL, JimsClientConfig.DEFAULT_QUERY_INTERVAL_S);
    }

    private JimsServerConfig.Builder server(ServerRole role, String prefix) {
        JimsServerConfig.Builder b = JimsServerConfig.builder(role)
                .address(get(prefix + ADDRESS).trim())
                .port(integer(prefix + PORT, JimsServerConfig.DEFAULT_PORT))
                .connectMethod(ConnectMethod.parse(orDefault(get(prefix + CONNECT_METHOD), "https")))
                .clientId(get(prefix + CLIENT_ID).trim())
                .clientSecret(secrets.apply(get(prefix + CLIENT_SECRET)))
                .caCertificatePem(caPem(prefix + CA_CERTIFICATE))
                .sourceAddress(get(prefix + SOURCE_ADDRESS))
                .tokenApi(orDefault(get(prefix + TOKEN_API), JimsServerConfig.DEFAULT_TOKEN_API))
                .queryApi(orDefault(get(prefix + QUERY_API), JimsServerConfig.DEFAULT_QUERY_API))
                .connectTimeoutMs(integer(prefix + CONNECT_TIMEOUT, JimsServerConfig.DEFAULT_CONNECT_TIMEOUT_MS))
                .readTimeoutMs(integer(prefix + READ_TIMEOUT, JimsServerConfig.DEFAULT_READ_TIMEOUT_MS));
        return b;
    }

    private JimsClientConfig.Builder client(JimsServerConfig primary, JimsServerConfig secondary) {
        return JimsClientConfig.builder()
                .primary(primary)
                .secondary(secondary)
                .itemsPerBatch(integer(ITEMS_PER_BATCH, JimsClientConfig.DEFAULT_ITEMS_PER_BATCH))
                .queryIntervalSeconds(queryIntervalSeconds())
                .noIpQuery(bool(NO_IP_QUERY))
                .maxConnections(integer(MAX_CONNECTIONS, JimsClientConfig.DEFAULT_MAX_CONNECTIONS))
                .ipQueriesPerSecond(integer(IP_QUERIES_PER_SECOND, JimsClientConfig.DEFAULT_IP_QUERIES_PER_SECOND))
                .authenticationEntryTimeoutMinutes(authenticationEntryTimeoutMinutes())
                .invalidAuthenticationEntryTimeoutMinutes(
                        integer(INVALID_AUTH_ENTRY_TIMEOUT, JimsClientConfig.DEFAULT_INVALID_AUTH_ENTRY_TIMEOUT_MIN))
                .preserveValidUser(bool(PRESERVE_VALID_USER))
                .domainFilter(list(DOMAIN_FILTER))
                .includeIp(list(INCLUDE_IP))
                .excludeIp(list(EXCLUDE_IP))
                // IPv6 logons are kept unless turned off (an empty setting means on)
                .ipv6Entries(get(IPV6_ENTRIES).isBlank() || bool(IPV6_ENTRIES));
    }

    private static ConfigProblem problem(String field, String key, String arg) {
        return new ConfigProblem(field, key, List.of(arg == null ? "" : arg));
    }

    private String get(String key) {
        String v = config.getFirst(key);
        return v == null ? "" : v;
    }

    /**
     * PEM text as given (a literal backslash-n counts as a line break, so a PEM fits an
     * environment placeholder on one line), or the content of the PEM file named (relative to, and
     * confined to, the partner files directory: {@code io.github.kcpartner.files.PartnerFiles}).
     */
    private String caPem(String key) {
        String v = get(key).trim();
        if (v.contains("-----BEGIN")) {
            return v.replace("\\n", "\n");
        }
        if (v.isEmpty()) {
            return v;
        }
        try {
            return java.nio.file.Files.readString(
                    io.github.kcpartner.files.PartnerFiles.server().resolve(v));
        } catch (io.github.kcpartner.files.PartnerFiles.FileRefusedException
                | java.io.IOException
                | RuntimeException e) {
            if (parseProblems.stream().noneMatch(p -> p.field().equals(key))) {
                String subject =
                        JimsServerConfig.subject(key.startsWith(PRIMARY) ? ServerRole.PRIMARY : ServerRole.SECONDARY);
                parseProblems.add(
                        problem(key, "jims.error.caCertificateUnreadable", v).about(subject));
            }
            return null;
        }
    }

    private static String orDefault(String v, String def) {
        return v == null || v.isBlank() ? def : v.trim();
    }

    private boolean bool(String key) {
        return Boolean.parseBoolean(get(key).trim());
    }

    private int integer(String key, int def) {
        String v = get(key).trim();
        if (v.isEmpty()) {
            return def;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            if (parseProblems.stream().noneMatch(p -> p.field().equals(key))) {
                // named by its label in the form, e.g. "Primary server: Port must be a whole number, was abc."
                parseProblems.add(problem(key, "jims.error.notANumber", v).about("jims." + key));
            }
            return def;
        }
    }

    /** Every value of a multivalued property; a single value may also list several, split by commas. */
    private List<String> list(String key) {
        List<String> values = config.getOrDefault(key, List.of());
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (v != null) {
                Arrays.stream(v.split("[,\\s]+"))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .forEach(out::add);
            }
        }
        return out;
    }
}
