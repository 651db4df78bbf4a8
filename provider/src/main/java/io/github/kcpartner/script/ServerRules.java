package io.github.kcpartner.script;

import org.keycloak.models.KeycloakSession;
import org.keycloak.utils.KeycloakSessionUtil;

/**
 * The server's one {@link RuleEngine}, shared by every feature that runs operator rules
 * (identity-provider settings, identity-provider mappers, protocol mappers), so a rule is compiled
 * once whichever feature uses it. It belongs to the {@code partner-rules} SPI's factory
 * ({@link DefaultRulesProviderFactory}): its rules directory and limits are SPI options.
 */
public final class ServerRules {

    private ServerRules() {}

    /** The engine, through {@code session}. */
    public static RuleEngine engine(KeycloakSession session) {
        if (session == null) {
            throw new IllegalStateException("no Keycloak session: the rule engine belongs to the server");
        }
        RulesProvider rules = session.getProvider(RulesProvider.class);
        if (rules == null) {
            throw new IllegalStateException("the " + RulesSpi.NAME + " SPI is not installed");
        }
        return rules.engine();
    }

    /** The engine, through the session of the request being served (for checks Keycloak calls without one). */
    public static RuleEngine current() {
        return engine(KeycloakSessionUtil.getKeycloakSession());
    }
}
