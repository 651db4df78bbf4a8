package io.github.kcpartner.jims.storage;

import io.github.kcpartner.jims.client.ConnectMethod;
import io.github.kcpartner.jims.client.IdentityRecord;
import io.github.kcpartner.jims.client.JimsClientConfig;
import io.github.kcpartner.jims.client.JimsException;
import io.github.kcpartner.jims.client.JimsLookupService;
import io.github.kcpartner.script.JimsLookup;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.storage.UserStorageProvider;
import org.keycloak.storage.UserStorageProviderModel;

/**
 * The one public API for mappers, rules, authenticators and REST: who is at an IP, through one
 * {@code jims} component of a realm (the table first, then an IP query with failover), as a record,
 * as claim values ({@link #claimsAt}) or as the rules' {@code jims.userAt(ip)} ({@link #ruleLookup}).
 *
 * <pre>{@code
 * Optional<IdentityRecord> who = JimsDirectoryService.forRealm(session, realm).map(d -> d.userAtIp(ip))...
 * }</pre>
 */
public final class JimsDirectoryService {

    private static final Logger LOG = Logger.getLogger(JimsDirectoryService.class);

    private static final String RULE_LOOKUPS = "partner-jims-rule-lookups";

    private final JimsRuntime runtime;

    private JimsDirectoryService(JimsRuntime runtime) {
        this.runtime = runtime;
    }

