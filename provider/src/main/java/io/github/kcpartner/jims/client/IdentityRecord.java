package io.github.kcpartner.jims.client;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the identity table holds for one IP: a valid user (or device) entry, or an "invalid"
 * entry meaning JIMS said nobody is at this IP. Converts to and from a flat string map so a
 * clustered cache needs no custom marshalling.
 *
 * @param ip           canonical IP literal (the key)
 * @param valid        false for a "nobody at this IP" entry (all other fields empty)
 * @param domain       user's domain
 * @param user         user name; empty for a device-only entry
 * @param groups       user's groups
 * @param deviceName   device name
 * @param deviceGroups device groups
 * @param deviceOs     device OS
 * @param source       JIMS event source
 * @param timestamp    JIMS event time, or the time of the answer for invalid entries
 */
public record IdentityRecord(
        String ip,
        boolean valid,
        String domain,
        String user,
        List<String> groups,
        String deviceName,
        List<String> deviceGroups,
        String deviceOs,
        String source,
        Instant timestamp) {

    private static final String SEP = "\n";

    public IdentityRecord {
        groups = List.copyOf(groups);
        deviceGroups = List.copyOf(deviceGroups);
    }

    /** A valid record from a logon entry. */
    public static IdentityRecord of(JimsEntry e) {
        return new IdentityRecord(
                e.ip(),
                true,
                e.domain(),
                e.user(),
                e.groups(),
                e.deviceName(),
                e.deviceGroups(),
                e.deviceOs(),
                e.source(),
                e.timestamp());
    }

    /** A "nobody at this IP" record. */
    public static IdentityRecord invalid(String ip, Instant at) {
        return new IdentityRecord(ip, false, "", "", List.of(), "", List.of(), "", "", at);
    }

    /** <code>domain&#92;user</code>, or just {@code user} without a domain. */
    public String qualifiedUser() {
        return domain.isEmpty() ? user : domain + "\\" + user;
    }

    /** True for a valid record naming a user. */
    /**
     * Whether {@code incoming} may take the place of {@code current} (last writer by entry time):
     * anything replaces nothing; a logon replaces a "nobody" entry; between two logons the one with
     * the later (or same) JIMS entry time stays, so a lagging batch page or an older query answer
     * never overwrites a newer logon.
     */
    public static boolean replaces(IdentityRecord incoming, IdentityRecord current) {
        if (current == null) {
            return true;
        }
        if (!incoming.valid()) {
            return !current.valid();
        }
        return !current.valid() || !incoming.timestamp().isBefore(current.timestamp());
    }

    /** Whether a logoff at {@code at} ends {@code current}: only a logon that is not later than it. */
    public static boolean endedBy(Instant at, IdentityRecord current) {
        return current != null && current.valid() && !current.timestamp().isAfter(at);
    }

    public boolean hasUser() {
        return valid && !user.isEmpty();
    }

    /** Whether this record belongs to {@code user} in {@code domain} (case-insensitive). */
    public boolean matchesUser(String domain, String user) {
        return valid
                && this.user.equalsIgnoreCase(user)
                && (domain == null || domain.isEmpty() || this.domain.equalsIgnoreCase(domain));
    }

    /** Flat string form for a cache. */
    public Map<String, String> toMap() {
        Map<String, String> m = new HashMap<>();
        m.put("ip", ip);
        m.put("valid", Boolean.toString(valid));
        m.put("domain", domain);
        m.put("user", user);
        m.put("groups", String.join(SEP, groups));
        m.put("deviceName", deviceName);
        m.put("deviceGroups", String.join(SEP, deviceGroups));
        m.put("deviceOs", deviceOs);
        m.put("source", source);
        m.put("timestamp", Long.toString(timestamp.toEpochMilli()));
        return m;
    }

    /** Inverse of {@link #toMap()}; {@code null} if the map is not a record. */
    public static IdentityRecord fromMap(Map<String, String> m) {
        if (m == null || m.get("ip") == null || m.get("timestamp") == null) {
            return null;
        }
        try {
            return new IdentityRecord(
                    m.get("ip"),
                    Boolean.parseBoolean(m.get("valid")),
                    str(m, "domain"),
                    str(m, "user"),
                    list(m.get("groups")),
                    str(m, "deviceName"),
                    list(m.get("deviceGroups")),
                    str(m, "deviceOs"),
                    str(m, "source"),
                    Instant.ofEpochMilli(Long.parseLong(m.get("timestamp"))));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Lower-cased <code>domain&#92;user</code> key for a by-user index. */
    static String userKey(String domain, String user) {
        return ((domain == null ? "" : domain) + "\\" + user).toLowerCase(Locale.ROOT);
    }

    private static String str(Map<String, String> m, String k) {
        String v = m.get(k);
        return v == null ? "" : v;
    }

    private static List<String> list(String v) {
        return v == null || v.isEmpty() ? List.of() : Arrays.asList(v.split(SEP));
    }
}
