package io.github.kcpartner.jims.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kcpartner.jims.client.IdentityRecord;
import io.github.kcpartner.jims.client.IdentityTable;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The identity table of one {@code jims} component over a string-to-string map: in Keycloak the
 * {@link JimsCache} Infinispan cache (TTL per entry), in unit tests any {@link ConcurrentMap} plus a
 * TTL-aware {@link Writer}. Keys are {@code <componentId>|ip|<ip>}, values are
 * {@link IdentityRecord#toMap()} as JSON, so nothing needs ProtoStream. Every write is a
 * compare-and-set on the value read ({@code putIfAbsent}/{@code replace}/{@code remove(key, old)},
 * atomic on the key's owner in a clustered cache), retried while another writer changes the entry.
 *
 * <p>{@link #findByUser} reads a per-user index entry ({@code <componentId>|user|<user>}: the IPs
 * where that user name was last seen, kept with each logon and pruned of IPs that moved on), so a
 * login attempt with a name JIMS never saw costs one cache read whatever the table's size.
 * {@link #records} scans this component's entries (admin search only): with a replicated cache
 * every node holds the whole table, so a scan is local.
 */
final class CacheIdentityTable implements IdentityTable {

    /** Conditional writes with a TTL; {@link Duration#ZERO} = no expiry. */
    interface Writer {
        /** @return whether {@code key} was absent and now holds {@code value} */
        boolean putIfAbsent(String key, String value, Duration ttl);

        /** @return whether {@code key} held {@code old} and now holds {@code value} */
        boolean replace(String key, String old, String value, Duration ttl);
    }

    /** Writers that keep losing to others give up after this many rounds (the entry is then theirs). */
    private static final int MAX_ROUNDS = 64;

    private static final ObjectMapper JSON = io.github.kcpartner.json.Json.mapper();
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};

    private final ConcurrentMap<String, String> cache;
    private final Writer writer;
    private final String prefix;
    private final String userPrefix;

    /** A user name's index keeps at most this many IPs (the newest logons). */
    static final int MAX_IPS_PER_USER = 64;

    CacheIdentityTable(ConcurrentMap<String, String> cache, Writer writer, String componentId) {
        this.cache = cache;
        this.writer = writer;
        this.prefix = componentId + "|ip|";
        this.userPrefix = componentId + "|user|";
    }

    /** A table over an Infinispan cache (lifespans as TTLs). */
    static CacheIdentityTable over(org.infinispan.Cache<String, String> cache, String componentId) {
        return new CacheIdentityTable(
                cache,
                new Writer() {
                    @Override
                    public boolean putIfAbsent(String key, String value, Duration ttl) {
                        return (ttl.isZero()
                                        ? cache.putIfAbsent(key, value)
                                        : cache.putIfAbsent(key, value, ttl.toMillis(), TimeUnit.MILLISECONDS))
                                == null;
                    }

                    @Override
                    public boolean replace(String key, String old, String value, Duration ttl) {
                        return ttl.isZero()
                                ? cache.replace(key, old, value)
                                : cache.replace(key, old, value, ttl.toMillis(), TimeUnit.MILLISECONDS);
                    }
                },
                componentId);
    }

    @Override
    public boolean putValid(IdentityRecord record, Duration ttl) {
        boolean stored = write(record.ip(), record, ttl, current -> IdentityRecord.replaces(record, current));
        if (stored && record.hasUser()) {
            index(record, ttl);
        }
        return stored;
    }

    /** Adds the record's IP to its user name's index entry (refreshing its TTL), dropping IPs now held by someone else. */
    private void index(IdentityRecord record, Duration ttl) {
        String key = userKey(record.user());
        for (int round = 0; round < MAX_ROUNDS; round++) {
            String current = cache.get(key);
            java.util.LinkedHashSet<String> ips = new java.util.LinkedHashSet<>();
            ips.add(record.ip());
            if (current != null) {
                for (String ip : current.split(",")) {
                    IdentityRecord there = ip.isEmpty() ? null : get(ip).orElse(null);
                    if (there != null
                            && there.hasUser()
                            && there.user().equalsIgnoreCase(record.user())
                            && ips.size() < MAX_IPS_PER_USER) {
                        ips.add(ip);
                    }
                }
            }
            String value = String.join(",", ips);
            if (current == null ? writer.putIfAbsent(key, value, ttl) : writer.replace(key, current, value, ttl)) {
                return;
            }
        }
    }

    private String userKey(String user) {
        return userPrefix + user.toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public boolean putInvalid(String ip, Optional<IdentityRecord> seen, Duration ttl) {
        return write(
                ip,
                IdentityRecord.invalid(ip, java.time.Instant.now()),
                ttl,
                current -> current == null
                        || !current.valid()
                        || seen.filter(current::equals).isPresent());
    }

    private boolean write(
            String ip, IdentityRecord incoming, Duration ttl, java.util.function.Predicate<IdentityRecord> allowed) {
        String key = prefix + ip;
        String json = toJson(incoming);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            String currentJson = cache.get(key);
            if (!allowed.test(fromJson(currentJson))) {
                return false;
            }
            if (currentJson == null
                    ? writer.putIfAbsent(key, json, ttl)
                    : writer.replace(key, currentJson, json, ttl)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Optional<IdentityRecord> get(String ip) {
        return Optional.ofNullable(fromJson(cache.get(prefix + ip)));
    }

    @Override
    public boolean remove(String ip, java.time.Instant at) {
        String key = prefix + ip;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            String currentJson = cache.get(key);
            if (!IdentityRecord.endedBy(at, fromJson(currentJson))) {
                return false;
            }
            if (cache.remove(key, currentJson)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<IdentityRecord> findByUser(String domain, String user) {
        if (user == null || user.isBlank()) {
            return List.of();
        }
        String ips = cache.get(userKey(user));
        if (ips == null) {
            return List.of(); // never seen (or expired): one read, no scan
        }
        return java.util.Arrays.stream(ips.split(","))
                .filter(ip -> !ip.isEmpty())
                .map(this::get)
                .flatMap(Optional::stream)
                .filter(r -> r.matchesUser(domain, user))
                .sorted(Comparator.comparing(IdentityRecord::timestamp).reversed())
                .toList();
    }

    /**
     * The user names this component's index holds (lower case, one per user whatever the domain),
     * sorted: keys only, no record is read.
     */
    List<String> userNames() {
        return cache.keySet().stream()
                .filter(k -> k.startsWith(userPrefix))
                .map(k -> k.substring(userPrefix.length()))
                .sorted()
                .toList();
    }

    /** Removes every entry of this component (component removed): records and user index. */
    void clear() {
        cache.keySet().removeIf(k -> k.startsWith(prefix) || k.startsWith(userPrefix));
    }

    static String toJson(IdentityRecord r) {
        try {
            return JSON.writeValueAsString(r.toMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Decoded records by their JSON text, this table's own (dropped with it when the component
     * changes or goes): a cached lookup then costs a cache get and a hash probe instead of a JSON
     * parse. Bounded: cleared when it outgrows {@link #DECODED_MAX}.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, IdentityRecord> decoded =
            new java.util.concurrent.ConcurrentHashMap<>();

    static final int DECODED_MAX = 200_000;

    IdentityRecord fromJson(String json) {
        if (json == null) {
            return null;
        }
        IdentityRecord known = decoded.get(json);
        if (known != null) {
            return known;
        }
        IdentityRecord parsed = parse(json);
        if (parsed != null) {
            if (decoded.size() >= DECODED_MAX) {
                decoded.clear();
            }
            decoded.put(json, parsed);
        }
        return parsed;
    }

    private static IdentityRecord parse(String json) {
        try {
            return IdentityRecord.fromMap(JSON.readValue(json, MAP));
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
