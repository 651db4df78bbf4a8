package io.github.kcpartner.script;

/**
 * The one {@link RuleEngine} of the server, shared by every feature that runs operator rules
 * (identity-provider settings, identity-provider mappers, protocol mappers), so a rule is compiled
 * once whichever feature uses it. Rules come from {@link RuleRepository#defaultDirectory()} and
 * from {@code partner-rules/} in the provider jar.
 */
public final class ServerRules {

    private ServerRules() {
    }

    /** @return the server's engine, made on first use */
    public static RuleEngine engine() {
        return Holder.ENGINE;
    }

    private static final class Holder {
        static final RuleEngine ENGINE = new RuleEngine(new RuleRepository(RuleRepository.defaultDirectory(),
                ServerRules.class.getClassLoader()), RuleLimits.defaults());
    }
}
