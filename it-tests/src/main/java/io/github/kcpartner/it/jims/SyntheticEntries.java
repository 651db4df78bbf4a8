package io.github.kcpartner.it.jims;

import io.github.kcpartner.it.jims.JimsEntry.Device;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Deterministic synthetic logons for load tests and benchmarks. */
final class SyntheticEntries {

    private static final List<List<String>> GROUPS = List.of(
            List.of("Engineering", "VPN-Users"),
            List.of("Sales"),
            List.of("Finance", "VPN-Users"),
            List.of("Support", "Helpdesk"),
            List.of());
    private static final List<String> DEVICE_GROUPS = List.of("Workstations");

    private SyntheticEntries() {}

    static List<JimsEntry> create(int count, Instant start, Duration step) {
        if (count < 0 || count > 16_000_000) {
            throw new IllegalArgumentException("count must be between 0 and 16,000,000");
        }
        List<JimsEntry> entries = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            String ip = "10." + ((i >>> 16) & 0xff) + "." + ((i >>> 8) & 0xff) + "." + (i & 0xff);
            String number = sixDigits(i);
            Device device = new Device("PC-" + number, DEVICE_GROUPS, "Windows");
            entries.add(JimsEntry.logon(
                    start.plus(step.multipliedBy(i - 1L)),
                    ip,
                    "corp.example.com",
                    "user" + number,
                    GROUPS.get(i % GROUPS.size()),
                    device));
        }
        return entries;
    }

    private static String sixDigits(int number) {
        String digits = Integer.toString(number);
        return digits.length() >= 6 ? digits : "000000".substring(digits.length()) + digits;
    }
}
