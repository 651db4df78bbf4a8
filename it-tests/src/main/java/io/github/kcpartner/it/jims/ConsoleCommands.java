package io.github.kcpartner.it.jims;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/** Reads demo commands from stdin (fault switches, logons, logoffs) until end of input. */
final class ConsoleCommands {

    private final Map<String, JimsSimulator> servers;
    private final JimsDirectory directory;
    private final PrintStream out;

    ConsoleCommands(Map<String, JimsSimulator> servers, JimsDirectory directory, PrintStream out) {
        this.servers = servers;
        this.directory = directory;
        this.out = out;
    }

    void run(BufferedReader in) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (!line.isBlank()) {
                try {
                    out.println(execute(line.strip().split("\\s+")));
                } catch (RuntimeException e) {
                    out.println("error: " + e.getMessage());
                }
            }
        }
    }

    String execute(String... words) {
        String verb = words[0].toLowerCase(Locale.ROOT);
        switch (verb) {
            case "logon" -> {
                require(words, 4, "logon IP DOMAIN USER [GROUP...]");
                String[] groups = Arrays.copyOfRange(words, 4, words.length);
                return "ok " + directory.logon(words[1], words[2], words[3], groups);
            }
            case "logoff" -> {
                require(words, 2, "logoff IP");
                return "ok " + directory.logoff(words[1]);
            }
            case "stats" -> {
                StringBuilder text = new StringBuilder("entries=" + directory.size());
                servers.forEach((name, sim) -> {
                    text.append(' ')
                            .append(name)
                            .append(":fault=")
                            .append(sim.fault().kind());
                    for (RequestKind kind : RequestKind.values()) {
                        text.append(',')
                                .append(kind.name().toLowerCase(Locale.ROOT))
                                .append('=')
                                .append(sim.count(kind));
                    }
                });
                return text.toString();
            }
            default -> {
                JimsSimulator sim = servers.get(verb);
                if (sim == null) {
                    throw new IllegalArgumentException("unknown command or server: " + words[0]);
                }
                require(words, 2, verb + " <fault>");
                if (words[1].equalsIgnoreCase("release")) {
                    sim.releaseHung();
                } else {
                    sim.fault(fault(words));
                }
                return "ok " + verb + " " + sim.fault().kind();
            }
        }
    }

    private static Fault fault(String... words) {
        return switch (words[1].toLowerCase(Locale.ROOT)) {
            case "none", "up" -> Fault.none();
            case "down" -> Fault.down();
            case "hang" -> Fault.hang();
            case "slow" -> Fault.slow(words.length > 2 ? Long.parseLong(words[2]) : 5_000);
            case "5xx" -> Fault.http5xx(words.length > 2 ? Integer.parseInt(words[2]) : 503);
            case "bad-json" -> Fault.badJson();
            case "huge" -> Fault.hugeBody();
            case "missing-fields" -> Fault.missingFields();
            case "wrong-types" -> Fault.wrongTypes();
            case "expired-token" -> Fault.expiredToken();
            default -> throw new IllegalArgumentException("unknown fault " + words[1]);
        };
    }

    private static void require(String[] words, int count, String usage) {
        if (words.length < count) {
            throw new IllegalArgumentException("usage: " + usage);
        }
    }
}
