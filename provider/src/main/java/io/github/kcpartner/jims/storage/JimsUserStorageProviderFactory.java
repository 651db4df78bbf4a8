package io.github.kcpartner.jims.storage;

import io.github.kcpartner.jims.client.ConfigProblem;
import io.github.kcpartner.vault.VaultSecrets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.storage.UserStorageProvider;
import org.keycloak.storage.UserStorageProviderFactory;
import org.keycloak.storage.UserStorageProviderModel;

/**
 * Registers the read-only {@code jims} user storage: the identities that Juniper's JIMS
 * reports behind IP addresses. Owns one {@link JimsRuntime} (client, table, poller) per component,
 * built on first use, rebuilt when the component's config changes, closed on removal; and the
 * poller executor that runs every component's batch ticks: its own bounded pool of daemon
 * threads ({@code --spi-storage--jims--poller-threads}, default 2), not Keycloak's shared timer.
 * The identity table's cache holds at most {@code --spi-storage--jims--max-entries} entries per node
 * (default 1,000,000, at least 1,000; see {@link JimsCache}).
 *
 * <p>Keycloak calls {@code onCreate}, {@code onUpdate} and {@code preRemove} only on the node that
 * served the admin request. So every node also reconciles on its own, every
 * {@value #RECONCILE_SECONDS} s: it reads the realms' {@code jims} components (Keycloak's realm
 * cache, invalidated across the cluster) and starts the runtime of every enabled one (so a node
 * polls even if no request used the component there, and takes over when another node dies),
 * rebuilds those whose configuration changed, and stops those deleted or disabled.
 *
 * <p>Live status in the admin console: {@link #getOperationalInfo()} lists, for every component
 * this node runs in a realm the caller may view, each server's Online/Offline state, last check,
 * token expiry and counters. The console shows it to administrators of the master realm under
 * <em>Provider info</em> (SPI {@code storage}, provider {@code jims}, "Show more"), read when the
 * console page loads.
 */
