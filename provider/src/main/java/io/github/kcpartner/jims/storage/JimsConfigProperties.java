package io.github.kcpartner.jims.storage;

import io.github.kcpartner.jims.client.JimsClientConfig;
import io.github.kcpartner.jims.client.JimsServerConfig;
import java.util.List;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** The admin-console properties of the {@code jims} user storage; labels and help texts are message keys. */
final class JimsConfigProperties {

    static final String PRIMARY = "primary";
    static final String SECONDARY = "secondary";

    static final String ADDRESS = "Address";
    static final String PORT = "Port";
    static final String CONNECT_METHOD = "ConnectMethod";
    static final String CLIENT_ID = "ClientId";
    static final String CLIENT_SECRET = "ClientSecret";
    static final String CA_CERTIFICATE = "CaCertificate";
    static final String SOURCE_ADDRESS = "SourceAddress";
    static final String TOKEN_API = "TokenApi";
    static final String QUERY_API = "QueryApi";
    static final String CONNECT_TIMEOUT = "ConnectTimeoutMs";
    static final String READ_TIMEOUT = "ReadTimeoutMs";

    static final String ITEMS_PER_BATCH = "itemsPerBatch";
    static final String QUERY_INTERVAL = "queryInterval";
    static final String NO_IP_QUERY = "noIpQuery";
    static final String MAX_CONNECTIONS = "maxConnections";
    static final String IP_QUERIES_PER_SECOND = "ipQueriesPerSecond";
    static final String AUTH_ENTRY_TIMEOUT = "authenticationEntryTimeout";
    static final String INVALID_AUTH_ENTRY_TIMEOUT = "invalidAuthenticationEntryTimeout";
    static final String PRESERVE_VALID_USER = "preserveValidUser";
    static final String DOMAIN_FILTER = "domainFilter";
    static final String INCLUDE_IP = "includeIp";
    static final String EXCLUDE_IP = "excludeIp";
    static final String IPV6_ENTRIES = "ipv6Entries";
    static final String USERNAME_FORM = "usernameForm";
    static final String PARENT_GROUP = "parentGroup";
    /** Test only: lets a server be reached over plain http, its client secret then travelling in clear. */
    static final String ALLOW_PLAIN_HTTP = "allowPlainHttp";
    /** A one-shot action, not a setting: clears the counters when the form is saved, never stored. */
    static final String CLEAR_COUNTERS_NOW = "clearCountersNow";

    static final List<ProviderConfigProperty> ALL = build();

    private JimsConfigProperties() {}

    /**
     * The form in groups, in this order (Keycloak shows the properties as one flat list, so every
     * label starts with its group): Primary server, Secondary server, the plain-http switch of both,
     * Batch, IP query, Filters, Timeouts, Users, and the one-shot action.
     */
    private static List<ProviderConfigProperty> build() {
        ProviderConfigurationBuilder b = ProviderConfigurationBuilder.create();
        server(b, PRIMARY, true);
        server(b, SECONDARY, false);
        bool(b, ALLOW_PLAIN_HTTP);
        // Batch
        integer(b, ITEMS_PER_BATCH, JimsClientConfig.DEFAULT_ITEMS_PER_BATCH);
        integer(b, QUERY_INTERVAL, JimsClientConfig.DEFAULT_QUERY_INTERVAL_S);
        // IP query
        bool(b, NO_IP_QUERY);
        integer(b, MAX_CONNECTIONS, JimsClientConfig.DEFAULT_MAX_CONNECTIONS);
        integer(b, IP_QUERIES_PER_SECOND, JimsClientConfig.DEFAULT_IP_QUERIES_PER_SECOND);
        bool(b, PRESERVE_VALID_USER);
        // Filters
        multi(b, DOMAIN_FILTER);
        multi(b, INCLUDE_IP);
        multi(b, EXCLUDE_IP);
        b.property()
                .name(IPV6_ENTRIES)
                .label("jims." + IPV6_ENTRIES)
                .helpText("jims." + IPV6_ENTRIES + "Help")
                .type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("true")
                .add();
        // Timeouts
        timeouts(b, PRIMARY);
        timeouts(b, SECONDARY);
        integer(b, AUTH_ENTRY_TIMEOUT, JimsClientConfig.DEFAULT_AUTH_ENTRY_TIMEOUT_MIN);
        integer(b, INVALID_AUTH_ENTRY_TIMEOUT, JimsClientConfig.DEFAULT_INVALID_AUTH_ENTRY_TIMEOUT_MIN);
        // Users
        b.property()
                .name(USERNAME_FORM)
                .label("jims." + USERNAME_FORM)
                .helpText("jims." + USERNAME_FORM + "Help")
                .type(ProviderConfigProperty.LIST_TYPE)
                .options(UsernameForm.labels())
                .defaultValue(UsernameForm.DOMAIN_BACKSLASH_USER.label())
                .add();
        b.property()
                .name(PARENT_GROUP)
                .label("jims." + PARENT_GROUP)
                .helpText("jims." + PARENT_GROUP + "Help")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(JimsConfig.DEFAULT_PARENT_GROUP)
                .add();
        // Action
        bool(b, CLEAR_COUNTERS_NOW);
        return b.build();
    }

