package io.github.kcpartner.it.flow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kcpartner.it.keycloak.KeycloakAdminClient;
import java.util.List;
import java.util.Map;

/**
 * Local users that the network steps bind to JIMS identities by an admin-only attribute, as an
 * administrator sets them up: the realm's unmanaged attributes become editable by administrators
 * only (users cannot claim an identity themselves), then each user gets a password and the
 * attribute {@value #ATTRIBUTE} = {@code <user>@<domain>}.
 */
final class NetworkUsers {

    static final String ATTRIBUTE = "jimsIdentity";

    private NetworkUsers() {}

    static void create(KeycloakAdminClient admin, String realm, String domain, String password, String... users) {
        ObjectNode profile = (ObjectNode) admin.get("/realms/" + realm + "/users/profile")
                .expect(200)
                .json()
                .deepCopy();
        profile.put("unmanagedAttributePolicy", "ADMIN_EDIT");
        admin.put("/realms/" + realm + "/users/profile", profile).expect(200);
        for (String user : users) {
            admin.post(
                            "/realms/" + realm + "/users",
                            Map.of(
                                    "username",
                                    user,
                                    "enabled",
                                    true,
                                    "email",
                                    user + "@example.com",
                                    "emailVerified",
                                    true,
                                    "firstName",
                                    user,
                                    "lastName",
                                    "Example",
                                    "attributes",
                                    Map.of(ATTRIBUTE, List.of(user + "@" + domain)),
                                    "credentials",
                                    List.of(Map.of("type", "password", "value", password, "temporary", false))))
                    .expect(201);
        }
    }
}
