package io.github.kcpartner.jims.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JimsClientConfigTest {

    private static JimsServerConfig server(ServerRole role) {
        return JimsServerConfig.builder(role)
                .address("10.0.0.1")
                .clientId("srx")
                .clientSecret("s")
                .build();
    }

    private static JimsClientConfig.Builder valid() {
        return JimsClientConfig.builder().primary(server(ServerRole.PRIMARY));
    }

    private static List<String> keys(JimsClientConfig.Builder b) {
        return b.validate().stream().map(ConfigProblem::messageKey).toList();
    }

    private static List<String> expect(boolean ok, String key) {
        return ok ? List.of() : List.of(key);
    }

    @Test
    void documentedDefaults() {
        JimsClientConfig c = valid().build();
        assertThat(c.itemsPerBatch()).isEqualTo(200);
        assertThat(c.queryIntervalSeconds()).isEqualTo(5);
        assertThat(c.authenticationEntryTimeoutMinutes()).isEqualTo(60);
        assertThat(c.invalidAuthenticationEntryTimeoutMinutes()).isEqualTo(30);
        assertThat(c.validEntryTtl()).isEqualTo(Duration.ofMinutes(60));
        assertThat(c.noIpQuery()).isFalse();
        assertThat(c.preserveValidUser()).isFalse();
        assertThat(c.secondary()).isNull();
        assertThat(c.maxBodyBytes()).isEqualTo(16 * 1024 * 1024);
    }

    @Test
    void primaryMandatoryAndRolesChecked() {
        assertThat(keys(JimsClientConfig.builder())).containsExactly("jims.error.primaryRequired");
        assertThat(keys(JimsClientConfig.builder().primary(server(ServerRole.SECONDARY))))
                .containsExactly("jims.error.primaryRole");
        assertThat(keys(valid().secondary(server(ServerRole.PRIMARY)))).containsExactly("jims.error.secondaryRole");
        assertThat(valid().secondary(server(ServerRole.SECONDARY)).validate()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"0,false", "1,true", "20,true", "10000,true", "10001,false"})
    void ipQueriesPerSecond(int v, boolean ok) {
        assertThat(valid().build().ipQueriesPerSecond()).as("default").isEqualTo(20);
        assertThat(keys(valid().ipQueriesPerSecond(v))).isEqualTo(expect(ok, "jims.error.ipQueriesPerSecondRange"));
    }

    @ParameterizedTest
    @CsvSource({"99,false", "100,true", "1000,true", "1001,false"})
    void itemsPerBatch(int v, boolean ok) {
        assertThat(keys(valid().itemsPerBatch(v))).isEqualTo(expect(ok, "jims.error.itemsPerBatchRange"));
    }

    @ParameterizedTest
    @CsvSource({"0,false", "1,true", "60,true", "61,false"})
    void queryInterval(int v, boolean ok) {
        assertThat(keys(valid().queryIntervalSeconds(v))).isEqualTo(expect(ok, "jims.error.queryIntervalRange"));
    }

    @ParameterizedTest
    @CsvSource({"0,false", "1,true", "20,true", "21,false"})
    void maxConnections(int v, boolean ok) {
        assertThat(keys(valid().maxConnections(v))).isEqualTo(expect(ok, "jims.error.maxConnectionsRange"));
    }

    @ParameterizedTest
    @CsvSource({"-1,false", "0,true", "1,false", "9,false", "10,true", "1440,true", "1441,false"})
    void authenticationEntryTimeout(int v, boolean ok) {
        assertThat(keys(valid().authenticationEntryTimeoutMinutes(v)))
                .isEqualTo(expect(ok, "jims.error.authEntryTimeoutRange"));
        assertThat(keys(valid().invalidAuthenticationEntryTimeoutMinutes(v)))
                .isEqualTo(expect(ok, "jims.error.invalidAuthEntryTimeoutRange"));
    }

    @Test
    void domainFilter() {
        List<String> twenty =
                IntStream.range(0, 20).mapToObj(i -> "d" + i + ".example").toList();
        List<String> twentyOne =
                IntStream.range(0, 21).mapToObj(i -> "d" + i + ".example").toList();
        assertThat(valid().domainFilter(twenty).validate()).isEmpty();
        assertThat(keys(valid().domainFilter(twentyOne))).containsExactly("jims.error.domainFilterTooMany");
        assertThat(valid().domainFilter(List.of("*")).validate()).isEmpty();
        assertThat(valid().domainFilter(List.of("CORP")).validate()).isEmpty();
        assertThat(keys(valid().domainFilter(List.of("bad domain")))).containsExactly("jims.error.domainFilterInvalid");
        assertThat(keys(valid().domainFilter(List.of("*", "corp.example"))))
                .containsExactly("jims.error.domainFilterWildcardAlone");
        assertThat(valid().domainFilter(Collections.nCopies(3, " ")).build().domainFilter())
                .isEmpty();
    }

    @Test
    void ipFilters() {
        assertThat(valid().includeIp(List.of("10.0.0.0/8", "2001:db8::/32", "192.168.1.7"))
                        .validate())
                .isEmpty();
        assertThat(keys(valid().includeIp(List.of("10.0.0.0/33")))).containsExactly("jims.error.includeIpInvalid");
        assertThat(keys(valid().excludeIp(List.of("2001:db8::/129", "nonsense"))))
                .containsExactly("jims.error.excludeIpInvalid", "jims.error.excludeIpInvalid");
    }

    @ParameterizedTest
    @CsvSource({"0,false", "1,true", "300,true", "301,false"})
    void probeInterval(int v, boolean ok) {
        assertThat(keys(valid().probeIntervalSeconds(v))).isEqualTo(expect(ok, "jims.error.probeIntervalRange"));
    }

    @ParameterizedTest
    @CsvSource({"1023,false", "1024,true", "268435456,true", "268435457,false"})
    void maxBodyBytes(int v, boolean ok) {
        assertThat(keys(valid().maxBodyBytes(v))).isEqualTo(expect(ok, "jims.error.maxBodyBytesRange"));
    }
}
