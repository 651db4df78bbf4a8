package io.github.kcpartner.script;

import org.keycloak.provider.Provider;

/** A session's view of the server's rule engine (see {@link RulesSpi}). */
public interface RulesProvider extends Provider {

    RuleEngine engine();

    @Override
    default void close() {
        // the engine belongs to the factory
    }
}
