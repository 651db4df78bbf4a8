package io.github.kcpartner.jims.storage;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import io.github.kcpartner.jims.client.ConfigProblem;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.storage.UserStorageProviderFactory;
import org.keycloak.timer.TimerProvider;
import io.github.kcpartner.vault.VaultSecrets;

/**
 * Registers the read-only {@code jims} user storage: the identities that Juniper's JIMS
 * reports behind IP addresses. Owns one {@link JimsRuntime} (client, table, poller) per component,
 * built on first use, rebuilt when the component's config changes, closed on removal.
 */
public final class JimsUserStorageProviderFactory implements UserStorageProviderFactory<JimsUserStorageProvider> {

    public static final String PROVIDER_ID = "jims";
    private static final Logger LOG = Logger.getLogger(JimsUserStorageProviderFactory.class);

    private final Map<String, JimsRuntime> runtimes = new ConcurrentHashMap<>();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Users that Juniper Identity Management Service (JIMS) sees behind IP addresses";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return JimsConfigProperties.ALL;
    }

    @Override
    public JimsUserStorageProvider create(KeycloakSession session, ComponentModel model) {
        return new JimsUserStorageProvider(session, model, this);
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        List<ConfigProblem> problems = new JimsConfig(model.getConfig(), secrets(session)).problems();
        if (!problems.isEmpty()) {
            ConfigProblem first = problems.get(0);
            LOG.debugf("JIMS component %s refused: %s", model.getName(), problems);
            throw new ComponentValidationException(first.messageKey(), first.args().toArray());
        }
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        runtime(session, model);
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        runtime(session, newModel);
    }

    @Override
    public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        JimsRuntime old = runtimes.remove(model.getId());
        if (old != null) {
            stop(session, old);
            old.table().clear();
        }
    }

    @Override
    public void close() {
        runtimes.values().forEach(JimsRuntime::close);
        runtimes.clear();
    }

    /**
     * The runtime of {@code model}, built on first use or when its config changed. Builds no
     * connection: servers are first contacted by a query or the first batch cycle.
     */
    JimsRuntime runtime(KeycloakSession session, ComponentModel model) {
        int hash = model.getConfig().hashCode();
        JimsRuntime current = runtimes.get(model.getId());
        if (current != null && current.configHash() == hash) {
            return current;
        }
        synchronized (this) {
            current = runtimes.get(model.getId());
            if (current != null && current.configHash() == hash) {
                return current;
            }
            JimsRuntime fresh = new JimsRuntime(model.getId(), hash,
                    new JimsConfig(model.getConfig(), secrets(session)), JimsCache.get(session));
            if (current != null) {
                stop(session, current);
            }
            runtimes.put(model.getId(), fresh);
            TimerProvider timer = session.getProvider(TimerProvider.class);
            if (timer != null) {
                timer.schedule(() -> fresh.tick(), fresh.pollIntervalMillis(), fresh.timerTaskName());
            }
            LOG.debugf("JIMS component %s (%s) started", model.getName(), model.getId());
            return fresh;
        }
    }

    private static void stop(KeycloakSession session, JimsRuntime runtime) {
        TimerProvider timer = session.getProvider(TimerProvider.class);
        if (timer != null) {
            timer.cancelTask(runtime.timerTaskName());
        }
        runtime.close();
    }

    /** Resolves vault references such as {@code ${vault.jims_secret}}; plain values pass through. */
    static UnaryOperator<String> secrets(KeycloakSession session) {
        return value -> {
            if (value == null || value.isEmpty() || session == null || session.vault() == null) {
                return value;
            }
            return VaultSecrets.resolve(session, value);
        };
    }
}
