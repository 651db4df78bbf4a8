package io.github.kcpartner.jims.client;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** The client-side filters: domain list, include-ip / exclude-ip (exclude wins), IPv6 on/off. */
final class EntryFilter {

    private final Set<String> domains; // empty = all
    private final List<CidrBlock> include;
    private final List<CidrBlock> exclude;
    private final boolean ipv6;

    EntryFilter(JimsClientConfig config) {
        List<String> d = config.domainFilter();
        domains = d.contains("*")
                ? Set.of()
                : d.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        include = config.includeIp().stream()
                .map(CidrBlock::parse)
                .filter(Objects::nonNull)
                .toList();
        exclude = config.excludeIp().stream()
                .map(CidrBlock::parse)
                .filter(Objects::nonNull)
                .toList();
        ipv6 = config.ipv6Entries();
    }

    boolean accepts(JimsEntry e) {
        return acceptsIp(e.ip()) && acceptsDomain(e.domain());
    }

    boolean acceptsDomain(String domain) {
        return domains.isEmpty() || (domain != null && domains.contains(domain.toLowerCase(Locale.ROOT)));
    }

    boolean acceptsIp(String ip) {
        InetAddress a = IpAddresses.parse(ip);
        if (a == null || (!ipv6 && IpAddresses.isIpv6(a))) {
            return false;
        }
        if (exclude.stream().anyMatch(c -> c.contains(a))) {
            return false;
        }
        return include.isEmpty() || include.stream().anyMatch(c -> c.contains(a));
    }
}
