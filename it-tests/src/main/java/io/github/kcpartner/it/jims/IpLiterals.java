package io.github.kcpartner.it.jims;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Validates IPv4/IPv6 literals (never resolving names) and writes them in one canonical form. */
final class IpLiterals {

    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private IpLiterals() {}

    /** The canonical text of an IP literal (IPv6 compressed per RFC 5952), or an exception. */
    static String canonical(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no IP address");
        }
        if (IPV4.matcher(text).matches()) {
            return text;
        }
        if (!text.contains(":") || !IPV6_CHARS.matcher(text).matches()) {
            throw new IllegalArgumentException("not an IP literal: " + text);
        }
        try {
            // Only literals reach this point, so no name resolution happens.
            byte[] bytes = InetAddress.getByName(text).getAddress();
            return bytes.length == 4 ? InetAddress.getByAddress(bytes).getHostAddress() : compress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + text, e);
        }
    }

    static boolean isValid(String text) {
        try {
            canonical(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String compress(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
