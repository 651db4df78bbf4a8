package io.github.kcpartner.jims.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kcpartner.jims.client.ConfigProblem;
import io.github.kcpartner.jims.client.ConnectMethod;
import io.github.kcpartner.jims.client.JimsClientConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.provider.ProviderConfigProperty;

class JimsConfigTest {

    private static MultivaluedHashMap<String, String> valid() {
        MultivaluedHashMap<String, String> m = new MultivaluedHashMap<>();
        m.putSingle("primaryAddress", "jims1.example.com");
        m.putSingle("primaryClientId", "kc");
        m.putSingle("primaryClientSecret", "${vault.jims}");
        return m;
    }

    private static List<String> keys(MultivaluedHashMap<String, String> m) {
        return new JimsConfig(m, s -> s)
                .problems().stream().map(ConfigProblem::messageKey).toList();
    }

    @Test
    @DisplayName("given the minimal settings, then defaults apply and vault references are resolved")
    void defaults() {
        JimsConfig c = new JimsConfig(valid(), s -> s.equals("${vault.jims}") ? "resolved" : s);
        assertThat(c.problems()).isEmpty();
        JimsClientConfig cfg = c.clientConfig();
        assertThat(cfg.primary().port()).isEqualTo(443);
        assertThat(cfg.primary().connectMethod()).isEqualTo(ConnectMethod.HTTPS);
        assertThat(cfg.primary().tokenApi()).isEqualTo("oauth_token/oauth");
        assertThat(cfg.primary().queryApi()).isEqualTo("user_query/v2");
        assertThat(cfg.secondary()).isNull();
        assertThat(cfg.itemsPerBatch()).isEqualTo(200);
        assertThat(cfg.queryIntervalSeconds()).isEqualTo(5);
        assertThat(cfg.authenticationEntryTimeoutMinutes()).isEqualTo(60);
        assertThat(cfg.invalidAuthenticationEntryTimeoutMinutes()).isEqualTo(30);
        assertThat(cfg.ipQueriesPerSecond()).isEqualTo(20);
        assertThat(c.usernameForm()).isEqualTo(UsernameForm.DOMAIN_BACKSLASH_USER);
        assertThat(c.parentGroup()).isEqualTo("JIMS");
        assertThat(cfg.ipv6Entries()).as("IPv6 logons kept by default").isTrue();
        assertThat(cfg.toString()).doesNotContain("resolved");
    }

    @Test
    @DisplayName("given IPv6 entries turned off, then the client drops them; IPv6 blocks are accepted in the filters")
    void ipv6Setting() {
        var settings = valid();
        settings.putSingle("ipv6Entries", "false");
        settings.put("includeIp", List.of("10.0.0.0/8", "2001:db8::/32"));
        JimsConfig c = new JimsConfig(settings, s -> s);
        assertThat(c.problems()).isEmpty();
        assertThat(c.clientConfig().ipv6Entries()).isFalse();
        assertThat(c.clientConfig().includeIp()).contains("2001:db8::/32");
    }

