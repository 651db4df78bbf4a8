package io.github.kcpartner.it.jims;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcpartner.it.jims.JimsEntry.Device;
import io.github.kcpartner.testsupport.tls.TestPki;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JimsQueryTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:15:00Z");
    private static final JimsDirectory AD = new JimsDirectory();
    private static TestPki pki;
    private static JimsSimulator primary;
    private static JimsSimulator secondary;
    private static JimsTestClient client;
    private static JimsTestClient secondaryClient;
    private String token;

    @BeforeAll
    static void start() {
        pki = TestPki.create("query-test-ca");
        primary = JimsSimulator.builder()
                .name("primary")
                .directory(AD)
                .https(pki.issueServer("127.0.0.1"))
                .build()
                .start();
        secondary = JimsSimulator.builder()
                .name("secondary")
                .directory(AD)
                .https(pki.issueServer("127.0.0.1"))
                .pathPrefix("/jims/")
                .queryApi("/q")
                .build()
                .start();
        client = new JimsTestClient(primary, pki.clientSslContext());
        secondaryClient = new JimsTestClient(secondary, pki.clientSslContext());
    }

    @AfterAll
    static void stop() {
        primary.close();
        secondary.close();
    }

    @BeforeEach
    void fill() throws Exception {
        AD.clear();
        primary.resetStats();
        AD.logon(
                "10.1.2.50",
                "corp.example.com",
                "alice",
                List.of("Engineering", "VPN-Users"),
                new Device("DESKTOP-ABC", List.of("Workstations"), "Windows"),
                T0);
        token = client.token();
    }

    @Test
    @DisplayName("IP query: the contract's entry with all fields")
    void ipQuery() throws Exception {
        JsonNode body = client.ok(token, "ip=10.1.2.50");

        assertThat(body.get("cookie").asText()).isNotEmpty();
        assertThat(body.get("entries")).hasSize(1);
        JsonNode entry = body.get("entries").get(0);
        assertThat(entry.get("operation").asText()).isEqualTo("logon");
        assertThat(entry.get("timestamp").asText()).isEqualTo("2026-11-20T10:15:00Z");
        assertThat(entry.get("source").asText()).isEqualTo("Active Directory");
        assertThat(entry.get("ip").asText()).isEqualTo("10.1.2.50");
        assertThat(entry.get("domain").asText()).isEqualTo("corp.example.com");
        assertThat(entry.get("user").asText()).isEqualTo("alice");
        assertThat(entry.get("groups")).extracting(JsonNode::asText).containsExactly("Engineering", "VPN-Users");
        assertThat(entry.get("device").get("name").asText()).isEqualTo("DESKTOP-ABC");
        assertThat(entry.get("device").get("groups"))
                .extracting(JsonNode::asText)
                .containsExactly("Workstations");
        assertThat(entry.get("device").get("os").asText()).isEqualTo("Windows");
        assertThat(primary.count(RequestKind.IP)).isEqualTo(1);
        assertThat(primary.requests())
                .last()
                .satisfies(seen -> assertThat(seen.authScheme()).isEqualTo("Bearer"));
    }

    @Test
    @DisplayName("IP with nobody: 200 with entries []")
    void nobody() throws Exception {
        JsonNode body = client.ok(token, "ip=10.1.2.51");

        assertThat(body.get("entries").isArray()).isTrue();
        assertThat(body.get("entries")).isEmpty();
    }

    @Test
    @DisplayName("IPv6: any textual form of the address finds the entry, answered in RFC 5952 form")
    void ipv6() throws Exception {
        AD.logon("2001:DB8:0:0:0:0:0:10", "corp.example.com", "bob", "Sales");

        JsonNode body = client.ok(token, "ip=" + JimsTestClient.enc("2001:db8::10"));

        assertThat(body.get("entries")).hasSize(1);
        assertThat(body.get("entries").get(0).get("ip").asText()).isEqualTo("2001:db8::10");
        assertThat(body.get("entries").get(0).get("user").asText()).isEqualTo("bob");
    }

    @Test
    @DisplayName("user query: entry when ip, user and domain match; [] when not")
    void userQuery() throws Exception {
        JsonNode match = client.ok(token, "ip=10.1.2.50&user=alice&domain=corp.example.com");
        JsonNode otherUser = client.ok(token, "ip=10.1.2.50&user=bob&domain=corp.example.com");

        assertThat(match.get("entries")).hasSize(1);
        assertThat(match.get("entries").get(0).get("groups")).hasSize(2);
        assertThat(otherUser.get("entries")).isEmpty();
        assertThat(primary.count(RequestKind.USER)).isEqualTo(2);
    }

    @Test
    @DisplayName("a logoff ends the IP's entry and appears in the batch")
    void logoff() throws Exception {
        AD.logoff("10.1.2.50", T0.plusSeconds(60));

        assertThat(client.ok(token, "ip=10.1.2.50").get("entries")).isEmpty();
        JsonNode batch = client.ok(token, "timestamp=" + T0.getEpochSecond() + "&entry_count=200");
        assertThat(batch.get("entries"))
                .extracting(e -> e.get("operation").asText())
                .containsExactly("logon", "logoff");
        assertThat(batch.get("entries").get(1).get("user").asText()).isEqualTo("alice");
    }

    @Test
    @DisplayName(
            "batch over 450 entries with entry_count=200: pages of 200, 200, 50, then new entries follow the cookie")
    void paging() throws Exception {
        AD.clear();
        AD.generate(450, T0, Duration.ofSeconds(1));
        List<Integer> pages = new ArrayList<>();
        List<String> users = new ArrayList<>();

        JsonNode page = client.ok(token, "timestamp=" + T0.getEpochSecond() + "&entry_count=200");
        collect(page, pages, users);
        while (page.get("entries").size() == 200) {
            page = client.ok(
                    token, "cookie=" + JimsTestClient.enc(page.get("cookie").asText()) + "&entry_count=200");
            collect(page, pages, users);
        }

        assertThat(pages).containsExactly(200, 200, 50);
        assertThat(users)
                .doesNotHaveDuplicates()
                .hasSize(450)
                .startsWith("user000001")
                .endsWith("user000450");
        assertThat(primary.count(RequestKind.BATCH)).isEqualTo(3);
        String drained = page.get("cookie").asText();
        assertThat(client.ok(token, "cookie=" + JimsTestClient.enc(drained) + "&entry_count=200")
                        .get("entries"))
                .isEmpty();
        AD.logon("10.200.0.1", "corp.example.com", "carol", "Finance");
        JsonNode next = client.ok(token, "cookie=" + JimsTestClient.enc(drained) + "&entry_count=200");
        assertThat(next.get("entries")).extracting(e -> e.get("user").asText()).containsExactly("carol");
    }

    @Test
    @DisplayName("batch from a timestamp leaves older entries out")
    void batchSince() throws Exception {
        AD.generate(10, T0, Duration.ofMinutes(1));

        JsonNode page = client.ok(token, "timestamp=" + T0.plusSeconds(300).getEpochSecond() + "&entry_count=100");

        assertThat(page.get("entries")).hasSize(5);
    }

    @Test
    @DisplayName("primary and secondary share the directory; cookies belong to one instance")
    void sharedDirectoryOwnCookies() throws Exception {
        String secondaryToken = secondaryClient.token();
        JsonNode fromPrimary = client.ok(token, "timestamp=0&entry_count=100");

        assertThat(secondary.queryUri().getPath()).isEqualTo("/jims/q");
        assertThat(secondary.tokenUri().getPath()).isEqualTo("/jims/oauth_token/oauth");
        assertThat(secondaryClient.ok(secondaryToken, "ip=10.1.2.50").get("entries"))
                .hasSize(1);
        HttpResponse<String> foreign = secondaryClient.query(
                secondaryToken,
                "cookie=" + JimsTestClient.enc(fromPrimary.get("cookie").asText()) + "&entry_count=100");
        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(secondaryClient.query(token, "ip=10.1.2.50").statusCode())
                .as("tokens are per instance")
                .isEqualTo(401);
    }

    @ParameterizedTest(name = "400 for ?{0}")
    @ValueSource(
            strings = {
                "",
                "ip=not-an-ip",
                "ip=10.0.0.300",
                "ip=example.com",
                "ip=10.0.0.1&foo=1",
                "ip=10.0.0.1&user=alice",
                "ip=10.0.0.1&user=&domain=corp",
                "timestamp=abc&entry_count=200",
                "timestamp=0",
                "timestamp=0&entry_count=0",
                "timestamp=0&entry_count=1001",
                "cookie=bm9wZQ&entry_count=200",
                "timestamp=0&cookie=x&entry_count=200",
                "ip=10.0.0.1&ip=10.0.0.2",
                "ip=10.0.0.1&x%22%5Cy=1"
            })
    void badParameters(String query) throws Exception {
        HttpResponse<String> response = client.query(token, query);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(JimsTestClient.json(response).get("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    @DisplayName("no token or an unknown token: 401")
    void unauthorised() throws Exception {
        HttpResponse<String> none = client.query(null, "ip=10.1.2.50");
        HttpResponse<String> unknown = client.query("forged", "ip=10.1.2.50");

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(JimsTestClient.json(unknown).get("error").asText()).isEqualTo("invalid_token");
    }

    private static void collect(JsonNode page, List<Integer> pages, List<String> users) {
        pages.add(page.get("entries").size());
        page.get("entries").forEach(entry -> users.add(entry.get("user").asText()));
    }
}
