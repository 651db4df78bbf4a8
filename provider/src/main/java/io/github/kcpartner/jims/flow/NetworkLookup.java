package io.github.kcpartner.jims.flow;

import io.github.kcpartner.jims.client.IdentityRecord;
import io.github.kcpartner.jims.client.JimsException;
import io.github.kcpartner.jims.client.JimsRequestException;
import io.github.kcpartner.jims.storage.JimsDirectoryService;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Who JIMS says is at the client address of a login: the component's table first, then (when
 * allowed) an IP query bounded by the component's own timeouts and failover. The address is
 * Keycloak's resolved client address, so {@code X-Forwarded-For} counts only when Keycloak runs
 * with {@code --proxy-headers} and the request comes from a trusted proxy.
 */
final class NetworkLookup {

    private static final Logger LOG = Logger.getLogger(NetworkLookup.class);

    /** What the lookup found. */
    enum Outcome {
        /** JIMS names a user at the address. */
        FOUND,
        /** JIMS says nobody (or only a device) is at the address, or the table does not know it and queries are off. */
        NOBODY,
        /** No server answered, the address is not an IP, or the realm has no such {@code jims} federation. */
        UNAVAILABLE
    }

    /**
     * @param outcome  what was found
     * @param record   the identity when {@link Outcome#FOUND}
     * @param username the Keycloak username of the identity, in the component's username form
     * @param reason   why the lookup is {@link Outcome#UNAVAILABLE} (event detail), else {@code null}
     */
    record Result(Outcome outcome, IdentityRecord record, String username, String reason) {

        static Result unavailable(String reason) {
            return new Result(Outcome.UNAVAILABLE, null, null, reason);
        }

        /** <code>domain&#92;user</code> for events and pages, or {@code null}. */
        String jimsUser() {
            return record == null ? null : record.qualifiedUser();
        }
    }

    private NetworkLookup() {}

    static Result at(KeycloakSession session, RealmModel realm, NetworkIdentitySettings settings, String address) {
        Optional<JimsDirectoryService> directory =
                JimsDirectoryService.forSetting(session, realm, settings.component());
        if (directory.isEmpty()) {
            LOG.debugf("realm %s has no enabled jims federation %s", realm.getName(), settings.component());
            return Result.unavailable("jims_not_configured");
        }
        try {
            Optional<IdentityRecord> record;
            if (settings.ipQuery()) {
                record = directory.get().userAtIp(address);
            } else {
                record = directory.get().lookup().cached(address).orElse(Optional.empty());
            }
            return record.filter(IdentityRecord::hasUser)
                    .map(r -> new Result(Outcome.FOUND, r, directory.get().username(r), null))
                    .orElseGet(() -> new Result(Outcome.NOBODY, null, null, null));
        } catch (JimsRequestException e) {
            LOG.debugf("client address %s is not an IP literal: %s", address, e.getMessage());
            return Result.unavailable("client_address_not_ip");
        } catch (JimsException e) {
            LOG.debugf("JIMS lookup of the client address failed: %s", e.getMessage());
            return Result.unavailable("jims_unavailable");
        }
    }
}
