package io.github.kcpartner.jims.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kcpartner.testsupport.tls.TestPki;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JimsServerConfigTest {

    private static final String SECRET = "very-secret-123";

    private static JimsServerConfig.Builder valid() {
        return JimsServerConfig.builder(ServerRole.PRIMARY)
                .address("10.0.0.1")
                .clientId("srx")
                .clientSecret(SECRET);
    }

    private static List<String> keys(JimsServerConfig.Builder b) {
        return b.validate().stream().map(ConfigProblem::messageKey).toList();
    }

    @Test
    @DisplayName("defaults: https, 443, documented API paths, empty prefix")
    void defaults() {
        JimsServerConfig c = valid().build();
        assertThat(c.port()).isEqualTo(443);
        assertThat(c.connectMethod()).isEqualTo(ConnectMethod.HTTPS);
        assertThat(c.tokenUrl()).isEqualTo("https://10.0.0.1:443/oauth_token/oauth");
        assertThat(c.queryUrl()).isEqualTo("https://10.0.0.1:443/user_query/v2");
        assertThat(c.sourceAddress()).isNull();
    }

    @Test
    @DisplayName("IPv6 address is bracketed in URLs; prefix and leading slashes normalised")
    void ipv6AndPrefix() {
        JimsServerConfig c = valid().address("[2001:db8::1]")
                .pathPrefix("/jims")
                .tokenApi("/t/oauth")
                .build();
        assertThat(c.address()).isEqualTo("2001:db8::1");
        assertThat(c.tokenUrl()).isEqualTo("https://[2001:db8::1]:443/jims/t/oauth");
        assertThat(c.queryUrl()).isEqualTo("https://[2001:db8::1]:443/jims/user_query/v2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.1.2.3", "2001:db8::5", "jims.corp.example.com", "jims-1"})
    void validAddresses(String address) {
        assertThat(valid().address(address).validate()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"999.1.1.1", "10.1.2", "bad host", "-x.example", "a..b"})
    void invalidAddresses(String address) {
        assertThat(keys(valid().address(address))).containsExactly("jims.error.addressInvalid");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://jims1.example.com",
                "jims1.example.com/api",
                "jims1.example.com:443",
                "1.2.3.4:80",
                "kc@jims1.example.com",
                "jims1.example.com?x=1"
            })
    @DisplayName("given a URL or host:port where the host alone belongs, then it is refused as not a host")
    void urlLikeAddresses(String address) {
        assertThat(keys(valid().address(address))).containsExactly("jims.error.addressNotHost");
    }

    @Test
    void addressRequired() {
        assertThat(keys(valid().address(" "))).containsExactly("jims.error.addressRequired");
    }

    @ParameterizedTest
    @CsvSource({"0,false", "1,true", "443,true", "65535,true", "65536,false", "-1,false"})
    void portRange(int port, boolean ok) {
        assertThat(keys(valid().port(port))).isEqualTo(ok ? List.of() : List.of("jims.error.portRange"));
    }

    @ParameterizedTest
    @CsvSource({"0,false", "1,true", "64,true", "65,false"})
    void clientIdLength(int length, boolean ok) {
        assertThat(keys(valid().clientId("a".repeat(length))))
                .isEqualTo(ok ? List.of() : List.of("jims.error.clientIdLength"));
    }

    @ParameterizedTest
    @CsvSource({"0,false", "1,true", "128,true", "129,false"})
    void clientSecretLength(int length, boolean ok) {
        assertThat(keys(valid().clientSecret("s".repeat(length))))
                .isEqualTo(ok ? List.of() : List.of("jims.error.clientSecretLength"));
    }

    @ParameterizedTest
    @CsvSource({"0,false", "1,true", "128,true", "129,false"})
    void tokenApiLength(int length, boolean ok) {
        assertThat(keys(valid().tokenApi("t".repeat(length))))
                .isEqualTo(ok ? List.of() : List.of("jims.error.tokenApiLength"));
    }

    @ParameterizedTest
    @CsvSource({"3,false", "4,true", "128,true", "129,false"})
    void queryApiLength(int length, boolean ok) {
        assertThat(keys(valid().queryApi("q".repeat(length))))
                .isEqualTo(ok ? List.of() : List.of("jims.error.queryApiLength"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "x?y=1", "../up", "a#b", "c\\d"})
    void unsafePathsRefused(String path) {
        assertThat(keys(valid().queryApi(path + "/v2"))).containsExactly("jims.error.queryApiLength");
        assertThat(keys(valid().pathPrefix(path))).containsExactly("jims.error.pathPrefixInvalid");
    }

    @ParameterizedTest
    @CsvSource({"99,false", "100,true", "120000,true", "120001,false"})
    void connectTimeoutRange(int ms, boolean ok) {
        assertThat(keys(valid().connectTimeoutMs(ms)))
                .isEqualTo(ok ? List.of() : List.of("jims.error.connectTimeoutRange"));
    }

    @ParameterizedTest
    @CsvSource({"99,false", "100,true", "300000,true", "300001,false"})
    void readTimeoutRange(int ms, boolean ok) {
        assertThat(keys(valid().readTimeoutMs(ms))).isEqualTo(ok ? List.of() : List.of("jims.error.readTimeoutRange"));
    }

    @Test
    void sourceAddressMustBeIpLiteral() {
        assertThat(keys(valid().sourceAddress("host.example"))).containsExactly("jims.error.sourceAddressInvalid");
        assertThat(valid().sourceAddress("127.0.0.1").build().sourceAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void caCertificateChecks() throws Exception {
        assertThat(keys(valid().caCertificatePem("-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----")))
                .containsExactly("jims.error.caCertificateInvalid");
        String pem = TestPki.create("CA").caPem();
        assertThat(valid().caCertificatePem(pem).validate()).isEmpty();
        assertThat(keys(valid().caCertificatePem(pem).trustStore("/tmp/x.p12", "pw", "PKCS12")))
                .containsExactly("jims.error.caCertificateConflict");
    }

    @Test
    @DisplayName("the client secret never appears in toString nor in validation messages")
    void secretNeverShown() {
        JimsServerConfig c = valid().build();
        assertThat(c.toString()).doesNotContain(SECRET);
        assertThatThrownBy(() -> valid().port(0).clientId("").build())
                .isInstanceOf(JimsConfigException.class)
                .hasMessageContaining("jims.error.portRange")
                .hasMessageContaining("jims.error.clientIdLength")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void problemsCarryFieldAndArgs() {
        ConfigProblem p = JimsServerConfig.builder(ServerRole.SECONDARY)
                .address("10.0.0.2")
                .clientId("x")
                .clientSecret("y")
                .port(70000)
                .validate()
                .get(0);
        assertThat(p.field()).isEqualTo("secondary.port");
        assertThat(p.args()).containsExactly("jims.group.secondaryServer", "1", "65535", "70000");
    }
}
