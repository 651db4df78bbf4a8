package io.github.kcpartner.jims.client;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Strict IP literal parsing without DNS, and host name syntax checks. */
public final class IpAddresses {

    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]{2,45}");
    private static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private IpAddresses() {}

    /** Parses an IPv4 or IPv6 literal (brackets allowed around IPv6); {@code null} if not a literal. */
    static InetAddress parse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (IPV4.matcher(s).matches()) {
            return byLiteral(s);
        }
        if (s.indexOf(':') >= 0 && IPV6_CHARS.matcher(s).matches()) {
            return byLiteral(s);
        }
        return null;
    }

    /** Canonical text of an IP literal (lower-case, compressed per the JDK), or {@code null}. */
    public static String normalize(String text) {
        InetAddress a = parse(text);
        return a == null ? null : a.getHostAddress().toLowerCase(Locale.ROOT);
    }

    static boolean isIpv6(InetAddress a) {
        return a.getAddress().length == 16;
    }

    /** RFC 1123 host name syntax (no DNS). */
    static boolean isHostName(String s) {
        if (s == null || s.isEmpty() || s.length() > 253) {
            return false;
        }
        String[] labels = s.endsWith(".") ? s.substring(0, s.length() - 1).split("\\.", -1) : s.split("\\.", -1);
        for (String label : labels) {
            if (!HOST_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        // An all-numeric dotted name is a bad IPv4 literal, not a host name.
        return !s.matches("[0-9.]+");
    }

    private static InetAddress byLiteral(String s) {
        try {
            return InetAddress.getByName(s); // a literal: no DNS lookup
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }
}
