package io.github.kcpartner.script;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Owns the server's {@link RuleEngine}, made in {@link #init} from the SPI options (all
 * optional):
 * <ul>
 *   <li>{@code directory}: where the operator's rules are ({@code ${kc.home.dir}/partner-rules});</li>
 *   <li>{@code time-limit-millis}, {@code instruction-budget}, {@code max-stack-depth},
 *       {@code max-allocation-bytes}: the limits of one evaluation ({@link RuleLimits#defaults()}).</li>
 * </ul>
 * Options are given as {@code --spi-partner-rules--default--<option>=<value>} (or
 * {@code KC_SPI_PARTNER_RULES__DEFAULT__<OPTION>}). A value that is out of range stops the server
 * at start with a message, like any bad Keycloak option.
 */
public final class DefaultRulesProviderFactory implements RulesProviderFactory {

    public static final String ID = "default";

    private static final Logger LOG = Logger.getLogger(DefaultRulesProviderFactory.class);

    private volatile RuleEngine engine;

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public void init(Config.Scope config) {
        RuleLimits d = RuleLimits.defaults();
        String dir = config.get("directory");
        Path directory = dir == null || dir.isBlank() ? RuleRepository.defaultDirectory() : Path.of(dir.trim());
        RuleLimits limits;
        try {
            limits = new RuleLimits(
                    Duration.ofMillis(
                            config.getLong("time-limit-millis", d.timeLimit().toMillis())),
                    config.getLong("instruction-budget", d.instructionBudget()),
                    config.getInt("max-stack-depth", d.maxStackDepth()),
                    config.getLong("max-allocation-bytes", d.maxAllocationBytes()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SPI " + RulesSpi.NAME + ": " + e.getMessage(), e);
        }
        engine = new RuleEngine(
                new RuleRepository(directory, DefaultRulesProviderFactory.class.getClassLoader()), limits);
        LOG.debugf("partner rules from %s, limits %s", directory, limits);
    }

    @Override
    public RulesProvider create(KeycloakSession session) {
        RuleEngine current = engine;
        if (current == null) {
            throw new IllegalStateException("the partner-rules engine is closed or not started");
        }
        return () -> current;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // nothing to wire
    }

    @Override
    public void close() {
        engine = null;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        RuleLimits d = RuleLimits.defaults();
        return ProviderConfigurationBuilder.create()
                .property()
                .name("directory")
                .type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Directory of the operator's JavaScript rules (default ${kc.home.dir}/partner-rules)")
                .add()
                .property()
                .name("time-limit-millis")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(Long.toString(d.timeLimit().toMillis()))
                .helpText("Time limit of one rule evaluation")
                .add()
                .property()
                .name("instruction-budget")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(Long.toString(d.instructionBudget()))
                .helpText("Instruction budget of one evaluation")
                .add()
                .property()
                .name("max-stack-depth")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(Integer.toString(d.maxStackDepth()))
                .helpText("Maximum call depth of a rule")
                .add()
                .property()
                .name("max-allocation-bytes")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(Long.toString(d.maxAllocationBytes()))
                .helpText("Memory one evaluation may allocate")
                .add()
                .build();
    }
}
