package io.github.kcpartner.script;

import org.keycloak.provider.ProviderFactory;

/** Makes {@link RulesProvider}s (see {@link RulesSpi}). */
public interface RulesProviderFactory extends ProviderFactory<RulesProvider> {}
