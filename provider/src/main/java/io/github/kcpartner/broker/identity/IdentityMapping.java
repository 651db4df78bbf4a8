package io.github.kcpartner.broker.identity;

import io.github.kcpartner.broker.login.PartnerLoginException;
import io.github.kcpartner.jims.storage.JimsDirectoryService;
import io.github.kcpartner.script.RuleException;
import io.github.kcpartner.script.RuleInput;
import io.github.kcpartner.script.RuleResult;
import io.github.kcpartner.script.ServerRules;
import io.github.kcpartner.vault.VaultSecrets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Applies a partner's identity mapping to the brokered identity, before Keycloak looks for or
 * creates the local user: nothing (federation: Keycloak's first-broker-login and username rules),
 * the partner's {@code sub} as the username (none), or the username and attributes a JavaScript
 * rule or an external web service gives. A mapping that fails stops the login; nothing of the
 * user is written.
 */
public final class IdentityMapping {

    /** Context data key: the group names or paths a mapping rule added, one per line. */
    public static final String GROUPS = "partner-oidc.mappedGroups";

    private static final Logger LOG = Logger.getLogger(IdentityMapping.class);

    private IdentityMapping() {}

    /**
     * @param config   the provider's config map
     * @param idClaims the validated ID token claims (may be {@code null})
     * @param userinfo the validated userinfo claims (may be {@code null})
     * @param sts      the server's client of identity-mapping web services (owned by the provider factory)
     * @throws PartnerLoginException reason {@code identity_mapping_failed} or {@code identity_mapping_unavailable}
     */
    public static void apply(
            KeycloakSession session,
            AuthenticationSessionModel authSession,
            Map<String, String> config,
            String alias,
            BrokeredIdentityContext identity,
            Map<String, Object> idClaims,
            Map<String, Object> userinfo,
            StsClient sts) {
        IdentityMappingSettings settings = IdentityMappingSettings.of(config);
        switch (settings.mode()) {
            case IdentityMappingSettings.NONE -> set(identity, identity.getId(), Map.of());
            case IdentityMappingSettings.JAVASCRIPT ->
                javascript(session, authSession, settings, alias, identity, idClaims, userinfo);
            case IdentityMappingSettings.WEBSERVICE ->
                webService(session, sts, settings, alias, identity, idClaims, userinfo);
            default -> {
                // federation: Keycloak's own first-broker-login flow and username rules
            }
        }
    }

    private static void javascript(
            KeycloakSession session,
            AuthenticationSessionModel authSession,
            IdentityMappingSettings settings,
            String alias,
            BrokeredIdentityContext identity,
            Map<String, Object> idClaims,
            Map<String, Object> userinfo) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put(
                "clientId",
                authSession.getClient() == null ? null : authSession.getClient().getClientId());
        request.put(
                "clientIp",
                session.getContext().getConnection() == null
                        ? null
                        : session.getContext().getConnection().getRemoteAddr());
        request.put("identityProvider", alias);
        RuleResult result;
        try {
            result = ServerRules.engine(session)
                    .evaluate(
                            settings.rule(),
                            new RuleInput(
                                    idClaims,
                                    userinfo,
                                    identityMap(identity),
                                    request,
                                    JimsDirectoryService.ruleLookup(session, authSession.getRealm())));
        } catch (RuleException e) {
            throw failure("identity_mapping_failed", e.getMessage(), e).withRuleError(e.eventDetail());
        }
        if (result.username() == null || result.username().isBlank()) {
            throw failure("identity_mapping_failed", "rule '" + settings.rule() + "' set no username", null);
        }
        set(identity, result.username(), result.attributes());
        if (!result.groups().isEmpty()) {
            // a string: the context is serialized into the auth session for first-broker-login
            identity.getContextData().put(GROUPS, String.join("\n", result.groups()));
        }
    }

    private static void webService(
            KeycloakSession session,
            StsClient sts,
            IdentityMappingSettings settings,
            String alias,
            BrokeredIdentityContext identity,
            Map<String, Object> idClaims,
            Map<String, Object> userinfo) {
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        ClaimValues.flatten(idClaims, attributes);
        ClaimValues.flatten(userinfo, attributes);
        Map<String, List<String>> context = new LinkedHashMap<>();
        context.put("partner", List.of(alias));
        if (session.getContext().getConnection() != null) {
            context.put("clientIp", List.of(session.getContext().getConnection().getRemoteAddr()));
        }
        StsUniversalUser request = new StsUniversalUser(identity.getId(), attributes, context);
        StsClient.Secrets secrets = new StsClient.Secrets(
                vault(session, settings.truststorePassword()),
                vault(session, settings.password()),
                vault(session, settings.keystorePassword()));
        try {
            StsUniversalUser mapped = sts.exchange(settings, secrets, request, alias);
            set(identity, mapped.principal(), mapped.attributes());
        } catch (StsClient.Failure e) {
            throw failure(
                    e.unavailable() ? "identity_mapping_unavailable" : "identity_mapping_failed", e.getMessage(), e);
        }
    }

    private static void set(BrokeredIdentityContext identity, String username, Map<String, List<String>> attributes) {
        identity.setUsername(username);
        identity.setModelUsername(username);
        attributes.forEach((name, values) -> {
            String first = values.isEmpty() ? null : values.get(0);
            switch (name) {
                case "email" -> identity.setEmail(first);
                case "firstName" -> identity.setFirstName(first);
                case "lastName" -> identity.setLastName(first);
                case "username" -> {
                    // the username comes from the principal / result.setUsername only
                }
                default -> identity.setUserAttribute(name, new ArrayList<>(values));
            }
        });
    }

    private static Map<String, Object> identityMap(BrokeredIdentityContext identity) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", identity.getId());
        map.put("username", identity.getUsername());
        map.put("email", identity.getEmail());
        map.put("firstName", identity.getFirstName());
        map.put("lastName", identity.getLastName());
        return map;
    }

    private static String vault(KeycloakSession session, String value) {
        return VaultSecrets.resolve(session, value);
    }

    private static PartnerLoginException failure(String reason, String detail, Throwable cause) {
        LOG.debugf("identity mapping failed (%s): %s", reason, detail);
        return new PartnerLoginException(reason, "identity mapping failed: " + detail, cause);
    }
}