public final class JimsUserStorageProviderFactory
        implements UserStorageProviderFactory<JimsUserStorageProvider>, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "jims";
    private static final Logger LOG = Logger.getLogger(JimsUserStorageProviderFactory.class);

    /** How often a node brings its runtimes in line with the stored components. */
    static final int RECONCILE_SECONDS = 2;

    private final Map<String, JimsRuntime> runtimes = new ConcurrentHashMap<>();
    private JimsServerOptions options = JimsServerOptions.DEFAULTS;
    private ScheduledExecutorService poller;
    private java.util.function.BiPredicate<KeycloakSession, String> realmViewCheck = RealmViewAccess::mayView;
    private java.util.function.Function<KeycloakSession, JimsCache.Caches> caches =
            session -> JimsCache.get(session, options.maxEntries());

    @Override
    public void init(Config.Scope config) {
        options = JimsServerOptions.of(config);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return JimsServerOptions.metadata();
    }

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
        for (String secret : List.of(
                JimsConfigProperties.PRIMARY + JimsConfigProperties.CLIENT_SECRET,
                JimsConfigProperties.SECONDARY + JimsConfigProperties.CLIENT_SECRET)) {
            String value = model.get(secret);
            // a realm export (kc.sh export) writes component secrets in clear: only a vault reference is stored
            if (value != null && !value.isBlank() && !io.github.kcpartner.vault.VaultSecrets.isReference(value)) {
                throw new ComponentValidationException("jims.error.secretNeedsVault");
            }
        }
        List<ConfigProblem> problems = new JimsConfig(model.getConfig(), secrets(session, model)).problems();
        if (problems.size() == 1) {
            // Keycloak shows the message key's text in the admin's language, with these parameters
            ConfigProblem only = problems.get(0);
            LOG.debugf("JIMS component %s refused: %s", model.getName(), only);
            throw new ComponentValidationException(
                    only.messageKey(), only.args().toArray());
        }
        if (!problems.isEmpty()) {
            // one alert in the console: every problem listed, numbered, in English
            LOG.debugf("JIMS component %s refused: %s", model.getName(), problems);
            throw new ComponentValidationException(
                    ConfigProblemTexts.SEVERAL,
                    Integer.toString(problems.size()),
                    ConfigProblemTexts.numbered(problems));
        }
        clearCountersIfAsked(model);
    }

    /**
     * The console's "Clear counters now" switch: a save with it on clears this node's counters of
     * the component, and the switch is taken out of the configuration before Keycloak stores it
     * (so it never stays on, and the client is not rebuilt for it). Keycloak records the save as
     * an UPDATE admin event of the component.
     */
    void clearCountersIfAsked(ComponentModel model) {
        if (model.getConfig().containsKey(JimsConfigProperties.CLEAR_COUNTERS_NOW)) {
            boolean asked = Boolean.parseBoolean(model.get(JimsConfigProperties.CLEAR_COUNTERS_NOW));
            model.getConfig().remove(JimsConfigProperties.CLEAR_COUNTERS_NOW);
            JimsRuntime rt = model.getId() == null ? null : runtimes.get(model.getId());
            if (asked && rt != null) {
                rt.client().clearCounters();
                LOG.debugf("JIMS component %s: counters cleared from the admin console", model.getId());
            }
        }
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        runtime(session, model);
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        if (new UserStorageProviderModel(newModel).isEnabled()) {
            runtime(session, newModel);
        } else {
            JimsRuntime old = runtimes.remove(newModel.getId());
            if (old != null) {
                old.close();
                LOG.debugf("JIMS component %s stopped on this node (deleted or disabled)", newModel.getId());
            }
        }
    }

    @Override
    public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        JimsRuntime old = runtimes.remove(model.getId());
        if (old != null) {
            old.close();
            old.forget();
        }
    }

    @Override
    public void postInit(KeycloakSessionFactory sessions) {
        // a JIMS group removed by an administrator is created again when an identity of it is next seen
        sessions.register(event -> {
            if (event instanceof org.keycloak.models.GroupModel.GroupRemovedEvent removed
                    && removed.getRealm() != null) {
                String realmId = removed.getRealm().getId();
                runtimes.values().stream()
                        .filter(rt -> realmId.equals(rt.realmId()))
                        .forEach(JimsRuntime::groupRemoved);
            }
        });
        poller().scheduleWithFixedDelay(
                        () -> {
                            try {
                                KeycloakModelUtils.runJobInTransaction(sessions, this::reconcile);
                            } catch (RuntimeException e) { // keep the schedule alive; the next round retries
                                LOG.debugf(
                                        "JIMS reconcile failed: %s",
                                        e.getClass().getSimpleName());
                            }
                        },
                        RECONCILE_SECONDS,
                        RECONCILE_SECONDS,
                        TimeUnit.SECONDS);
    }

    /**
     * Brings this node's runtimes in line with the stored components: starts or rebuilds the
     * runtime of every enabled {@code jims} component of every realm, stops the others.
     */
    void reconcile(KeycloakSession session) {
        Set<String> wanted = new HashSet<>();
        session.realms()
                .getRealmsStream()
                .forEach(realm -> realm.getComponentsStream(realm.getId(), UserStorageProvider.class.getName())
                        .filter(c -> PROVIDER_ID.equals(c.getProviderId()))
                        .filter(c -> new UserStorageProviderModel(c).isEnabled())
                        .forEach(c -> {
                            wanted.add(c.getId());
                            try {
                                runtime(session, c);
                            } catch (RuntimeException e) {
                                LOG.debugf(
                                        "JIMS component %s not started: %s",
                                        c.getId(), e.getClass().getSimpleName());
                            }
                        }));
        for (String id : Set.copyOf(runtimes.keySet())) {
            if (!wanted.contains(id)) {
                JimsRuntime gone = runtimes.remove(id);
                if (gone != null) {
                    gone.close();
                    LOG.debugf("JIMS component %s stopped on this node (deleted or disabled)", id);
                }
            }
        }
    }

    /**
     * Server-wide lines, then the servers of the components whose realm the caller may view
     * ({@link JimsProviderInfo}); the console shows this under Provider info.
     */
    @Override
    public Map<String, String> getOperationalInfo() {
        return JimsProviderInfo.of(
                options,
                runtimes.values(),
                org.keycloak.utils.KeycloakSessionUtil.getKeycloakSession(),
                realmViewCheck);
    }

    /** Replaces who may see a realm's lines in the provider info (tests). */
    void realmViewCheck(java.util.function.BiPredicate<KeycloakSession, String> v) {
        realmViewCheck = v;
    }

    /** The server-wide options read in {@link #init}. */
    JimsServerOptions options() {
        return options;
    }

    /** Ids of the components this node runs (tests). */
    Set<String> running() {
        return Set.copyOf(runtimes.keySet());
    }

    /** Replaces where runtimes find their caches (tests). */
    void caches(java.util.function.Function<KeycloakSession, JimsCache.Caches> v) {
        caches = v;
    }

    @Override
    public void close() {
        runtimes.values().forEach(JimsRuntime::close);
        runtimes.clear();
        synchronized (this) {
            if (poller != null) {
                poller.shutdownNow();
                poller = null;
            }
        }
    }

    private synchronized ScheduledExecutorService poller() {
        if (poller == null) {
            AtomicInteger n = new AtomicInteger();
            ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(options.pollerThreads(), r -> {
                Thread t = new Thread(r, "jims-poller-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            pool.setRemoveOnCancelPolicy(true);
            pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            poller = pool;
        }
        return poller;
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
            JimsRuntime fresh = new JimsRuntime(
                    model.getId(),
                    hash,
                    new JimsConfig(model.getConfig(), secrets(session, model)),
                    caches.apply(session),
                    session.getKeycloakSessionFactory(),
                    model.getParentId());
            fresh.label(realmName(session, model) + " / " + model.getName());
            if (current != null) {
                current.close();
            }
            runtimes.put(model.getId(), fresh);
            if (fresh.table() != null) {
                fresh.start(poller());
            }
            LOG.debugf("JIMS component %s (%s) started", model.getName(), model.getId());
            return fresh;
        }
    }

    private static String realmName(KeycloakSession session, ComponentModel model) {
        RealmModel realm = model.getParentId() == null || session.realms() == null
                ? null
                : session.realms().getRealm(model.getParentId());
        return realm != null ? realm.getName() : String.valueOf(model.getParentId());
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
