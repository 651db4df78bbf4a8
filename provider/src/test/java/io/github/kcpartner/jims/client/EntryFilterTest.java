package io.github.kcpartner.jims.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntryFilterTest {

    private static EntryFilter filter(JimsClientConfig.Builder b) {
        return new EntryFilter(b.primary(JimsServerConfig.builder(ServerRole.PRIMARY)
                        .address("10.0.0.1")
                        .clientId("x")
                        .clientSecret("y")
                        .build())
                .build());
    }

    private static JimsEntry entry(String ip, String domain) {
        return new JimsEntry(
                JimsEntry.Operation.LOGON, Instant.EPOCH, "", ip, domain, "u", List.of(), "", List.of(), "");
    }

    @Test
    void noFiltersAcceptIpv4Only() {
        EntryFilter f = filter(JimsClientConfig.builder());
        assertThat(f.accepts(entry("10.0.0.1", "any"))).isTrue();
        assertThat(f.accepts(entry("2001:db8::1", "any"))).isFalse();
        assertThat(filter(JimsClientConfig.builder().ipv6Entries(true)).accepts(entry("2001:db8::1", "any")))
                .isTrue();
    }

    @Test
    void domainsCaseInsensitiveAndWildcard() {
        EntryFilter f = filter(JimsClientConfig.builder().domainFilter(List.of("Corp.Example.com", "LAB")));
        assertThat(f.accepts(entry("10.0.0.1", "corp.example.COM"))).isTrue();
        assertThat(f.accepts(entry("10.0.0.1", "lab"))).isTrue();
        assertThat(f.accepts(entry("10.0.0.1", "other"))).isFalse();
        assertThat(f.accepts(entry("10.0.0.1", ""))).isFalse();
        assertThat(filter(JimsClientConfig.builder().domainFilter(List.of("*"))).accepts(entry("10.0.0.1", "x")))
                .isTrue();
    }

    @Test
    void includeAndExcludeWithExcludeWinning() {
        EntryFilter f = filter(JimsClientConfig.builder()
                .ipv6Entries(true)
                .includeIp(List.of("10.0.0.0/8", "2001:db8::/32"))
                .excludeIp(List.of("10.66.0.0/16", "2001:db8:bad::/48", "10.1.1.1")));
        assertThat(f.acceptsIp("10.1.2.3")).isTrue();
        assertThat(f.acceptsIp("10.66.1.1")).isFalse();
        assertThat(f.acceptsIp("10.1.1.1")).isFalse();
        assertThat(f.acceptsIp("192.168.1.1")).isFalse();
        assertThat(f.acceptsIp("2001:db8:1::1")).isTrue();
        assertThat(f.acceptsIp("2001:db8:bad::1")).isFalse();
        assertThat(f.acceptsIp("2001:db9::1")).isFalse();
        assertThat(f.acceptsIp("garbage")).isFalse();
    }

    @Test
    void cidrEdges() {
        assertThat(CidrBlock.parse("0.0.0.0/0").contains(IpAddresses.parse("203.0.113.9")))
                .isTrue();
        assertThat(CidrBlock.parse("10.0.0.0/31").contains(IpAddresses.parse("10.0.0.1")))
                .isTrue();
        assertThat(CidrBlock.parse("10.0.0.0/31").contains(IpAddresses.parse("10.0.0.2")))
                .isFalse();
        assertThat(CidrBlock.parse("10.0.0.0/8").contains(IpAddresses.parse("::ffff:0:0")))
                .isFalse();
        assertThat(CidrBlock.parse("::/0").contains(IpAddresses.parse("2001:db8::1")))
                .isTrue();
        assertThat(CidrBlock.parse("10.0.0.0/")).isNull();
        assertThat(CidrBlock.parse("10.0.0.0/-1")).isNull();
    }
}
