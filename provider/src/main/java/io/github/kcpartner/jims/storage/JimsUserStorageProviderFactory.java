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
        for (String secret : List.of(JimsConfigProperties.PRIMARY + JimsConfigProperties.CLIENT_SECRET,
                JimsConfigProperties.SECONDARY + JimsConfigProperties.CLIENT_SECRET)) {
            String value = model.get(secret);
            // a realm export (kc.sh export) writes component secrets in clear: only a vault reference is stored
            if (value != null && !value.isBlank() && !io.github.kcpartner.vault.VaultSecrets.isReference(value)) {
                throw new ComponentValidationException("jims.error.secretNeedsVault");
            }
        }
        List<ConfigProblem> problems = new JimsConfig(model.getConfig(), secrets(session, model)).problems();
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
                    new JimsConfig(model.getConfig(), secrets(session, model)), JimsCache.get(session));
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

    /**
     * Resolves vault references such as {@code ${vault.jims_secret}} in the component's realm (the
     * vault is per realm; a timer or start-up session has no realm of its own); plain values pass
     * through.
     */
    static UnaryOperator<String> secrets(KeycloakSession session, ComponentModel model) {
        return value -> {
            if (value == null || value.isEmpty() || session == null || !VaultSecrets.isReference(value)) {
                return value;
            }
            RealmModel current = session.getContext().getRealm();
            if (current == null && model.getParentId() != null) {
                session.getContext().setRealm(session.realms().getRealm(model.getParentId()));
            }
            try {
                return session.vault() == null ? value : VaultSecrets.resolve(session, value);
            } finally {
                if (current == null) {
                    session.getContext().setRealm(null);
                }
            }
        };
    }
}
