package io.github.kcpartner.jims.rest;

import io.github.kcpartner.jims.client.IdentityRecord;
import io.github.kcpartner.jims.client.JimsException;
import io.github.kcpartner.jims.client.JimsRequestException;
import io.github.kcpartner.jims.client.JimsUnavailableException;
import io.github.kcpartner.jims.client.ServerStatus;
import io.github.kcpartner.jims.storage.JimsDirectoryService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * Status, counters and lookups of one {@code jims} component. Status and counters need
 * view-realm; clearing counters manage-realm. A lookup reveals a user's addresses, device and
 * groups, so it needs view-users as well; asking JIMS again ({@code POST lookup/refresh}) changes
 * the table and needs manage-realm. Clearing and refreshing are recorded as admin events. Never
 * returns secrets or tokens (only whether a token is cached and when it expires).
 */
public final class JimsAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    JimsAdminResource(
            KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @GET
    @Path("{componentId}/status")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> status(@PathParam("componentId") String componentId) {
        auth.realm().requireViewRealm();
        return directory(componentId).lookup().client().status().stream()
                .map(JimsAdminResource::status)
                .toList();
    }

    @GET
    @Path("{componentId}/counters")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> counters(@PathParam("componentId") String componentId) {
        auth.realm().requireViewRealm();
        Map<String, Object> out = new LinkedHashMap<>();
        io.github.kcpartner.jims.client.JimsClient client =
                directory(componentId).lookup().client();
        client.counters().forEach((role, c) -> out.put(role.label(), c));
        out.put("Refused", client.refusedQueries()); // before any server: rate limit, no free connection
        return out;
    }

    @POST
    @Path("{componentId}/counters/clear")
    public Response clear(@PathParam("componentId") String componentId) {
        auth.realm().requireManageRealm();
        directory(componentId).lookup().client().clearCounters();
        recordAction();
        return Response.noContent().build();
    }

    /** Asks JIMS who is at {@code ip} now, bypassing and updating the table. */
    @POST
    @Path("{componentId}/lookup/refresh")
    @Produces(MediaType.APPLICATION_JSON)
    public Response refresh(@PathParam("componentId") String componentId, @QueryParam("ip") String ip) {
        auth.realm().requireManageRealm();
        auth.users().requireView();
        Response answer = lookupIp(directory(componentId), ip, true);
        if (answer.getStatus() == Response.Status.OK.getStatusCode()) {
            recordAction();
        }
        return answer;
    }

    private void recordAction() {
        adminEvent
                .operation(OperationType.ACTION)
                .resource(ResourceType.COMPONENT)
                .resourcePath(session.getContext().getUri())
                .success();
    }

    @GET
    @Path("{componentId}/lookup")
    @Produces(MediaType.APPLICATION_JSON)
    public Response lookup(
            @PathParam("componentId") String componentId,
            @QueryParam("ip") String ip,
            @QueryParam("user") String user,
            @QueryParam("refresh") boolean refresh) {
        auth.realm().requireViewRealm();
        auth.users().requireView();
        if (refresh) {
            return error(
                    Response.Status.BAD_REQUEST,
                    "invalid_request",
                    "asking JIMS again is POST .../lookup/refresh?ip=..., with manage-realm");
        }
        JimsDirectoryService d = directory(componentId);
        if (user != null && !user.isBlank()) {
            List<Map<String, Object>> found =
                    d.recordsOfUser(user).stream().map(r -> record(d, r)).toList();
            return Response.ok(Map.of("user", user, "entries", found)).build();
        }
        if (ip == null || ip.isBlank()) {
            return error(Response.Status.BAD_REQUEST, "invalid_request", "ip or user is required");
        }
        return lookupIp(d, ip, false);
    }

    private Response lookupIp(JimsDirectoryService d, String ip, boolean refresh) {
        if (ip == null || ip.isBlank()) {
            return error(Response.Status.BAD_REQUEST, "invalid_request", "ip is required");
        }
        try {
            Optional<IdentityRecord> r = refresh ? d.refreshIp(ip) : d.userAtIp(ip);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ip", ip);
            body.put("found", r.isPresent());
            r.ifPresent(x -> body.put("entry", record(d, x)));
            return Response.ok(body).build();
        } catch (JimsRequestException e) {
            return error(Response.Status.BAD_REQUEST, "invalid_request", e.getMessage());
        } catch (JimsUnavailableException e) {
            return error(Response.Status.SERVICE_UNAVAILABLE, "jims_unavailable", e.getMessage());
        } catch (JimsException e) {
            return error(Response.Status.BAD_GATEWAY, "jims_error", e.getMessage());
        }
    }

    private JimsDirectoryService directory(String componentId) {
        return JimsDirectoryService.forComponent(session, realm, componentId)
                .orElseThrow(() -> new NotFoundException("No jims component " + componentId));
    }

    private static Response error(Response.Status status, String error, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", error, "message", message == null ? "" : message))
                .build();
    }

    private static Map<String, Object> status(ServerStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", s.role().label());
        m.put("address", s.address());
        m.put("port", s.port());
        m.put("connectMethod", s.connectMethod().scheme());
        m.put("source", s.sourceAddress());
        m.put("status", s.state());
        m.put("lastStatus", s.lastStatus());
        m.put("lastCheck", s.lastCheck());
        m.put("lastCheckAt", time(s.lastCheckAt()));
        m.put("lastCheckOk", s.lastCheckAt() == null ? null : s.lastCheckOk());
        m.put("lastFailure", s.lastFailure());
        m.put("lastFailureAt", time(s.lastFailureAt()));
        m.put("accessToken", s.accessTokenDisplay());
        m.put("tokenPresent", s.tokenPresent());
        m.put(
                "tokenExpiresAt",
                s.tokenExpiresAt() == null ? null : s.tokenExpiresAt().toString());
        return m;
    }

    private static String time(java.time.Instant t) {
        return t == null ? null : t.toString();
    }

    private static Map<String, Object> record(JimsDirectoryService d, IdentityRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ip", r.ip());
        m.put("username", r.hasUser() ? d.username(r) : "");
        m.put("domain", r.domain());
        m.put("user", r.user());
        m.put("groups", r.groups());
        m.put("device", r.deviceName());
        m.put("deviceGroups", r.deviceGroups());
        m.put("source", r.source());
        m.put("timestamp", r.timestamp().toString());
        return m;
    }
}
