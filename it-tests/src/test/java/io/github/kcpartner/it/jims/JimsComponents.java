package io.github.kcpartner.it.jims;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.keycloak.KeycloakAdminClient;
import io.github.kcpartner.it.support.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Creates {@code jims} components through the admin REST API and calls their admin endpoints. */
public final class JimsComponents {

    private final KeycloakServer server;
    private final String realm;

    public JimsComponents(KeycloakServer server, String realm) {
        this.server = server;
        this.realm = realm;
    }

    /** Settings for both simulators of the pair, over HTTPS with the pair's CA; change as needed. */
    public static Map<String, List<String>> settings(JimsPair jims) {
        String ca;
        try {
            ca = Files.readString(jims.caPem());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, List<String>> c = new LinkedHashMap<>();
        c.put("enabled", List.of("true"));
        c.put("primaryAddress", List.of("127.0.0.1"));
        c.put("primaryPort", List.of(Integer.toString(jims.primary().port())));
        c.put("primaryClientId", List.of(jims.primary().clientId()));
        c.put(
                "primaryClientSecret",
                List.of(io.github.kcpartner.it.harness.TestVault.shared(
                        "jims_primary_secret", jims.primary().clientSecret())));
        c.put("primaryCaCertificate", List.of(ca));
        c.put("primaryReadTimeoutMs", List.of("2000"));
        c.put("primaryConnectTimeoutMs", List.of("1000"));
        c.put("secondaryAddress", List.of("127.0.0.1"));
        c.put("secondaryPort", List.of(Integer.toString(jims.secondary().port())));
        c.put("secondaryClientId", List.of(jims.secondary().clientId()));
        c.put(
                "secondaryClientSecret",
                List.of(io.github.kcpartner.it.harness.TestVault.shared(
                        "jims_secondary_secret", jims.secondary().clientSecret())));
        c.put("secondaryCaCertificate", List.of(ca));
        c.put("queryInterval", List.of("1"));
        return c;
    }

    /** Tries to create a component and returns the answer. */
    public KeycloakAdminClient.Response tryCreate(String name, Map<String, List<String>> config) {
        String realmId =
                admin().get("/realms/" + realm).expect(200).json().path("id").asText();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("providerId", "jims");
        body.put("providerType", "org.keycloak.storage.UserStorageProvider");
        body.put("parentId", realmId);
        body.put("config", config);
        return admin().post("/realms/" + realm + "/components", body);
    }

    /** Creates a component and returns its id. */
    public String create(String name, Map<String, List<String>> config) {
        KeycloakAdminClient.Response r = tryCreate(name, config).expect(201);
        return r.location().substring(r.location().lastIndexOf('/') + 1);
    }

    /** The table's answer for {@code ip}, or with {@code refresh} JIMS's answer now (POST, manage-realm). */
    public KeycloakAdminClient.Response lookupIp(String id, String ip, boolean refresh) {
        String base = "/realms/" + realm + "/jims/" + id + "/lookup";
        return refresh
                ? admin().post(base + "/refresh?ip=" + enc(ip), java.util.Map.of())
                : admin().get(base + "?ip=" + enc(ip));
    }

    KeycloakAdminClient.Response lookupUser(String id, String user) {
        return admin().get("/realms/" + realm + "/jims/" + id + "/lookup?user=" + enc(user));
    }

    JsonNode status(String id) {
        return admin().get("/realms/" + realm + "/jims/" + id + "/status")
                .expect(200)
                .json();
    }

    JsonNode counters(String id) {
        return admin().get("/realms/" + realm + "/jims/" + id + "/counters")
                .expect(200)
                .json();
    }

    /** The status entry of {@code type} (Primary or Secondary). */
    JsonNode server(String id, String type) {
        for (JsonNode s : status(id)) {
            if (s.path("type").asText().equals(type)) {
                return s;
            }
        }
        throw new AssertionError("no " + type + " in " + status(id));
    }

    /** Polls the status until {@code test} holds (or fails after {@code timeout}). */
    JsonNode awaitStatus(String id, String type, Predicate<JsonNode> test, Duration timeout)
            throws InterruptedException {
        JsonNode[] last = {null};
        try {
            Poll.until(
                    "status of " + type,
                    timeout,
                    Duration.ofMillis(100),
                    () -> true,
                    () -> test.test(last[0] = server(id, type)));
        } catch (IllegalStateException e) {
            throw new AssertionError("status of " + type + " never matched: " + last[0], e);
        }
        return last[0];
    }

    KeycloakAdminClient admin() {
        return server.admin();
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
