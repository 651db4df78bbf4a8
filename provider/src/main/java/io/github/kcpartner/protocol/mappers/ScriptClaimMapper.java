package io.github.kcpartner.protocol.mappers;

import io.github.kcpartner.broker.partner.PartnerSessionClaims;
import io.github.kcpartner.jims.storage.JimsDirectoryService;
import io.github.kcpartner.script.JimsLookup;
import io.github.kcpartner.script.RuleException;
import io.github.kcpartner.script.RuleInput;
import io.github.kcpartner.script.RuleResult;
import io.github.kcpartner.script.ServerRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperContainerModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ProtocolMapperConfigException;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.representations.IDToken;

/**
 * The JavaScript claim mapper: an operator's rule (chosen by name; the console never takes
 * script) computes claims from the local user, the session and the partner's claims; each
 * {@code result.setClaim(name, value)} becomes a claim (a dotted name nests). A failing rule adds
 * no claim and is logged with its name and line; the token is still issued.
 */
public final class ScriptClaimMapper extends PartnerTokenMapper {

    public static final String PROVIDER_ID = "partner-oidc-javascript-claim-mapper";
    static final String RULE = "ruleName";

    private static final Logger LOG = Logger.getLogger(ScriptClaimMapper.class);

    public ScriptClaimMapper() {
        super(
                PROVIDER_ID,
                "JavaScript claim rule",
                "scriptClaimMapper.help",
                ProviderConfigurationBuilder.create()
                        .property()
                        .name(RULE)
                        .type(ProviderConfigProperty.STRING_TYPE)
                        .label("scriptClaimMapper.ruleName")
                        .helpText("scriptClaimMapper.ruleName.help")
                        .add()
                        .property()
                        .name(JimsIdentityMapper.COMPONENT)
                        .type(ProviderConfigProperty.STRING_TYPE)
                        .label("jimsIdentityMapper.component")
                        .helpText("scriptClaimMapper.component.help")
                        .add()
                        .build());
    }

    @Override
    public void validateConfig(
            KeycloakSession session, RealmModel realm, ProtocolMapperContainerModel client, ProtocolMapperModel model)
            throws ProtocolMapperConfigException {
        String rule = config(model, RULE, "");
        if (rule.isEmpty()) {
            throw new ProtocolMapperConfigException("scriptClaimMapper.error.noRule", "scriptClaimMapper.error.noRule");
        }
        if (!ServerRules.engine(session).ruleNames().contains(rule)) {
            throw new ProtocolMapperConfigException(
                    "scriptClaimMapper.error.unknownRule", "scriptClaimMapper.error.unknownRule");
        }
    }

    @Override
    protected void setClaim(
            IDToken token,
            ProtocolMapperModel model,
            UserSessionModel userSession,
            KeycloakSession session,
            ClientSessionContext clientSessionCtx) {
        if (userSession == null) {
            return;
        }
        String rule = config(model, RULE, "");
        JimsLookup jims = JimsDirectoryService.forSetting(
                        session, userSession.getRealm(), config(model, JimsIdentityMapper.COMPONENT, ""))
                .map(d -> d.ruleLookup(session))
                .orElse(JimsLookup.NONE);
        PartnerSessionClaims.Claims partner = PartnerSessionClaims.read(userSession)
                .orElse(new PartnerSessionClaims.Claims(null, Map.of(), Map.of()));
        RuleInput input = new RuleInput(
                partner.idToken(),
                partner.userinfo(),
                identity(userSession.getUser()),
                request(userSession, clientSessionCtx, partner.alias()),
                jims);
        RuleResult result;
        try {
            result = ServerRules.engine(session).evaluate(rule, input);
        } catch (RuleException e) {
            LOG.warnf(
                    "claim rule %s failed at line %d (%s); mapper %s adds no claim",
                    e.rule(), e.line(), e.reason(), model.getName());
            LOG.debugf("claim rule failure: %s", e.getMessage());
            return;
        }
        result.claims().forEach((name, value) -> putClaim(token, name, value));
    }

    static Map<String, Object> identity(UserModel user) {
        Map<String, Object> identity = new LinkedHashMap<>();
        if (user == null) {
            return identity;
        }
        identity.put("id", user.getId());
        identity.put("username", user.getUsername());
        identity.put("email", user.getEmail());
        identity.put("firstName", user.getFirstName());
        identity.put("lastName", user.getLastName());
        Map<String, Object> attributes = new LinkedHashMap<>();
        user.getAttributes().forEach((name, values) -> attributes.put(name, new ArrayList<>(values)));
        identity.put("attributes", attributes);
        return identity;
    }

    private static Map<String, Object> request(UserSessionModel userSession, ClientSessionContext ctx, String alias) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put(
                "clientId",
                ctx == null || ctx.getClientSession() == null
                        ? null
                        : ctx.getClientSession().getClient().getClientId());
        request.put("clientIp", userSession.getIpAddress());
        request.put("identityProvider", alias);
        request.put("parameters", Map.of());
        return request;
    }
}
