package io.github.kcpartner.jims.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseParserTest {

    private static JimsResponse parse(String json) throws ResponseParser.Unparsable {
        return ResponseParser.parseQuery(json.getBytes(StandardCharsets.UTF_8), ServerRole.PRIMARY);
    }

    @Test
    void parsesTheDocumentedExample() throws Exception {
        JimsResponse r = parse("""
                {"cookie": "opaque-123",
                 "entries": [
                  {"operation": "logon", "timestamp": "2026-11-20T10:15:00Z", "source": "Active Directory",
                   "ip": "10.1.2.50", "domain": "corp.example.com", "user": "alice",
                   "groups": ["Engineering", "VPN-Users"],
                   "device": {"name": "DESKTOP-ABC", "groups": ["Workstations"], "os": "Windows"}}]}
                """);
        assertThat(r.cookie()).isEqualTo("opaque-123");
        assertThat(r.rawEntryCount()).isEqualTo(1);
        assertThat(r.skippedEntries()).isZero();
        JimsEntry e = r.entries().get(0);
        assertThat(e)
                .isEqualTo(new JimsEntry(
                        JimsEntry.Operation.LOGON,
                        Instant.parse("2026-11-20T10:15:00Z"),
                        "Active Directory",
                        "10.1.2.50",
                        "corp.example.com",
                        "alice",
                        java.util.List.of("Engineering", "VPN-Users"),
                        "DESKTOP-ABC",
                        java.util.List.of("Workstations"),
                        "Windows"));
    }

    @Test
    void deviceOnlyLogoffIpv6AndEpochTimestamps() throws Exception {
        JimsResponse r = parse("{\"entries\":[{\"operation\":\"LOGOFF\",\"timestamp\":1700000000,"
                + "\"ip\":\"2001:DB8:0:0::7\",\"user\":\"\"}]}");
        JimsEntry e = r.entries().get(0);
        assertThat(e.operation()).isEqualTo(JimsEntry.Operation.LOGOFF);
        assertThat(e.timestamp()).isEqualTo(Instant.ofEpochSecond(1700000000));
        assertThat(e.ip()).isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(e.hasUser()).isFalse();
        assertThat(r.cookie()).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "garbage",
                "<html>500</html>",
                "[]",
                "\"text\"",
                "{\"entries\":{}}",
                "{\"cookie\":\"x\"}",
                "{\"entries\":[",
                "{\"entries\":\"none\"}",
                "null",
                "\u0000\u0001"
            })
    void unusableBodiesAreUnparsable(String body) {
        assertThatThrownBy(() -> parse(body)).isInstanceOf(ResponseParser.Unparsable.class);
    }

    @Test
    void deeplyNestedJsonIsUnparsableNotAStackOverflow() {
        String deep = "{\"entries\":[" + "[".repeat(5000) + "]".repeat(5000) + "]}";
        assertThatThrownBy(() -> parse(deep)).isInstanceOf(ResponseParser.Unparsable.class);
    }

    @Test
    void malformedEntriesAreSkippedAndCounted() throws Exception {
        String good = StubJims.entry("logon", "2026-11-20T10:15:00Z", "10.0.0.1", "corp", "bob", "G");
        JimsResponse r =
                parse("{\"entries\":["
                        + String.join(
                                ",",
                                good,
                                "42",
                                "{\"operation\":\"logon\",\"timestamp\":\"2026-11-20T10:15:00Z\"}", // no ip
                                "{\"operation\":\"login\",\"timestamp\":\"2026-11-20T10:15:00Z\",\"ip\":\"10.0.0.2\"}", // bad op
                                "{\"operation\":\"logon\",\"timestamp\":\"yesterday\",\"ip\":\"10.0.0.3\"}", // bad time
                                "{\"operation\":\"logon\",\"timestamp\":\"2026-11-20T10:15:00Z\",\"ip\":\"10.0.0.999\"}", // bad ip
                                "{\"operation\":\"logon\",\"timestamp\":\"2026-11-20T10:15:00Z\",\"ip\":\"10.0.0.4\",\"groups\":\"G\"}",
                                "{\"operation\":\"logon\",\"timestamp\":\"2026-11-20T10:15:00Z\",\"ip\":\"10.0.0.5\",\"user\":7}",
                                "{\"operation\":\"logon\",\"timestamp\":\"2026-11-20T10:15:00Z\",\"ip\":\"10.0.0.6\",\"groups\":[1]}",
                                "{\"operation\":\"logon\",\"timestamp\":\"2026-11-20T10:15:00Z\",\"ip\":\"10.0.0.7\",\"device\":[]}",
                                "{\"operation\":\"logon\",\"timestamp\":\"2026-11-20T10:15:00Z\",\"ip\":\"host.example\"}",
                                "{\"operation\":null,\"timestamp\":\"2026-11-20T10:15:00Z\",\"ip\":\"10.0.0.8\"}")
                        + "]}");
        assertThat(r.entries()).extracting(JimsEntry::user).containsExactly("bob");
        assertThat(r.rawEntryCount()).isEqualTo(12);
        assertThat(r.skippedEntries()).isEqualTo(11);
    }

    @Test
    void optionalFieldsDefaultToEmpty() throws Exception {
        JimsEntry e = parse("{\"entries\":[{\"operation\":\"logon\",\"timestamp\":\"2026-11-20T11:15:00+01:00\","
                        + "\"ip\":\"10.0.0.9\",\"user\":\"eve\",\"domain\":null,\"device\":null,\"extra\":{\"x\":1}}]}")
                .entries()
                .get(0);
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-11-20T10:15:00Z"));
        assertThat(e.domain()).isEmpty();
        assertThat(e.groups()).isEmpty();
        assertThat(e.deviceName()).isEmpty();
    }

    @Test
    void tokenParsing() throws Exception {
        ResponseParser.Token t = ResponseParser.parseToken(
                "{\"access_token\":\"abc\",\"token_type\":\"Bearer\",\"expires_in\":28800}".getBytes());
        assertThat(t.accessToken()).isEqualTo("abc");
        assertThat(t.expiresIn()).isEqualTo(28800);
        assertThat(t.toString()).doesNotContain("abc");
        assertThat(ResponseParser.parseToken("{\"access_token\":\"abc\",\"expires_in\":\"60\"}".getBytes())
                        .expiresIn())
                .isEqualTo(60);
        assertThat(ResponseParser.parseToken("{\"access_token\":\"abc\",\"expires_in\":-5}".getBytes())
                        .expiresIn())
                .isEqualTo(-1);
        assertThatThrownBy(() -> ResponseParser.parseToken("{\"access_token\":5}".getBytes()))
                .isInstanceOf(ResponseParser.Unparsable.class);
        assertThatThrownBy(() -> ResponseParser.parseToken("{}".getBytes()))
                .isInstanceOf(ResponseParser.Unparsable.class);
    }
}