    @Test
    @DisplayName("given every setting, then each maps to the client config")
    void mapsEverything() {
        MultivaluedHashMap<String, String> m = valid();
        m.putSingle("primaryPort", "8443");
        m.putSingle("primaryConnectMethod", "http");
        m.putSingle("allowPlainHttp", "true");
        m.putSingle("primaryReadTimeoutMs", "700");
        m.putSingle("primaryConnectTimeoutMs", "300");
        m.putSingle("primaryTokenApi", "/t/oauth");
        m.putSingle("primaryQueryApi", "q/v9");
        m.putSingle("secondaryAddress", "10.0.0.2");
        m.putSingle("secondaryClientId", "kc2");
        m.putSingle("secondaryClientSecret", "s2");
        m.putSingle("itemsPerBatch", "500");
        m.putSingle("queryInterval", "10");
        m.putSingle("queryDelayTime", "0"); // an SRX setting Keycloak does not offer: ignored
        m.putSingle("noIpQuery", "true");
        m.putSingle("maxConnections", "7");
        m.putSingle("ipQueriesPerSecond", "500");
        m.putSingle("authenticationEntryTimeout", "0");
        m.putSingle("invalidAuthenticationEntryTimeout", "15");
        m.putSingle("preserveValidUser", "true");
        m.put("domainFilter", List.of("corp.example.com", "LAB"));
        m.put("includeIp", List.of("10.0.0.0/8,192.168.0.0/16"));
        m.put("excludeIp", List.of("10.9.0.0/16"));
        m.putSingle("usernameForm", "user@domain");
        m.putSingle("parentGroup", "Firewall");
        JimsConfig c = new JimsConfig(m, s -> s);
        assertThat(c.problems()).isEmpty();
        JimsClientConfig cfg = c.clientConfig();
        assertThat(cfg.primary().port()).isEqualTo(8443);
        assertThat(cfg.primary().connectMethod()).isEqualTo(ConnectMethod.HTTP);
        assertThat(cfg.primary().readTimeoutMs()).isEqualTo(700);
        assertThat(cfg.primary().connectTimeoutMs()).isEqualTo(300);
        assertThat(cfg.primary().tokenUrl()).endsWith("/t/oauth");
        assertThat(cfg.secondary().address()).isEqualTo("10.0.0.2");
        assertThat(cfg.itemsPerBatch()).isEqualTo(500);
        assertThat(cfg.queryIntervalSeconds()).isEqualTo(10);
        assertThat(cfg.noIpQuery()).isTrue();
        assertThat(cfg.maxConnections()).isEqualTo(7);
        assertThat(cfg.ipQueriesPerSecond()).isEqualTo(500);
        assertThat(cfg.authenticationEntryTimeoutMinutes()).isZero();
        assertThat(cfg.preserveValidUser()).isTrue();
        assertThat(cfg.domainFilter()).containsExactly("corp.example.com", "LAB");
        assertThat(cfg.includeIp()).containsExactly("10.0.0.0/8", "192.168.0.0/16");
        assertThat(cfg.excludeIp()).containsExactly("10.9.0.0/16");
        assertThat(c.usernameForm()).isEqualTo(UsernameForm.USER_AT_DOMAIN);
        assertThat(c.parentGroup()).isEqualTo("Firewall");
    }

    @Test
    @DisplayName(
            "given http with a client secret and no plain-http switch, then the save is refused with a key naming the server")
    void plainHttpRefusedWithoutTheSwitch() {
        MultivaluedHashMap<String, String> primary = valid();
        primary.putSingle("primaryConnectMethod", "http");
        assertThat(new JimsConfig(primary, s -> s).problems())
                .extracting(ConfigProblem::field, ConfigProblem::messageKey)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("primaryConnectMethod", "jims.error.primaryPlainHttp"));

        MultivaluedHashMap<String, String> secondary = valid();
        secondary.putSingle("secondaryAddress", "10.0.0.2");
        secondary.putSingle("secondaryClientId", "kc2");
        secondary.putSingle("secondaryClientSecret", "${vault.jims2}");
        secondary.putSingle("secondaryConnectMethod", "HTTP");
        assertThat(keys(secondary)).containsExactly("jims.error.secondaryPlainHttp");

