package io.github.kcpartner.jims.storage;

import io.github.kcpartner.jims.client.IdentityRecord;
import io.github.kcpartner.jims.client.JimsException;
import io.github.kcpartner.jims.client.JimsLookupService;
import java.util.Optional;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.storage.UserStorageProvider;
import org.keycloak.storage.UserStorageProviderModel;

/**
 * The public API for mappers, authenticators and REST: who is at an IP, through one {@code jims}
 * component of a realm (the table first, then an IP query with failover).
 *
 * <pre>{@code
 * Optional<IdentityRecord> who = JimsDirectoryService.forRealm(session, realm).map(d -> d.userAtIp(ip))...
 * }</pre>
 */
public final class JimsDirectoryService {

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

    /** The client library facade (status, counters) of this component. */
    public JimsLookupService lookup() {
        return runtime.lookup();
    }
}
