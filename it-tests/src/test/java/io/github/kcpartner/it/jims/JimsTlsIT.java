package io.github.kcpartner.it.jims;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kcpartner.it.harness.KeycloakExtension;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.harness.TestRealm;
import io.github.kcpartner.testsupport.tls.TestPki;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KeycloakExtension.class)
class JimsTlsIT {

    private static TestRealm realm;
    private static JimsComponents components;

    @BeforeAll
    static void setUp(KeycloakServer server) {
        realm = TestRealm.create(server, "jims-tls-it");
        components = new JimsComponents(server, realm.name());
    }

    @AfterAll
    static void tearDown() {
        if (realm != null) {
            realm.close();
        }
    }

    private static Map<String, List<String>> primaryOnly(JimsPair jims) {
        Map<String, List<String>> c = JimsComponents.settings(jims);
        c.keySet().removeIf(k -> k.startsWith("secondary"));
        c.put("queryInterval", List.of("60"));
        return c;
    }

    @Test
    @DisplayName(
            "given a CA that did not issue the server certificate, then the connection is refused and status shows it")
    void otherCaRefused(JimsPair jims) throws Exception {
        Map<String, List<String>> c = primaryOnly(jims);
        c.put("primaryCaCertificate", List.of(TestPki.create("other-ca").caPem()));
        String id = components.create("jims-other-ca", c);
        assertThat(components.lookupIp(id, "10.50.0.1", true).status()).isEqualTo(503);
        String last = components
                .awaitStatus(id, "Primary", s -> s.path("status").asText().equals("Offline"), Duration.ofSeconds(10))
                .path("lastStatus")
                .asText();
        assertThat(last.toLowerCase()).containsAnyOf("tls", "certificate", "ssl", "pkix", "handshake");
    }

    @Test
    @DisplayName("given a server certificate for another host name, then the connection is refused")
    void wrongHostRefused(JimsPair jims) throws Exception {
        try (JimsSimulator wrong = JimsSimulator.builder()
                .name("wrong-host")
                .https(jims.pki().issueServer("wrong.example.com"))
                .directory(jims.directory())
                .clientId(jims.primary().clientId())
                .clientSecret(jims.primary().clientSecret())
                .build()
                .start()) {
            Map<String, List<String>> c = primaryOnly(jims);
            c.put("primaryPort", List.of(Integer.toString(wrong.port())));
            String id = components.create("jims-wrong-host", c);
            assertThat(components.lookupIp(id, "10.50.0.2", true).status()).isEqualTo(503);
            String last = components.server(id, "Primary").path("lastStatus").asText();
            assertThat(last.toLowerCase()).containsAnyOf("tls", "certificate", "ssl", "host", "subject", "handshake");
            assertThat(wrong.count(RequestKind.IP)).isZero();
        }
    }
}
