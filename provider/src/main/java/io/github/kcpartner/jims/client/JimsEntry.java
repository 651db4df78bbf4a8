package io.github.kcpartner.jims.client;

import java.time.Instant;
import java.util.List;

/**
 * One identity entry as reported by JIMS.
 *
 * @param operation    logon or logoff
 * @param timestamp    when JIMS saw the event
 * @param source       e.g. {@code Active Directory}; empty if absent
 * @param ip           canonical IP literal
 * @param domain       empty if absent
 * @param user         empty for a device-only entry
 * @param groups       the user's groups (roles on the SRX)
 * @param deviceName   empty if absent
 * @param deviceGroups the device's groups
 * @param deviceOs     empty if absent
 */
public record JimsEntry(
        Operation operation,
        Instant timestamp,
        String source,
        String ip,
        String domain,
        String user,
        List<String> groups,
        String deviceName,
        List<String> deviceGroups,
        String deviceOs) {

    /** The state an entry reports. */
    public enum Operation {
        LOGON,
        LOGOFF
    }

    public JimsEntry {
        groups = List.copyOf(groups);
        deviceGroups = List.copyOf(deviceGroups);
    }

    /** True when the entry names a user (not a device-only entry). */
    public boolean hasUser() {
        return !user.isEmpty();
    }
}
