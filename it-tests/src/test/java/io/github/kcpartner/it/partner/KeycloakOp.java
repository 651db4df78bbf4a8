package io.github.kcpartner.it.partner;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.keycloak.KeycloakAdminClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A realm of the shared Keycloak acting as the partner's OpenID provider, made through the admin
 * REST API: an RS256 and an ES256 signing key, one user with a password, and confidential clients
 * for our relying realm. Deleted again by {@link #close()}.
 */
final class KeycloakOp implements AutoCloseable {

    static final String USER = "carol";
    static final String PASSWORD = "carol-password";

    private final KeycloakServer server;
    private final KeycloakAdminClient admin;
    private final String name;

    private KeycloakOp(KeycloakServer server, String name) {
        this.server = server;
        this.admin = server.admin();
        this.name = name;
    }

    static KeycloakOp create(KeycloakServer server, String name) {
        KeycloakAdminClient admin = server.admin();
        if (admin.get("/realms/" + name).status() == 200) {
            admin.delete("/realms/" + name).expect(204);
        }
        Map<String, Object> realm = new LinkedHashMap<>();
        realm.put("realm", name);
        realm.put("enabled", true);
        realm.put("sslRequired", "none");
        realm.put("eventsEnabled", true);
        admin.post("/realms", realm).expect(201);
        String realmId =
                admin.get("/realms/" + name).expect(200).json().path("id").asText();

        Map<String, Object> ecKey = new LinkedHashMap<>();
        ecKey.put("name", "es256");
        ecKey.put("providerId", "ecdsa-generated");
        ecKey.put("providerType", "org.keycloak.keys.KeyProvider");
        ecKey.put("parentId", realmId);
        ecKey.put("config", Map.of("ecdsaEllipticCurveKey", List.of("P-256"), "priority", List.of("50")));
        admin.post("/realms/" + name + "/components", ecKey).expect(201);

        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", USER);
        user.put("enabled", true);
        user.put("email", "carol@op.example");
        user.put("emailVerified", true);
        user.put("firstName", "Carol");
        user.put("lastName", "Partner");
        user.put("credentials", List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false)));
        admin.post("/realms/" + name + "/users", user).expect(201);
        return new KeycloakOp(server, name);
    }

    String name() {
        return name;
    }

    String issuer() {
        return server.baseUrl() + "/realms/" + name;
    }

    String metadataUrl() {
        return issuer() + "/.well-known/openid-configuration";
    }

    /**
     * A confidential client whose only redirect URI is {@code redirectUri}, with the given client
     * attributes (OIDCConfigAttributes names); returns its client id and secret.
     */
    Client client(String redirectUri, Map<String, String> attributes) {
        String clientId = "rp-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = UUID.randomUUID().toString();
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("clientId", clientId);
        client.put("publicClient", false);
        client.put("secret", secret);
        client.put("standardFlowEnabled", true);
        client.put("redirectUris", List.of(redirectUri));
        client.put("attributes", attributes);
        client.put("frontchannelLogout", attributes.containsKey("frontchannel.logout.url"));
        admin.post("/realms/" + name + "/clients", client).expect(201);
        return new Client(clientId, secret);
    }

    String userId() {
        return admin.get("/realms/" + name + "/users?exact=true&username=" + USER)
                .expect(200)
                .json()
                .get(0)
                .path("id")
                .asText();
    }

    /** The ids of the OP user's sessions in which {@code clientId} took part (admin REST). */
    List<String> sessionsOf(String clientId) {
        List<String> ids = new java.util.ArrayList<>();
        for (JsonNode s : admin.get("/realms/" + name + "/users/" + userId() + "/sessions")
                .expect(200)
                .json()) {
            java.util.Iterator<JsonNode> clients = s.path("clients").elements();
            while (clients.hasNext()) {
                if (clientId.equals(clients.next().asText())) {
                    ids.add(s.path("id").asText());
                }
            }
        }
        return ids;
    }

    /** Signs the OP user out of every session: Keycloak sends back-channel logout tokens. */
    void logoutUser() {
        admin.post("/realms/" + name + "/users/" + userId() + "/logout", Map.of())
                .expect(204);
    }

    /**
     * Rotates the realm's {@code alg} signing key: a new generated key with a higher priority
     * becomes the active one, the keys before it stay published (passive) for tokens already out.
     *
     * @return the kid of the new active key
     */
    String rotateSigningKey(String alg) {
        String realmId =
                admin.get("/realms/" + name).expect(200).json().path("id").asText();
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("name", "rotated-" + alg.toLowerCase(java.util.Locale.ROOT) + "-" + UUID.randomUUID());
        key.put("providerType", "org.keycloak.keys.KeyProvider");
        key.put("parentId", realmId);
        if (alg.startsWith("ES")) {
            key.put("providerId", "ecdsa-generated");
            key.put("config", Map.of("ecdsaEllipticCurveKey", List.of("P-256"), "priority", List.of("500")));
        } else {
            key.put("providerId", "rsa-generated");
            key.put("config", Map.of("algorithm", List.of(alg), "priority", List.of("500")));
        }
        admin.post("/realms/" + name + "/components", key).expect(201);
        return activeKid(alg);
    }

    /** The kid the realm signs {@code alg} tokens with now. */
    String activeKid(String alg) {
        return admin.get("/realms/" + name + "/keys")
                .expect(200)
                .json()
                .path("active")
                .path(alg)
                .asText();
    }

    @Override
    public void close() {
        admin.delete("/realms/" + name);
    }

    record Client(String clientId, String secret) {}
}
