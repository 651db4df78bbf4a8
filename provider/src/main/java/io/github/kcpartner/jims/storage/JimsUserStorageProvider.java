package io.github.kcpartner.jims.storage;

import io.github.kcpartner.jims.client.IdentityRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.storage.StorageId;
import org.keycloak.storage.UserStorageProvider;
import org.keycloak.storage.user.UserLookupProvider;
import org.keycloak.storage.user.UserQueryProvider;

/**
 * Read-only view of JIMS identities as Keycloak users: a user exists while the identity table holds
 * at least one valid entry for it. No credentials: users sign in through another source.
 */
public final class JimsUserStorageProvider implements UserStorageProvider, UserLookupProvider, UserQueryProvider {

    private final KeycloakSession session;
    private final ComponentModel model;
    private final JimsUserStorageProviderFactory factory;

    JimsUserStorageProvider(KeycloakSession session, ComponentModel model, JimsUserStorageProviderFactory factory) {
        this.session = session;
        this.model = model;
        this.factory = factory;
    }

    private JimsRuntime runtime() {
        return factory.runtime(session, model);
    }

    @Override
    public UserModel getUserById(RealmModel realm, String id) {
        return getUserByUsername(realm, StorageId.externalId(id));
    }

    @Override
    public UserModel getUserByUsername(RealmModel realm, String username) {
        if (username == null || username.isBlank()) {
            return null;
        }
        JimsRuntime rt = runtime();
        UsernameForm.Name name = rt.usernameForm().parseUsername(username);
        // Only the identities whose username in this form is the one asked for: with a form that names the
        // domain, "alice" is no user (not the newest alice of any domain, nor every alice's addresses in one).
        String wanted = username.trim().toLowerCase(Locale.ROOT);
        List<IdentityRecord> records = rt.table().findByUser(name.domain(), name.user()).stream()
                .filter(r -> rt.usernameForm().format(r.domain(), r.user()).equals(wanted))
                .toList();
        return records.isEmpty() ? null : adapter(realm, rt, wanted, records);
    }

    @Override
    public UserModel getUserByEmail(RealmModel realm, String email) {
        return null;
    }

    /**
     * Admin search, bounded: it walks the user-name index (keys only, sorted by user name), keeps
     * the names whose user part contains the search's user part ({@code car} in
     * <code>corp&#92;car</code> or {@code car@corp}), reads the records of a name only when the page
     * still needs users, and matches the whole <code>domain&#92;user</code> form against the search. A
     * domain alone is not a search term. {@code *} or an empty search lists every user.
     */
    @Override
    public Stream<UserModel> searchForUserStream(
            RealmModel realm, Map<String, String> params, Integer first, Integer max) {
        String search = params == null ? null : params.get(UserModel.SEARCH);
        if (search == null && params != null) {
            search = params.get(UserModel.USERNAME);
        }
        JimsRuntime rt = runtime();
        String needle = search == null ? "" : search.trim().replace("*", "").toLowerCase(Locale.ROOT);
        String userPart =
                needle.isEmpty() ? "" : rt.usernameForm().parseUsername(needle).user();
        Stream<UserModel> users = rt.table().userNames().stream()
                .filter(name -> name.contains(userPart))
                .flatMap(name -> usersNamed(realm, rt, name))
                .filter(user -> needle.isEmpty() || user.getUsername().contains(needle));
        if (first != null && first > 0) {
            users = users.skip(first);
        }
        if (max != null && max >= 0) {
            users = users.limit(max);
        }
        return users;
    }

    @Override
    public Stream<UserModel> getGroupMembersStream(RealmModel realm, GroupModel group, Integer first, Integer max) {
        return Stream.empty();
    }

    @Override
    public Stream<UserModel> searchForUserByUserAttributeStream(RealmModel realm, String attrName, String attrValue) {
        return Stream.empty();
    }

    /** Users with at least one valid entry: one index read and one record read per address, per user name. */
    @Override
    public int getUsersCount(RealmModel realm, boolean includeServiceAccount) {
        JimsRuntime rt = runtime();
        return (int) rt.table().userNames().stream()
                .mapToLong(name -> usersNamed(realm, rt, name).count())
                .sum();
    }

    /** The users (one per domain) with the user name {@code name}, by their Keycloak user name. */
    private Stream<UserModel> usersNamed(RealmModel realm, JimsRuntime rt, String name) {
        Map<String, List<IdentityRecord>> byUsername = new java.util.TreeMap<>();
        for (IdentityRecord r : rt.table().findByUser(null, name)) { // newest first
            byUsername
                    .computeIfAbsent(rt.usernameForm().format(r.domain(), r.user()), k -> new ArrayList<>())
                    .add(r);
        }
        return byUsername.entrySet().stream().map(e -> adapter(realm, rt, e.getKey(), e.getValue()));
    }

    private UserModel adapter(RealmModel realm, JimsRuntime rt, String username, List<IdentityRecord> records) {
        return new JimsUserAdapter(session, realm, model, username, records, rt.parentGroup());
    }

    @Override
    public void close() {
        // nothing held per session
    }
}