    /** The first enabled {@code jims} component of {@code realm}, if any. */
    public static Optional<JimsDirectoryService> forRealm(KeycloakSession session, RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), UserStorageProvider.class.getName())
                .filter(c -> JimsUserStorageProviderFactory.PROVIDER_ID.equals(c.getProviderId()))
                .filter(c -> new UserStorageProviderModel(c).isEnabled())
                .findFirst()
                .map(c -> of(session, realm, c));
    }

    /**
     * The enabled {@code jims} component named by a setting: its id or its name; blank for the
     * realm's first enabled one.
     */
    public static Optional<JimsDirectoryService> forSetting(
            KeycloakSession session, RealmModel realm, String idOrName) {
        if (idOrName == null || idOrName.isBlank()) {
            return forRealm(session, realm);
        }
        String wanted = idOrName.trim();
        ComponentModel c = realm.getComponent(wanted);
        if (c == null) {
            c = realm.getComponentsStream(realm.getId())
                    .filter(m -> wanted.equals(m.getName()))
                    .findFirst()
                    .orElse(null);
        }
        if (c == null || !new UserStorageProviderModel(c).isEnabled()) {
            return Optional.empty();
        }
        return forComponent(session, realm, c.getId());
    }

    /** The {@code jims} component {@code componentId} of {@code realm}, if it is one. */
    public static Optional<JimsDirectoryService> forComponent(
            KeycloakSession session, RealmModel realm, String componentId) {
        ComponentModel c = realm.getComponent(componentId);
        if (c == null
                || !realm.getId().equals(c.getParentId())
                || !JimsUserStorageProviderFactory.PROVIDER_ID.equals(c.getProviderId())) {
            return Optional.empty();
        }
        return Optional.of(of(session, realm, c));
    }

    private static JimsDirectoryService of(KeycloakSession session, RealmModel realm, ComponentModel c) {
        JimsUserStorageProviderFactory f = (JimsUserStorageProviderFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(UserStorageProvider.class, JimsUserStorageProviderFactory.PROVIDER_ID);
        return new JimsDirectoryService(f.runtime(session, c));
    }

    /**
     * The valid identity at {@code ip}: cached, or asked of JIMS.
     *
     * @throws JimsException not an IP ({@code JimsRequestException}) or no server answered
     *                       ({@code JimsUnavailableException}; cached entries still answer)
     */
    public Optional<IdentityRecord> userAtIp(String ip) throws JimsException {
        return runtime.lookup().lookupByIp(ip);
    }

    /** Like {@link #userAtIp} but always asks JIMS. */
    public Optional<IdentityRecord> refreshIp(String ip) throws JimsException {
        return runtime.lookup().refreshIp(ip);
    }

    /** The Keycloak username of an identity, in this component's username form. */
    public String username(IdentityRecord record) {
        return runtime.usernameForm().format(record.domain(), record.user());
    }

    /** The valid table entries of a Keycloak username (in this component's form), newest first. */
    public java.util.List<IdentityRecord> recordsOfUser(String username) {
        UsernameForm.Name name = runtime.usernameForm().parseUsername(username);
        return runtime.table().findByUser(name.domain(), name.user());
    }

    /**
     * Whether a server of this component is reached over plain {@code http}: anyone on the path can
     * then read the client secret and answer for JIMS, so nothing password-less may trust it.
     */
    public boolean plainHttp() {
        JimsClientConfig config = runtime.lookup().client().config();
        return config.primary().connectMethod() == ConnectMethod.HTTP
                || (config.secondary() != null && config.secondary().connectMethod() == ConnectMethod.HTTP);
    }

    /** The id of this {@code jims} component: the federation link of the users it serves. */
    public String componentId() {
        return runtime.componentId();
    }

    /** The client library facade (status, counters) of this component. */
    public JimsLookupService lookup() {
        return runtime.lookup();
    }

    /** @return the user at {@code ip} as plain values for a claim or a rule, or empty (nobody there, not an IP, or JIMS unavailable) */
    public Optional<Map<String, Object>> claimsAt(String ip) {
        if (ip == null || ip.isBlank()) {
            return Optional.empty();
        }
        try {
            return userAtIp(ip).filter(IdentityRecord::valid).map(this::toMap);
        } catch (JimsException e) {
            LOG.debugf("JIMS lookup for a token failed: %s", e.getMessage());
            return Optional.empty();
        }
    }

    /** The same lookup for rules ({@code jims.userAt(ip)}); a query runs on Keycloak's executor, bounded by the rule's time. */
    public JimsLookup ruleLookup(KeycloakSession session) {
        org.keycloak.executors.ExecutorsProvider executors =
                session.getProvider(org.keycloak.executors.ExecutorsProvider.class);
        java.util.concurrent.Executor executor =
                executors != null ? executors.getExecutor(RULE_LOOKUPS) : Runnable::run;
        return (ip, timeLeft) -> {
            try {
                Optional<Optional<IdentityRecord>> cached = lookup().cached(ip);
                if (cached.isPresent()) {
                    return cached.get()
                            .filter(IdentityRecord::valid)
                            .map(this::toMap)
                            .orElse(null);
                }
                // A query waits at most for what is left of the rule's time; if JIMS is slower, the
                // rule gets an error and the query still completes in the background (the table learns).
                java.util.concurrent.CompletableFuture<Optional<IdentityRecord>> query =
                        new java.util.concurrent.CompletableFuture<>();
                executor.execute(() -> {
                    try {
                        query.complete(userAtIp(ip));
                    } catch (JimsException | RuntimeException e) {
                        query.completeExceptionally(e);
                    }
                });
                try {
                    return query.get(Math.max(1, timeLeft.toMillis()), java.util.concurrent.TimeUnit.MILLISECONDS)
                            .filter(IdentityRecord::valid)
                            .map(this::toMap)
                            .orElse(null);
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException("JIMS query slower than the rule's time left", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("JIMS lookup failed", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            } catch (JimsException e) {
                throw new IllegalStateException("JIMS lookup failed", e); // the rule sees Error('JIMS lookup failed')
            }
        };
    }

    /** The rules' {@code jims.userAt(ip)} through the realm's first enabled {@code jims} component, if any. */
    public static JimsLookup ruleLookup(KeycloakSession session, RealmModel realm) {
        return realm == null
                ? JimsLookup.NONE
                : forRealm(session, realm).map(d -> d.ruleLookup(session)).orElse(JimsLookup.NONE);
    }

    private Map<String, Object> toMap(IdentityRecord record) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("ip", record.ip());
        if (record.hasUser()) {
            user.put("user", record.user());
            user.put("domain", record.domain());
            user.put("username", username(record));
            user.put("groups", record.groups());
        }
        if (!record.deviceName().isEmpty()) {
            Map<String, Object> device = new LinkedHashMap<>();
            device.put("name", record.deviceName());
            device.put("groups", record.deviceGroups());
            device.put("os", record.deviceOs());
            user.put("device", device);
        }
        user.put("source", record.source());
        return user;
    }
}