    /** The connection of one server; its timeouts are in the Timeouts group ({@link #timeouts}). */
    private static void server(ProviderConfigurationBuilder b, String prefix, boolean required) {
        text(b, prefix + ADDRESS, ProviderConfigProperty.STRING_TYPE, null, required);
        text(
                b,
                prefix + PORT,
                ProviderConfigProperty.STRING_TYPE,
                Integer.toString(JimsServerConfig.DEFAULT_PORT),
                false);
        b.property()
                .name(prefix + CONNECT_METHOD)
                .label("jims." + prefix + CONNECT_METHOD)
                .helpText("jims." + prefix + CONNECT_METHOD + "Help")
                .type(ProviderConfigProperty.LIST_TYPE)
                .options("https", "http")
                .defaultValue("https")
                .add();
        text(b, prefix + CLIENT_ID, ProviderConfigProperty.STRING_TYPE, null, required);
        b.property()
                .name(prefix + CLIENT_SECRET)
                .label("jims." + prefix + CLIENT_SECRET)
                .helpText("jims." + prefix + CLIENT_SECRET + "Help")
                .type(ProviderConfigProperty.PASSWORD)
                .secret(true)
                .required(required)
                .add();
        text(b, prefix + CA_CERTIFICATE, ProviderConfigProperty.TEXT_TYPE, null, false);
        text(b, prefix + SOURCE_ADDRESS, ProviderConfigProperty.STRING_TYPE, null, false);
        text(b, prefix + TOKEN_API, ProviderConfigProperty.STRING_TYPE, JimsServerConfig.DEFAULT_TOKEN_API, false);
        text(b, prefix + QUERY_API, ProviderConfigProperty.STRING_TYPE, JimsServerConfig.DEFAULT_QUERY_API, false);
    }

    private static void timeouts(ProviderConfigurationBuilder b, String prefix) {
        text(
                b,
                prefix + CONNECT_TIMEOUT,
                ProviderConfigProperty.STRING_TYPE,
                Integer.toString(JimsServerConfig.DEFAULT_CONNECT_TIMEOUT_MS),
                false);
        text(
                b,
                prefix + READ_TIMEOUT,
                ProviderConfigProperty.STRING_TYPE,
                Integer.toString(JimsServerConfig.DEFAULT_READ_TIMEOUT_MS),
                false);
    }

    private static void text(ProviderConfigurationBuilder b, String name, String type, String def, boolean required) {
        b.property()
                .name(name)
                .label("jims." + name)
                .helpText("jims." + name + "Help")
                .type(type)
                .defaultValue(def)
                .required(required)
                .add();
    }

    private static void integer(ProviderConfigurationBuilder b, String name, int def) {
        text(b, name, ProviderConfigProperty.STRING_TYPE, Integer.toString(def), false);
    }

    private static void bool(ProviderConfigurationBuilder b, String name) {
        b.property()
                .name(name)
                .label("jims." + name)
                .helpText("jims." + name + "Help")
                .type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("false")
                .add();
    }

    private static void multi(ProviderConfigurationBuilder b, String name) {
        b.property()
                .name(name)
                .label("jims." + name)
                .helpText("jims." + name + "Help")
                .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .add();
    }
}
