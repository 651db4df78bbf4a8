package io.github.kcpartner.jims.storage;

import io.github.kcpartner.jims.client.IdentityRecord;
import io.github.kcpartner.jims.client.JimsException;
import io.github.kcpartner.script.JimsLookup;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The JIMS user at an IP, as plain values for a claim or a rule: through one {@code jims}
 * component of the realm (chosen by id or name, or the first enabled one).
 */
public final class JimsIdentities {

    private static final Logger LOG = Logger.getLogger(JimsIdentities.class);

    private static final String RULE_LOOKUPS = "partner-jims-rule-lookups";

    private final JimsDirectoryService directory;
    private final java.util.concurrent.Executor executor;

    private JimsIdentities(KeycloakSession session, JimsDirectoryService directory) {
        this.directory = directory;
        org.keycloak.executors.ExecutorsProvider executors =
                session.getProvider(org.keycloak.executors.ExecutorsProvider.class);
        this.executor = executors != null ? executors.getExecutor(RULE_LOOKUPS) : Runnable::run;
    }

    /** @param component a {@code jims} component's id or name; blank for the realm's first enabled one */
    public static Optional<JimsIdentities> of(KeycloakSession session, RealmModel realm, String component) {
        return JimsDirectoryService.forSetting(session, realm, component).map(d -> new JimsIdentities(session, d));
    }

    /** @return the user at {@code ip} as a map, or empty (nobody there, not an IP, or JIMS unavailable) */
    public Optional<Map<String, Object>> userAt(String ip) {
        if (ip == null || ip.isBlank()) {
            return Optional.empty();
        }
        try {
            return directory.userAtIp(ip).filter(IdentityRecord::valid).map(this::toMap);
        } catch (JimsException e) {
            LOG.debugf("JIMS lookup for a token failed: %s", e.getMessage());
            return Optional.empty();
        }
    }

    /** The same lookup for rules ({@code jims.userAt(ip)}). */
    public JimsLookup asRuleLookup() {
        return (ip, timeLeft) -> {
            try {
                Optional<Optional<IdentityRecord>> cached = directory.lookup().cached(ip);
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
                        query.complete(directory.userAtIp(ip));
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
                : of(session, realm, null).map(JimsIdentities::asRuleLookup).orElse(JimsLookup.NONE);
    }

    private Map<String, Object> toMap(IdentityRecord record) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("ip", record.ip());
        if (record.hasUser()) {
            user.put("user", record.user());
            user.put("domain", record.domain());
            user.put("username", directory.username(record));
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
