package io.github.kcpartner.jims.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kcpartner.jims.client.CidrBlock;
import io.github.kcpartner.jims.flow.ForwardedChain.Headers;
import io.github.kcpartner.jims.flow.ForwardedChain.Resolution;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The client address behind appending proxies: the right-most untrusted entry, never the client's choice. */
class ForwardedChainTest {

    private static final List<CidrBlock> PROXIES =
            Stream.of("127.0.0.2/32", "192.0.2.0/24").map(CidrBlock::parse).toList();

    private static Resolution xff(String peer, String... lines) {
        return ForwardedChain.resolve(peer, List.of(lines), List.of(), Headers.XFORWARDED, PROXIES, 5);
    }

    private static Resolution forwarded(String peer, String... lines) {
        return ForwardedChain.resolve(peer, List.of(), List.of(lines), Headers.FORWARDED, PROXIES, 5);
    }

    @Test
    @DisplayName(
            "an appending proxy: the client's own X-Forwarded-For entry is left of the address the proxy wrote, and loses")
    void spoofedLeftmostEntryLoses() {
        assertThat(xff("127.0.0.2", "10.0.0.5, 127.0.0.1").address()).isEqualTo("127.0.0.1");
        assertThat(xff("127.0.0.2", "10.0.0.5", "127.0.0.1").address())
                .as("two header lines are one chain")
                .isEqualTo("127.0.0.1");
    }

    @Test
    void trustedHopsAreSkippedFromTheRight() {
        assertThat(xff("127.0.0.2", "10.0.0.5, 203.0.113.9, 192.0.2.7").address())
                .isEqualTo("203.0.113.9");
        assertThat(xff("127.0.0.2", "203.0.113.9:4711, [2001:db8::1]:443").address())
                .isEqualTo("2001:db8:0:0:0:0:0:1");
    }

    @Test
    @DisplayName("without proxy headers, or from a direct connection, the TCP peer is the client")
    void peerWithoutHeaders() {
        assertThat(ForwardedChain.resolve("127.0.0.1", List.of("10.0.0.5"), List.of(), Headers.NONE, PROXIES, 5)
                        .address())
                .isEqualTo("127.0.0.1");
        assertThat(xff("203.0.113.9").address()).isEqualTo("203.0.113.9");
    }

    @Test
    @DisplayName("forwarded headers from a peer that is no trusted proxy: no address (untrusted_proxy), not the peer")
    void headersFromAnUntrustedPeer() {
        Resolution r = xff("203.0.113.9", "10.0.0.5");
        assertThat(r.resolved()).isFalse();
        assertThat(r.reason()).isEqualTo("untrusted_proxy");
        Resolution none = ForwardedChain.resolve(
                "127.0.0.2", List.of("10.0.0.5, 127.0.0.1"), List.of(), Headers.XFORWARDED, List.of(), 5);
        assertThat(none.reason()).as("no trusted proxies configured").isEqualTo("untrusted_proxy");
    }

    @Test
    @DisplayName("a chain that cannot be read exactly has no address: malformed, mixed, too long, all trusted")
    void ambiguousChains() {
        for (Resolution r : List.of(
                xff("127.0.0.2", "10.0.0.5, unknown"),
                xff("127.0.0.2", "10.0.0.5,,127.0.0.1"),
                xff("127.0.0.2", "evil.example"),
                xff("127.0.0.2", "1.1.1.1, 2.2.2.2, 3.3.3.3, 4.4.4.4, 5.5.5.5, 6.6.6.6"),
                xff("127.0.0.2", "192.0.2.1, 127.0.0.2"),
                ForwardedChain.resolve(
                        "127.0.0.2", List.of("127.0.0.1"), List.of("for=127.0.0.1"), Headers.XFORWARDED, PROXIES, 5),
                forwarded("127.0.0.2", "for=10.0.0.5;proto=https, by=127.0.0.2"),
                forwarded("127.0.0.2", "for=unknown"),
                forwarded("127.0.0.2", "for=_hidden"),
                ForwardedChain.resolve("127.0.0.2", List.of("127.0.0.1"), List.of(), Headers.FORWARDED, PROXIES, 5),
                xff("not-an-ip", "127.0.0.1"))) {
            assertThat(r.resolved()).as(r.detail()).isFalse();
            assertThat(r.reason()).isEqualTo("client_address_ambiguous");
        }
    }

    @Test
    void forwardedHeader() {
        assertThat(forwarded("127.0.0.2", "for=10.0.0.5, for=\"[2001:db8::7]:4711\";proto=https")
                        .address())
                .isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(forwarded("127.0.0.2", "for=10.0.0.5", "For=127.0.0.1;host=sso.example")
                        .address())
                .isEqualTo("127.0.0.1");
    }
}
