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
 * allowed) an IP query bounded by the component's own timeouts, rate limit and failover. The
 * address is the one {@link ClientAddress} resolved (never the left-most forwarded entry); an
 * address outside "Networks to look up" is never looked up.
 */
final class NetworkLookup {

    private static final Logger LOG = Logger.getLogger(NetworkLookup.class);

    /** What the lookup found. */
    enum Outcome {
        /** JIMS names a user at the address. */
        FOUND,
        /**
         * JIMS says nobody (or only a device) is at the address, the table does not know it and
         * queries are off, or the address is outside the networks looked up.
         */
        NOBODY,
        /** No server answered, the address is not an IP, or the realm has no such {@code jims} federation. */
        UNAVAILABLE
    }

    /**
     * @param outcome     what was found
     * @param record      the identity when {@link Outcome#FOUND}
     * @param username    the Keycloak username of the identity, in the component's username form
     * @param reason      why the lookup is {@link Outcome#UNAVAILABLE} or {@link Outcome#NOBODY} (event detail)
     * @param componentId the {@code jims} federation asked, when there was one
     * @param plainHttp   whether a server of that federation is reached over plain http
     */
    record Result(
            Outcome outcome,
            IdentityRecord record,
            String username,
            String reason,
            String componentId,
            boolean plainHttp) {

        static Result unavailable(String reason) {
            return new Result(Outcome.UNAVAILABLE, null, null, reason, null, false);
        }

        static Result nobody(String reason) {
            return new Result(Outcome.NOBODY, null, null, reason, null, false);
        }

        /** <code>domain&#92;user</code> for events and pages, or {@code null}. */
        String jimsUser() {
            return record == null ? null : record.qualifiedUser();
        }
    }

    private NetworkLookup() {}

    static final String NOBODY = "nobody";
    static final String NOT_LOOKED_UP = "address_not_looked_up";

    /** Who is at the login's client address, resolved from the request ({@link ClientAddress}). */
    static Result atClient(KeycloakSession session, RealmModel realm, NetworkIdentitySettings settings) {
        ForwardedChain.Resolution client = ClientAddress.of(session, settings);
        return client.resolved() ? at(session, realm, settings, client.address()) : Result.unavailable(client.reason());
    }

    static Result at(KeycloakSession session, RealmModel realm, NetworkIdentitySettings settings, String address) {
        if (!settings.lookedUp(address)) {
            LOG.debugf("client address %s is outside the networks looked up", address);
            return Result.nobody(NOT_LOOKED_UP);
        }
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
            JimsDirectoryService d = directory.get();
            return record.filter(IdentityRecord::hasUser)
                    .map(r -> new Result(Outcome.FOUND, r, d.username(r), null, d.componentId(), d.plainHttp()))
                    .orElseGet(() -> Result.nobody(NOBODY));
        } catch (JimsRequestException e) {
            LOG.debugf("client address %s is not an IP literal: %s", address, e.getMessage());
            return Result.unavailable("client_address_not_ip");
        } catch (JimsException e) {
            LOG.debugf("JIMS lookup of the client address failed: %s", e.getMessage());
            return Result.unavailable("jims_unavailable");
        }
    }
}
