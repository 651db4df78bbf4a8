package io.github.kcpartner.jims.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kcpartner.testsupport.tls.TestPki;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {

    private static TestPki trusted;
    private static TestPki other;

    @BeforeAll
    static void pki() throws Exception {
        trusted = TestPki.create("JIMS Test CA");
        other = TestPki.create("Some Other CA");
    }

    private static JimsClient client(JimsServerConfig primary) {
        return JimsClient.builder(JimsClientConfig.builder().primary(primary).build())
                .backgroundProbing(false)
                .build();
    }

    private static JimsServerConfig.Builder https(StubJims s) {
        return s.config(ServerRole.PRIMARY).connectMethod(ConnectMethod.HTTPS);
    }

    @Test
    @DisplayName("https with the configured CA and a certificate naming the address works")
    void trustedCertificate() throws Exception {
        try (StubJims s = StubJims.https(trusted.serverSslContext("localhost", "127.0.0.1"));
                JimsClient c = client(https(s).caCertificatePem(trusted.caPem()).build())) {
            assertThat(c.ipQuery("10.0.0.1").servedBy()).isEqualTo(ServerRole.PRIMARY);
            assertThat(c.status().get(0).lastStatus()).isEqualTo("OK (200)");
        }
    }

    @Test
    @DisplayName("host names are verified too: localhost in the SAN matches address localhost")
    void hostNameAddress() throws Exception {
        try (StubJims s = StubJims.https(trusted.serverSslContext("localhost"));
                JimsClient c = client(https(s).address("localhost")
                        .caCertificatePem(trusted.caPem())
                        .build())) {
            assertThat(c.ipQuery("10.0.0.1").servedBy()).isEqualTo(ServerRole.PRIMARY);
        }
    }

    @Test
    @DisplayName("a server certificate from another CA is refused")
    void otherCaRefused() throws Exception {
        try (StubJims s = StubJims.https(other.serverSslContext("localhost", "127.0.0.1"));
                JimsClient c = client(https(s).caCertificatePem(trusted.caPem()).build())) {
            assertThatThrownBy(() -> c.ipQuery("10.0.0.1"))
                    .isInstanceOf(JimsUnavailableException.class)
                    .hasMessageContaining("TLS error");
            assertThat(c.status().get(0).online()).isFalse();
            assertThat(s.queryRequests).hasValue(0);
            assertThat(s.tokenRequests).hasValue(0);
        }
    }

    @Test
    @DisplayName("a certificate for another host name is refused")
    void wrongHostNameRefused() throws Exception {
        try (StubJims s = StubJims.https(trusted.serverSslContext("jims.other.example", "10.9.9.9"));
                JimsClient c = client(https(s).caCertificatePem(trusted.caPem()).build())) {
            assertThatThrownBy(() -> c.ipQuery("10.0.0.1"))
                    .isInstanceOf(JimsUnavailableException.class)
                    .hasMessageContaining("TLS error");
            assertThat(c.status().get(0).lastStatus()).contains("127.0.0.1");
            assertThat(s.tokenRequests).hasValue(0);
        }
    }

    @Test
    @DisplayName("without a CA the JDK trust store is used, which does not know the test CA")
    void jdkTrustStoreByDefault() throws Exception {
        try (StubJims s = StubJims.https(trusted.serverSslContext("localhost", "127.0.0.1"));
                JimsClient c = client(https(s).build())) {
            assertThatThrownBy(() -> c.ipQuery("10.0.0.1"))
                    .isInstanceOf(JimsUnavailableException.class)
                    .hasMessageContaining("TLS error");
        }
    }

    @Test
    @DisplayName("a PKCS12 trust store file works instead of PEM")
    void trustStoreFile(@TempDir Path home) throws Exception {
        Path file = Files.createDirectories(home.resolve("conf/partner")).resolve("jims-trust.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            trusted.trustStore().store(out, "store-pw".toCharArray());
        }
        String before = System.getProperty("kc.home.dir");
        System.setProperty(
                "kc.home.dir", home.toString()); // the partner files directory is ${kc.home.dir}/conf/partner
        try (StubJims s = StubJims.https(trusted.serverSslContext("127.0.0.1"));
                JimsClient c = client(https(s).trustStore("jims-trust.p12", "store-pw", "PKCS12")
                        .build())) {
            assertThat(c.ipQuery("10.0.0.1").servedBy()).isEqualTo(ServerRole.PRIMARY);
        } finally {
            if (before == null) {
                System.clearProperty("kc.home.dir");
            } else {
                System.setProperty("kc.home.dir", before);
            }
        }
    }

    @Test
    @DisplayName("an unreadable trust store is a configuration error with a message key")
    void unreadableTrustStore(@TempDir Path dir) {
        JimsServerConfig cfg = JimsServerConfig.builder(ServerRole.PRIMARY)
                .address("127.0.0.1")
                .clientId("x")
                .clientSecret("y")
                .trustStore(dir.resolve("missing.p12").toString(), "pw", "PKCS12")
                .build();
        assertThatThrownBy(() -> client(cfg))
                .isInstanceOf(JimsConfigException.class)
                .hasMessageContaining("jims.error.trustStoreUnreadable");
    }

    @Test
    @DisplayName("plain http works when configured")
    void plainHttp() throws Exception {
        try (StubJims s = StubJims.http();
                JimsClient c = client(s.config(ServerRole.PRIMARY).build())) {
            assertThat(c.ipQuery("10.0.0.1").servedBy()).isEqualTo(ServerRole.PRIMARY);
        }
    }

    @Test
    @DisplayName("the configured source address is bound")
    void sourceAddressBound() throws Exception {
        try (StubJims s = StubJims.http();
                JimsClient c = client(
                        s.config(ServerRole.PRIMARY).sourceAddress("127.0.0.2").build())) {
            assertThat(c.ipQuery("10.0.0.1").servedBy()).isEqualTo(ServerRole.PRIMARY);
            assertThat(s.lastRemote).isEqualTo("127.0.0.2");
            assertThat(c.status().get(0).sourceAddress()).isEqualTo("127.0.0.2");
        }
    }
}
