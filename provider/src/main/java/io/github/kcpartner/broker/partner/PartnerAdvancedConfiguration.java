package io.github.kcpartner.broker.partner;

import io.github.kcpartner.broker.login.PartnerLoginException;
import io.github.kcpartner.jims.storage.JimsDirectoryService;
import io.github.kcpartner.script.AdvancedConfiguration;
import io.github.kcpartner.script.RuleEngine;
import io.github.kcpartner.script.RuleException;
import io.github.kcpartner.script.RuleInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.OAuth2Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * ISVA's "advanced configuration": an operator's JavaScript rule, chosen by name, adds
 * optional parameters (max_age, acr_values, claims, prompt, login_hint, ui_locales, ...) to the
 * authorization request sent to the partner. Reserved parameters cannot be overridden.
 */
final class PartnerAdvancedConfiguration {

    /** Client request parameters the rule sees (as Keycloak keeps them in the auth session). */
    private static final List<String> CLIENT_PARAMETERS = List.of(
            OAuth2Constants.PROMPT,
            OIDCLoginProtocol.LOGIN_HINT_PARAM,
            OIDCLoginProtocol.MAX_AGE_PARAM,
            OAuth2Constants.ACR_VALUES,
            OIDCLoginProtocol.UI_LOCALES_PARAM);

    private PartnerAdvancedConfiguration() {}

    /** The parameters the rule adds; empty without a rule. */
    static Map<String, String> parameters(
            RuleEngine engine, String ruleName, KeycloakSession session, AuthenticationSessionModel authSession) {
        if (ruleName == null || ruleName.isBlank()) {
            return Map.of();
        }
        try {
            var result = engine.evaluate(
                    ruleName.trim(),
                    new RuleInput(
                            null,
                            null,
                            null,
                            request(session, authSession),
                            JimsDirectoryService.ruleLookup(session, authSession.getRealm())));
            return AdvancedConfiguration.authorizationParameters(ruleName.trim(), result.parameters());
        } catch (RuleException e) {
            throw new PartnerLoginException("advanced_configuration_failed", e.getMessage(), null)
                    .withRuleError(e.eventDetail());
        }
    }

    private static Map<String, Object> request(KeycloakSession session, AuthenticationSessionModel authSession) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (String name : CLIENT_PARAMETERS) {
            String value = authSession.getClientNote(name);
            if (value != null) {
                parameters.put(name, value);
            }
        }
        List<Object> locales = new ArrayList<>();
        String uiLocales = authSession.getClientNote(OIDCLoginProtocol.UI_LOCALES_PARAM);
        if (uiLocales != null) {
            for (String locale : uiLocales.trim().split("\\s+")) {
                locales.add(locale);
            }
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put(
                "clientId",
                authSession.getClient() == null ? null : authSession.getClient().getClientId());
        request.put(
                "clientIp",
                session.getContext().getConnection() == null
                        ? null
                        : session.getContext().getConnection().getRemoteAddr());
        request.put("parameters", parameters);
        request.put("uiLocales", locales);
        return request;
    }
}