        secondary.putSingle("allowPlainHttp", "false");
        assertThat(keys(secondary)).as("the switch off").containsExactly("jims.error.secondaryPlainHttp");
    }

    @Test
    @DisplayName("given http on both servers and the plain-http switch on, then the settings are accepted")
    void plainHttpAcceptedWithTheSwitch() {
        MultivaluedHashMap<String, String> m = valid();
        m.putSingle("primaryConnectMethod", "http");
        m.putSingle("secondaryAddress", "10.0.0.2");
        m.putSingle("secondaryClientId", "kc2");
        m.putSingle("secondaryClientSecret", "${vault.jims2}");
        m.putSingle("secondaryConnectMethod", "http");
        m.putSingle("allowPlainHttp", "true");
        JimsConfig c = new JimsConfig(m, s -> s);
        assertThat(c.problems()).isEmpty();
        assertThat(c.clientConfig().primary().connectMethod()).isEqualTo(ConnectMethod.HTTP);
        assertThat(c.clientConfig().secondary().connectMethod()).isEqualTo(ConnectMethod.HTTP);
    }

    @Test
    @DisplayName("given https (explicit or by default) without the plain-http switch, then nothing is refused")
    void httpsUnaffected() {
        MultivaluedHashMap<String, String> m = valid();
        m.putSingle("primaryConnectMethod", "https");
        m.putSingle("secondaryAddress", "10.0.0.2");
        m.putSingle("secondaryClientId", "kc2");
        m.putSingle("secondaryClientSecret", "${vault.jims2}");
        assertThat(keys(m)).isEmpty();
        m.putSingle("allowPlainHttp", "false");
        assertThat(keys(m)).isEmpty();
    }

    @Test
    @DisplayName(
            "given a component saved with http and no plain-http switch, then validateConfiguration refuses it with the server's key")
    void plainHttpRefusedAtSave() {
        org.keycloak.component.ComponentModel model = new org.keycloak.component.ComponentModel();
        MultivaluedHashMap<String, String> m = valid();
        m.putSingle("primaryConnectMethod", "http");
        model.setConfig(m);
        JimsUserStorageProviderFactory factory = new JimsUserStorageProviderFactory();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> factory.validateConfiguration(null, null, model))
                .isInstanceOf(org.keycloak.component.ComponentValidationException.class)
                .hasMessage("jims.error.primaryPlainHttp");
        m.putSingle("allowPlainHttp", "true");
        factory.validateConfiguration(null, null, model);
    }

    @Test
    @DisplayName(
            "the plain-http switch is off by default and has a label and a help text that warns, in English, German and French")
    void plainHttpSwitchTexts() throws Exception {
        ProviderConfigProperty p = JimsConfigProperties.ALL.stream()
                .filter(x -> x.getName().equals("allowPlainHttp"))
                .findFirst()
                .orElseThrow();
        assertThat(p.getType()).isEqualTo(ProviderConfigProperty.BOOLEAN_TYPE);
        assertThat(p.getDefaultValue()).isEqualTo("false");
        for (String lang : List.of("en", "de", "fr")) {
            java.util.Properties messages = new java.util.Properties();
            try (var in = new java.io.InputStreamReader(
                    getClass().getResourceAsStream("/theme-resources/messages/messages_" + lang + ".properties"),
                    java.nio.charset.StandardCharsets.UTF_8)) {
                messages.load(in);
            }
            assertThat(messages)
                    .as(lang)
                    .containsKeys(
                            p.getLabel(),
                            p.getHelpText(),
                            "jims.error.primaryPlainHttp",
                            "jims.error.secondaryPlainHttp");
        }
        java.util.Properties en = new java.util.Properties();
        try (var in = getClass().getResourceAsStream("/theme-resources/messages/messages_en.properties")) {
            en.load(in);
        }
        assertThat(en.getProperty(p.getHelpText())).contains("in clear").contains("auto");
    }

    @Test
    @DisplayName("given out-of-range or malformed settings, then each is refused with its message key")
    void refusals() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("itemsPerBatch=5", "jims.error.itemsPerBatchRange"),
                Map.entry("queryInterval=61", "jims.error.queryIntervalRange"),
                Map.entry("maxConnections=21", "jims.error.maxConnectionsRange"),
                Map.entry("ipQueriesPerSecond=0", "jims.error.ipQueriesPerSecondRange"),
                Map.entry("ipQueriesPerSecond=10001", "jims.error.ipQueriesPerSecondRange"),
                Map.entry("authenticationEntryTimeout=5", "jims.error.authEntryTimeoutRange"),
                Map.entry("invalidAuthenticationEntryTimeout=2000", "jims.error.invalidAuthEntryTimeoutRange"),
                Map.entry("primaryPort=70000", "jims.error.portRange"),
                Map.entry("primaryPort=abc", "jims.error.notANumber"),
                Map.entry("primaryAddress=", "jims.error.addressRequired"),
                Map.entry("primaryConnectMethod=ftp", "jims.error.connectMethodInvalid"),
                Map.entry(
                        "primaryCaCertificate=-----BEGIN CERTIFICATE-----not a pem", "jims.error.caCertificateInvalid"),
                Map.entry("primaryCaCertificate=../../etc/passwd", "jims.error.caCertificateUnreadable"),
                Map.entry("includeIp=10.0.0.300/8", "jims.error.includeIpInvalid"),
                Map.entry("usernameForm=upn", "jims.error.usernameFormInvalid"),
                Map.entry("primaryCaCertificate=/nonexistent/ca.pem", "jims.error.caCertificateUnreadable"),
                Map.entry("parentGroup=a/b", "jims.error.parentGroupInvalid"),
                Map.entry("secondaryAddress=10.0.0.2", "jims.error.clientIdLength"));
        cases.forEach((setting, key) -> {
            MultivaluedHashMap<String, String> m = valid();
            String[] kv = setting.split("=", 2);
            m.putSingle(kv[0], kv[1]);
            assertThat(keys(m)).as(setting).contains(key);
        });
    }

    @Test
    @DisplayName("every property has a label and help text in messages_en, and the secrets are secret")
    void propertiesHaveMessages() throws Exception {
        for (ProviderConfigProperty p : JimsConfigProperties.ALL) {
            assertThat(io.github.kcpartner.messages.EnglishMessages.has(p.getLabel())
                            && io.github.kcpartner.messages.EnglishMessages.has(p.getHelpText()))
                    .as(p.getName())
                    .isTrue();
        }
        assertThat(JimsConfigProperties.ALL)
                .filteredOn(p -> p.getName().endsWith("ClientSecret"))
                .hasSize(2)
                .allMatch(ProviderConfigProperty::isSecret)
                .allMatch(p -> p.getType().equals(ProviderConfigProperty.PASSWORD));
    }

    @Test
    @DisplayName(
            "the form lists its properties by group, each English label starting with its group, and keeps the stored keys")
    void formGroups() throws Exception {
        List<String> labels = JimsConfigProperties.ALL.stream()
                .map(p -> io.github.kcpartner.messages.EnglishMessages.text(p.getLabel()))
                .toList();
        List<String> groups = List.of(
                "Primary server",
                "Secondary server",
                "Both servers",
                "Batch",
                "IP query",
                "Filters",
                "Timeouts",
                "Users",
                "Action");
        List<String> seen = labels.stream()
                .map(l -> l.substring(0, l.indexOf(": ")))
                .distinct()
                .toList();
        assertThat(seen).as("groups in form order, each one block").isEqualTo(groups);
        assertThat(labels)
                .startsWith(
                        "Primary server: Address",
                        "Primary server: Port",
                        "Primary server: Connect method",
                        "Primary server: Client ID")
                .contains(
                        "Secondary server: Port",
                        "Batch: Poll interval (s)",
                        "Timeouts: Primary server connect (ms)",
                        "Timeouts: Secondary server read (ms)")
                .endsWith("Action: Clear counters now");
        assertThat(JimsConfigProperties.ALL.stream().map(ProviderConfigProperty::getName))
                .as("stored keys unchanged")
                .contains(
                        "primaryAddress",
                        "primaryPort",
                        "primaryConnectTimeoutMs",
                        "secondaryReadTimeoutMs",
                        "itemsPerBatch",
                        "queryInterval",
                        "authenticationEntryTimeout",
                        "clearCountersNow")
                .doesNotHaveDuplicates()
                .hasSize(38);
    }

    @Test
    @DisplayName("every jims.error key the client library or the config can produce has an English text")
    void errorKeysHaveTexts() throws Exception {
        java.nio.file.Path src = java.nio.file.Path.of("src/main/java/io/github/kcpartner/jims");
        java.util.regex.Pattern key = java.util.regex.Pattern.compile("\"(jims\\.error\\.[A-Za-z]+)\"");
        try (var files = java.nio.file.Files.walk(src)) {
            for (java.nio.file.Path f :
                    files.filter(x -> x.toString().endsWith(".java")).toList()) {
                var m = key.matcher(java.nio.file.Files.readString(f));
                while (m.find()) {
                    assertThat(io.github.kcpartner.messages.EnglishMessages.has(m.group(1)))
                            .as(f + " " + m.group(1))
                            .isTrue();
                }
            }
        }
    }
}
