package io.github.kcpartner.jims.flow;

import io.github.kcpartner.jims.client.CidrBlock;
import io.github.kcpartner.jims.client.IpAddresses;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The client address of a request that may have come through proxies, read the way an attacker
 * cannot choose it: the chain is the forwarded entries in header order followed by the TCP peer,
 * and the client is the right-most address of that chain that is not a trusted proxy. Proxies
 * that append ({@code $proxy_add_x_forwarded_for}, cloud load balancers) put what the client sent
 * on the left, so the left-most entry (what Keycloak's own {@code --proxy-headers} resolution
 * takes) is the client's choice; the right-most untrusted one was written by a proxy we trust.
 *
 * <p>Nothing here is guessed: a chain that cannot be read exactly (an entry that is no IP literal,
 * {@code X-Forwarded-For} and {@code Forwarded} in one request, more entries than allowed, no
 * untrusted address at all, forwarded headers from a peer that is no trusted proxy) has no client
 * address, and the login steps then treat JIMS as unavailable. Free of Keycloak types.
 */
final class ForwardedChain {

    /** Which forwarded header the server honours (Keycloak's {@code --proxy-headers}). */
    enum Headers {
        /** No proxy headers: the TCP peer is the client. */
        NONE,
        /** {@code X-Forwarded-For}. */
        XFORWARDED,
        /** RFC 7239 {@code Forwarded}. */
        FORWARDED
    }

    /**
     * @param address the client address (canonical IP literal), or {@code null}
     * @param reason  why there is none ({@code client_address_ambiguous}, {@code untrusted_proxy}), else {@code null}
     * @param detail  what was wrong, in English for the debug log (never shown to a user)
     */
    record Resolution(String address, String reason, String detail) {
        static Resolution of(String address) {
            return new Resolution(address, null, null);
        }

        static Resolution ambiguous(String detail) {
            return new Resolution(null, AMBIGUOUS, detail);
        }

        boolean resolved() {
            return address != null;
        }
    }

    static final String AMBIGUOUS = "client_address_ambiguous";
    static final String UNTRUSTED_PROXY = "untrusted_proxy";

    private ForwardedChain() {}

    /**
     * @param peer           the TCP peer's address
     * @param xForwardedFor  every {@code X-Forwarded-For} header line, in order (empty if none)
     * @param forwarded      every {@code Forwarded} header line, in order (empty if none)
     * @param headers        which header the server honours
     * @param trustedProxies the proxies whose forwarded entries are believed
     * @param maxHops        the most forwarded entries a request may carry
     */
    static Resolution resolve(
            String peer,
            List<String> xForwardedFor,
            List<String> forwarded,
            Headers headers,
            List<CidrBlock> trustedProxies,
            int maxHops) {
        String tcpPeer = IpAddresses.normalize(peer);
        if (tcpPeer == null) {
            return Resolution.ambiguous("the TCP peer is not an IP address");
        }
        if (headers == Headers.NONE) {
            return Resolution.of(tcpPeer);
        }
        boolean hasXff = !blank(xForwardedFor);
        boolean hasForwarded = !blank(forwarded);
        if (!hasXff && !hasForwarded) {
            return Resolution.of(tcpPeer); // a direct connection: nobody forwarded anything
        }
        if (!trusted(tcpPeer, trustedProxies)) {
            // forwarded headers from a peer we do not trust: either a client talking to Keycloak directly, or a
            // proxy nobody configured as trusted (whose own address would then be looked up for every user)
            return new Resolution(null, UNTRUSTED_PROXY, "forwarded headers from a peer that is no trusted proxy");
        }
        if (hasXff && hasForwarded) {
            return Resolution.ambiguous("both X-Forwarded-For and Forwarded are present");
        }
        if ((headers == Headers.XFORWARDED) != hasXff) {
            return Resolution.ambiguous("the request carries a forwarded header the server does not honour");
        }
        List<String> entries = new ArrayList<>();
        String problem = hasXff ? xForwardedFor(xForwardedFor, entries) : forwarded(forwarded, entries);
        if (problem != null) {
            return Resolution.ambiguous(problem);
        }
        if (entries.size() > maxHops) {
            return Resolution.ambiguous(entries.size() + " forwarded entries, more than " + maxHops);
        }
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (!trusted(entries.get(i), trustedProxies)) {
                return Resolution.of(entries.get(i));
            }
        }
        return Resolution.ambiguous("every address of the chain is a trusted proxy");
    }

    private static String xForwardedFor(List<String> lines, List<String> out) {
        for (String line : lines) {
            for (String part : line.split(",", -1)) {
                String ip = ipOf(part.trim());
                if (ip == null) {
                    return "an X-Forwarded-For entry is not an IP address";
                }
                out.add(ip);
            }
        }
        return null;
    }

    /** RFC 7239: elements split by commas, pairs by semicolons; each element must name {@code for}. */
    private static String forwarded(List<String> lines, List<String> out) {
        for (String line : lines) {
            for (String element : line.split(",", -1)) {
                String forValue = null;
                for (String pair : element.split(";", -1)) {
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        return "a Forwarded element is not a list of name=value pairs";
                    }
                    if (pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("for")) {
                        if (forValue != null) {
                            return "a Forwarded element names for twice";
                        }
                        forValue = unquote(pair.substring(eq + 1).trim());
                    }
                }
                String ip = forValue == null ? null : ipOf(forValue);
                if (ip == null) {
                    return "a Forwarded element has no for=<IP address>";
                }
                out.add(ip);
            }
        }
        return null;
    }

    /** An IP literal with an optional port ({@code 192.0.2.1:4711}, {@code [2001:db8::1]:4711}); {@code null} otherwise. */
    private static String ipOf(String entry) {
        String s = entry;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || (close != s.length() - 1 && !port(s.substring(close + 1)))) {
                return null;
            }
            s = s.substring(1, close);
        } else if (s.indexOf(':') == s.lastIndexOf(':') && s.indexOf(':') > 0) {
            int colon = s.indexOf(':'); // IPv4 with a port
            if (!port(s.substring(colon))) {
                return null;
            }
            s = s.substring(0, colon);
        }
        return s.isEmpty() ? null : IpAddresses.normalize(s);
    }

    private static boolean port(String suffix) {
        return suffix.matches(":\\d{1,5}");
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }

    private static boolean trusted(String ip, List<CidrBlock> trustedProxies) {
        return trustedProxies.stream().anyMatch(b -> b.contains(ip));
    }

    private static boolean blank(List<String> lines) {
        return lines == null || lines.stream().allMatch(l -> l == null || l.isBlank());
    }
}
