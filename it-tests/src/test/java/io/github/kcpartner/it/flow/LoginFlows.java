package io.github.kcpartner.it.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcpartner.it.keycloak.KeycloakAdminClient;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds login flows through the admin API as an administrator does in Authentication &gt; Flows:
 * a top-level flow, its steps and sub-flows with their requirements, a step's configuration.
 */
public final class LoginFlows {

    private final KeycloakAdminClient admin;
    private final String base;

    public LoginFlows(KeycloakAdminClient admin, String realm) {
        this.admin = admin;
        this.base = "/realms/" + realm + "/authentication";
    }

    /** Creates a top-level flow {@code alias}. */
    public void createTopLevel(String alias) {
        admin.post(
                        base + "/flows",
                        Map.of(
                                "alias",
                                alias,
                                "providerId",
                                "basic-flow",
                                "topLevel",
                                true,
                                "builtIn",
                                false,
                                "description",
                                "made by a test"))
                .expect(201);
    }

    /** Adds step {@code provider} to flow {@code flow} with {@code requirement}; returns the execution id. */
    public String addStep(String flow, String provider, String requirement) {
        admin.post(base + "/flows/" + flow + "/executions/execution", Map.of("provider", provider))
                .expect(201);
        return setRequirement(
                flow,
                e -> provider.equals(e.path("providerId").asText())
                        && !e.path("authenticationFlow").asBoolean(),
                requirement);
    }

    /** Adds sub-flow {@code alias} to {@code flow} with {@code requirement}. */
    public void addSubFlow(String flow, String alias, String requirement) {
        admin.post(
                        base + "/flows/" + flow + "/executions/flow",
                        Map.of(
                                "alias",
                                alias,
                                "type",
                                "basic-flow",
                                "provider",
                                "registration-page-form",
                                "description",
                                "made by a test"))
                .expect(201);
        setRequirement(flow, e -> alias.equals(e.path("displayName").asText()), requirement);
    }

    /** Saves the configuration of execution {@code executionId}; returns the configuration's id. */
    public String configure(String executionId, String alias, Map<String, String> config) {
        String location = admin.post(
                        base + "/executions/" + executionId + "/config", Map.of("alias", alias, "config", config))
                .expect(201)
                .location();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** Replaces the configuration {@code configId}. */
    public void reconfigure(String configId, String alias, Map<String, String> config) {
        admin.put(base + "/config/" + configId, Map.of("id", configId, "alias", alias, "config", config))
                .expect(204);
    }

    private String setRequirement(String flow, java.util.function.Predicate<JsonNode> which, String requirement) {
        JsonNode found = null;
        for (JsonNode e :
                admin.get(base + "/flows/" + flow + "/executions").expect(200).json()) {
            if (e.path("level").asInt() == 0 && which.test(e)) {
                found = e;
            }
        }
        if (found == null) {
            throw new AssertionError("no such execution in flow " + flow);
        }
        Map<String, Object> update = new LinkedHashMap<>();
        found.fields().forEachRemaining(f -> update.put(f.getKey(), f.getValue()));
        update.put("requirement", requirement);
        KeycloakAdminClient.Response r = admin.put(base + "/flows/" + flow + "/executions", update);
        if (r.status() / 100 != 2) {
            throw new AssertionError("requirement " + requirement + " refused: HTTP " + r.status() + " " + r.body());
        }
        return found.path("id").asText();
    }

    /** Config map helper: key, value, key, value... */
    public static Map<String, String> config(String... pairs) {
        Map<String, String> c = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            c.put(pairs[i], pairs[i + 1]);
        }
        return c;
    }
}
