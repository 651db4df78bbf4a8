package io.github.kcpartner.it.jims;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One event of the simulated Active Directory log, as JIMS sends it (docs/jims-protocol.md, section 2).
 *
 * @param operation logon or logoff
 * @param timestamp when it happened (kept to whole seconds, as on the wire)
 * @param source where JIMS learnt it, e.g. {@code Active Directory}
 * @param ip IPv4 or IPv6 literal
 * @param domain the user's domain
 * @param user the user name, {@code ""} for a device-only entry
 * @param groups the user's AD groups
 * @param device the device (never null: {@link Device#NONE} when unknown)
 */
public record JimsEntry(
        Operation operation,
        Instant timestamp,
        String source,
        String ip,
        String domain,
        String user,
        List<String> groups,
        Device device) {

    /** The default {@link #source()}. */
    public static final String ACTIVE_DIRECTORY = "Active Directory";

    /** Whether the entry starts or ends a user's presence at an IP. */
    public enum Operation {
        /** A user (or device) is at the IP from now on. */
        LOGON,
        /** Ends the IP's entry. */
        LOGOFF;

        /** The wire value: {@code logon} or {@code logoff}. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The device an entry was seen on.
     *
     * @param name host name, e.g. {@code DESKTOP-ABC}
     * @param groups the device's AD groups
     * @param os operating system, e.g. {@code Windows}
     */
    public record Device(String name, List<String> groups, String os) {

        /** An unknown device: empty name, no groups, empty OS. */
        public static final Device NONE = new Device("", List.of(), "");

        /** Copies the group list; nulls become empty. */
        public Device {
            name = Objects.requireNonNullElse(name, "");
            groups = groups == null ? List.of() : List.copyOf(groups);
            os = Objects.requireNonNullElse(os, "");
        }
    }

    /** Truncates the timestamp to seconds, copies the groups and replaces nulls by empty values. */
    public JimsEntry {
        Objects.requireNonNull(operation, "operation");
        timestamp = Objects.requireNonNull(timestamp, "timestamp").truncatedTo(ChronoUnit.SECONDS);
        source = Objects.requireNonNullElse(source, ACTIVE_DIRECTORY);
        Objects.requireNonNull(ip, "ip");
        domain = Objects.requireNonNullElse(domain, "");
        user = Objects.requireNonNullElse(user, "");
        groups = groups == null ? List.of() : List.copyOf(groups);
        device = Objects.requireNonNullElse(device, Device.NONE);
    }

    /** A logon from Active Directory. */
    public static JimsEntry logon(
            Instant at, String ip, String domain, String user, List<String> groups, Device device) {
        return new JimsEntry(Operation.LOGON, at, ACTIVE_DIRECTORY, ip, domain, user, groups, device);
    }

    /** The same entry at another IP (used to store IPs in canonical form). */
    JimsEntry withIp(String otherIp) {
        return new JimsEntry(operation, timestamp, source, otherIp, domain, user, groups, device);
    }
}
