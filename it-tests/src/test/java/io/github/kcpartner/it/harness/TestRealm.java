package io.github.kcpartner.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcpartner.it.keycloak.KeycloakAdminClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A realm made by a test class through the admin API: login events stored, a public test client
 * whose redirect URI is a {@link RedirectReceiver}, and helpers for identity providers, users
 * and events. Deleted again by {@link #close()}.
 */
public final class TestRealm implements AutoCloseable {

    public static final String CLIENT_ID = "it-client";

    private final KeycloakAdminClient admin;
    private final String name;
    private final RedirectReceiver receiver;

    private TestRealm(KeycloakAdminClient admin, String name, RedirectReceiver receiver) {
        this.admin = admin;
        this.name = name;
        this.receiver = receiver;
    }

    public static TestRealm create(KeycloakServer server, String name) {
        KeycloakAdminClient admin = server.admin();
        if (admin.get("/realms/" + name).status() == 200) {
            admin.delete("/realms/" + name).expect(204);
        }
        RedirectReceiver receiver = RedirectReceiver.start();
        Map<String, Object> realm = new LinkedHashMap<>();
        realm.put("realm", name);
        realm.put("enabled", true);
        realm.put("sslRequired", "none");
        realm.put("eventsEnabled", true);
        realm.put("eventsExpiration", 3600);
        realm.put("adminEventsEnabled", true);
        realm.put("adminEventsDetailsEnabled", true);
        admin.post("/realms", realm).expect(201);
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("clientId", CLIENT_ID);
        client.put("publicClient", true);
        client.put("standardFlowEnabled", true);
        client.put("redirectUris", List.of(receiver.url()));
        admin.post("/realms/" + name + "/clients", client).expect(201);
        return new TestRealm(admin, name, receiver);
    }

    public String name() {
        return name;
    }

    public RedirectReceiver receiver() {
        return receiver;
    }

    /** Creates (or replaces) an identity provider of this realm. */
    public void putIdentityProvider(String alias, String providerId, Map<String, String> config) {
        admin.delete("/realms/" + name + "/identity-provider/instances/" + alias);
        Map<String, Object> idp = new LinkedHashMap<>();
        idp.put("alias", alias);
        idp.put("providerId", providerId);
        idp.put("enabled", true);
        idp.put("trustEmail", true);
        idp.put("config", config);
        admin.post("/realms/" + name + "/identity-provider/instances", idp).expect(201);
    }

    /** Tries to create an identity provider and returns the admin API's answer (for refused configs). */
    public KeycloakAdminClient.Response tryIdentityProvider(
            String alias, String providerId, Map<String, String> config) {
        Map<String, Object> idp = new LinkedHashMap<>();
        idp.put("alias", alias);
        idp.put("providerId", providerId);
        idp.put("enabled", true);
        idp.put("config", config);
        return admin.post("/realms/" + name + "/identity-provider/instances", idp);
    }

    /** Login error events, newest first. */
    public List<JsonNode> loginErrors() {
        List<JsonNode> errors = new ArrayList<>();
        admin.get("/realms/" + name + "/events?type=IDENTITY_PROVIDER_LOGIN_ERROR&max=50")
                .expect(200)
                .json()
                .forEach(errors::add);
        return errors;
    }

    public void clearEvents() {
        admin.delete("/realms/" + name + "/events");
    }

    public JsonNode user(String username) {
        JsonNode users = admin.get("/realms/" + name + "/users?exact=true&username=" + username)
                .expect(200)
                .json();
        return users.isEmpty() ? null : users.get(0);
    }

    /** How many users the realm has. */
    public int userCount() {
        return admin.get("/realms/" + name + "/users/count").expect(200).json().asInt();
    }

    public void deleteUsers() {
        for (JsonNode user :
                admin.get("/realms/" + name + "/users?max=1000").expect(200).json()) {
            admin.delete("/realms/" + name + "/users/" + user.path("id").asText());
        }
    }

    @Override
    public void close() {
        receiver.close();
        admin.delete("/realms/" + name);
    }
}
