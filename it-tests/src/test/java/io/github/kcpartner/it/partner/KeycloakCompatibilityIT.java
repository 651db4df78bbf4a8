package io.github.kcpartner.it.partner;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kcpartner.it.faultyop.ClientSettings;
import io.github.kcpartner.it.faultyop.Fault;
import io.github.kcpartner.it.faultyop.FaultyOp;
import io.github.kcpartner.it.faultyop.RegisteredClient;
import io.github.kcpartner.it.harness.KeycloakExtension;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.harness.PartnerLoginFlow;
import io.github.kcpartner.it.harness.TestRealm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The start-up check of partner-oidc against the Keycloak the suite runs ({@code
 * -Dkeycloak.server.version}, with {@code -Dkeycloak.server.compatible=false} where our overrides
 * are not called): on a compatible server no ERROR is logged, a forged token is still refused with
 * our reason and a good one logs in; on an incompatible one the ERROR names the Keycloak version,
 * and every login, forged or not, is refused with reason {@code keycloak_incompatible}.
 */
@ExtendWith(KeycloakExtension.class)
@DisplayName("partner-oidc serves only on a Keycloak that calls its checks")
class KeycloakCompatibilityIT {

    private static final String ERROR_MARK = "Partner OpenID Connect cannot run on Keycloak";

    private static TestRealm realm;
    private static FaultyOp op;

    @BeforeAll
    static void start(KeycloakServer server) {
        realm = TestRealm.create(server, "partner-compat");
        op = new FaultyOp().start();
    }

    @AfterAll
    static void stop() {
        op.close();
        realm.close();
    }

    private static boolean expectedCompatible() {
        return Boolean.parseBoolean(System.getProperty("kc.compatible", "true"));
    }

    private static List<String> errorLines(KeycloakServer server) throws IOException {
        Path log = server.logFile();
        assertThat(log)
                .as("the check needs the server's log (distribution mode)")
                .isNotNull();
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains(ERROR_MARK))
                .toList();
    }

    private static PartnerLoginFlow.Outcome login(KeycloakServer server, String alias, Fault fault) {
        return login(server, alias, fault, "partner-openid-connect");
    }

    private static PartnerLoginFlow.Outcome login(KeycloakServer server, String alias, Fault fault, String providerId) {
        RegisteredClient client = op.registerClient(ClientSettings.builder()
                .redirectUri(PartnerFixture.brokerEndpoint(server, realm, alias))
                .build());
        if (fault != null) {
            op.faults().enable(client.clientId(), fault);
        }
        realm.putIdentityProvider(alias, providerId, PartnerFixture.faultyOpConfig(op, client, alias));
        realm.clearEvents();
        return PartnerFixture.login(server, realm, alias, "", "");
    }

    private static String lastReason() {
        return realm.loginErrors().get(0).path("details").path("reason").asText();
    }

    @Test
    @DisplayName("given the suite's Keycloak, then the start-up check agrees with the expected compatibility")
    void startUpCheck(KeycloakServer server) throws IOException {
        List<String> errors = errorLines(server);
        if (expectedCompatible()) {
            assertThat(errors).isEmpty();
        } else {
            assertThat(errors)
                    .singleElement()
                    .asString()
                    .contains(System.getProperty("kc.version"))
                    .contains("keycloak_incompatible");
        }
    }

    @Test
    @DisplayName("given a forged signature, then the login is refused with our reason, or keycloak_incompatible")
    void forgedTokenRefused(KeycloakServer server) {
        realm.deleteUsers();
        PartnerLoginFlow.Outcome outcome = login(server, "compat-forged", Fault.BAD_SIGNATURE);
        assertThat(outcome.success()).isFalse();
        assertThat(lastReason()).isEqualTo(expectedCompatible() ? "invalid_signature" : "keycloak_incompatible");
        assertThat(realm.userCount()).isZero();
    }

    @Test
    @DisplayName("given a good token, then it logs in on a compatible Keycloak and is refused on another")
    void goodToken(KeycloakServer server) {
        realm.deleteUsers();
        PartnerLoginFlow.Outcome outcome = login(server, "compat-good", null);
        if (expectedCompatible()) {
            assertThat(outcome.errorText()).isNull();
            assertThat(outcome.success()).isTrue();
        } else {
            assertThat(outcome.success()).isFalse();
            assertThat(lastReason()).isEqualTo("keycloak_incompatible");
            assertThat(realm.userCount()).isZero();
        }
    }

    @Test
    @DisplayName(
            "given a provider saved with the former id partner-oidc, then a forged signature is refused with our reason and a good token logs in")
    void formerProviderIdStillServes(KeycloakServer server) {
        realm.deleteUsers();
        PartnerLoginFlow.Outcome forged = login(server, "compat-legacy-forged", Fault.BAD_SIGNATURE, "partner-oidc");
        assertThat(forged.success()).isFalse();
        assertThat(lastReason()).isEqualTo(expectedCompatible() ? "invalid_signature" : "keycloak_incompatible");
        PartnerLoginFlow.Outcome good = login(server, "compat-legacy-good", null, "partner-oidc");
        assertThat(good.success()).isEqualTo(expectedCompatible());
    }
}
