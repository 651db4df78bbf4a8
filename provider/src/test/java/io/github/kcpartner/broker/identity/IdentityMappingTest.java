package io.github.kcpartner.broker.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.sun.net.httpserver.HttpServer;
import io.github.kcpartner.broker.login.PartnerLoginException;
import io.github.kcpartner.script.RuleEngine;
import io.github.kcpartner.script.RuleLimits;
import io.github.kcpartner.script.RuleRepository;
import io.github.kcpartner.script.RulesProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.common.ClientConnection;
import org.keycloak.models.ClientModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.vault.VaultStringSecret;
import org.keycloak.vault.VaultTranscriber;

/**
 * The identity mapping of a brokered identity, by mode: federation leaves it alone, none takes the
 * partner's {@code sub}, a JavaScript rule (real rule engine over a temporary rules directory) or
 * a web service (a local STSUniversalUser endpoint) give the username and attributes; failures
 * carry the event reason and write nothing.
 */
final class IdentityMappingTest {

    private static final Map<String, Object> ID_CLAIMS =
            Map.of("sub", "user-42", "dept", "Sales", "roles", List.of("a", "b"));
    private static final Map<String, Object> USERINFO = Map.of("dept", "Eng", "phone", "+41 00");

    @TempDir
    Path rules;

    private final KeycloakSession session = mock(KeycloakSession.class);
    private final AuthenticationSessionModel authSession = mock(AuthenticationSessionModel.class);
    private final Map<String, String> vault = new HashMap<>();
    private final Map<String, String> config = new LinkedHashMap<>();
    private BrokeredIdentityContext identity;
    private HttpServer server;
    /** What the web service was sent: the request body and its Authorization header. */
    private final AtomicReference<byte[]> stsRequest = new AtomicReference<>();

    private final AtomicReference<String> stsAuthorization = new AtomicReference<>();
    private volatile int stsStatus = 200;
    private volatile String stsAnswer = "";

    @BeforeEach
    void setUp() {
        RuleEngine engine = new RuleEngine(new RuleRepository(rules, null), RuleLimits.defaults());
        RulesProvider rulesProvider = mock(RulesProvider.class);
        when(rulesProvider.engine()).thenReturn(engine);
        when(session.getProvider(RulesProvider.class)).thenReturn(rulesProvider);
        KeycloakContext context = mock(KeycloakContext.class);
        ClientConnection connection = mock(ClientConnection.class);
        when(connection.getRemoteAddr()).thenReturn("192.0.2.7");
        when(context.getConnection()).thenReturn(connection);
        when(session.getContext()).thenReturn(context);
        VaultTranscriber transcriber = mock(VaultTranscriber.class);
        when(transcriber.getStringSecret(anyString()))
                .thenAnswer(a -> secret(vault.get(a.getArgument(0, String.class))));
        when(session.vault()).thenReturn(transcriber);
        ClientModel client = mock(ClientModel.class);
        when(client.getClientId()).thenReturn("portal");
        when(authSession.getClient()).thenReturn(client);

        IdentityProviderModel model = new IdentityProviderModel();
        model.setAlias("partner");
        model.setEnabled(true);
        identity = new BrokeredIdentityContext("user-42", model);
        identity.setUsername("ann.partner");
        identity.setEmail("ann@partner.example");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static VaultStringSecret secret(String value) {
        return new VaultStringSecret() {
            @Override
            public Optional<String> get() {
                return Optional.ofNullable(value);
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }

    private void apply() {
        IdentityMapping.apply(session, authSession, config, "partner", identity, ID_CLAIMS, USERINFO, new StsClient());
    }

    private void rule(String... lines) throws IOException {
        Files.writeString(rules.resolve("mapping.js"), String.join("\n", lines) + "\n");
        config.put(IdentityMappingSettings.MODE, IdentityMappingSettings.JAVASCRIPT);
        config.put(IdentityMappingSettings.RULE, "mapping");
    }

    private static void assertReason(Runnable mapping, String reason) {
        assertThatThrownBy(mapping::run)
                .isInstanceOfSatisfying(
                        PartnerLoginException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private void webService() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/sts", exchange -> {
            stsRequest.set(exchange.getRequestBody().readAllBytes());
            stsAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = stsAnswer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(stsStatus, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        config.put(IdentityMappingSettings.MODE, IdentityMappingSettings.WEBSERVICE);
        config.put(
                IdentityMappingSettings.URL,
                "http://127.0.0.1:" + server.getAddress().getPort() + "/sts");
        config.put(IdentityMappingSettings.URI_FORMAT, "http");
    }

    @Test
    @DisplayName("given no mode (federation), then the identity is left as the partner gave it")
    void federation() {
        apply();

        assertThat(identity.getUsername()).isEqualTo("ann.partner");
        assertThat(identity.getModelUsername()).isNull();
        assertThat(identity.getAttributes()).isEmpty();
    }

    @Test
    @DisplayName(
            "given mode none, then the partner's sub is the username, also for the local user, and nothing else changes")
    void none() {
        config.put(IdentityMappingSettings.MODE, IdentityMappingSettings.NONE);

        apply();

        assertThat(identity.getUsername()).isEqualTo("user-42");
        assertThat(identity.getModelUsername()).isEqualTo("user-42");
        assertThat(identity.getEmail()).isEqualTo("ann@partner.example");
        assertThat(identity.getAttributes()).isEmpty();
    }

    @Test
    @DisplayName("given a rule, then it sees both claim sets, the identity and the request (client, IP, provider)")
    void ruleInput() throws IOException {
        rule(
                "result.setUsername([claims.idToken.sub, claims.idToken.dept, claims.userinfo.dept, identity.username,",
                "    identity.email, request.clientId, request.clientIp, request.identityProvider].join('|'));");

        apply();

        assertThat(identity.getModelUsername())
                .isEqualTo("user-42|Sales|Eng|ann.partner|ann@partner.example|portal|192.0.2.7|partner");
    }

    @Test
    @DisplayName(
            "given a rule's result, then email and names go to the identity's fields, other attributes to user attributes, a 'username' attribute is ignored, groups are kept one per line")
    void ruleResult() throws IOException {
        rule(
                "result.setUsername('CORP\\\\ann');",
                "result.setAttribute('email', 'ann@corp.example');",
                "result.setAttribute('firstName', 'Ann');",
                "result.setAttribute('lastName', 'Smith');",
                "result.setAttribute('username', 'mallory');",
                "result.setAttribute('department', ['Eng', 'Ops']);",
                "result.addGroup('staff');",
                "result.addGroup('/partners/eng');");

        apply();

        assertThat(identity.getModelUsername()).isEqualTo("CORP\\ann");
        assertThat(identity.getUsername())
                .as("Keycloak lower-cases the brokered username")
                .isEqualTo("corp\\ann");
        assertThat(identity.getEmail()).isEqualTo("ann@corp.example");
        assertThat(identity.getFirstName()).isEqualTo("Ann");
        assertThat(identity.getLastName()).isEqualTo("Smith");
        assertThat(identity.getAttributes()).containsOnlyKeys("department");
        assertThat(identity.getAttributes().get("department")).containsExactly("Eng", "Ops");
        assertThat(identity.getContextData()).containsEntry(IdentityMapping.GROUPS, "staff\n/partners/eng");
    }

    @Test
    @DisplayName(
            "given a rule that sets no username, then identity_mapping_failed and none of its attributes reach the identity")
    void ruleWithoutUsername() throws IOException {
        rule("result.setAttribute('department', 'Eng');", "result.addGroup('staff');");

        assertReason(this::apply, "identity_mapping_failed");
        assertThat(identity.getUsername()).isEqualTo("ann.partner");
        assertThat(identity.getAttributes()).isEmpty();
        assertThat(identity.getContextData()).doesNotContainKey(IdentityMapping.GROUPS);
    }

    @Test
    @DisplayName(
            "given a rule that throws or does not exist, then identity_mapping_failed with the rule's event text, never a claim value")
    void ruleFails() throws IOException {
        rule("throw new TypeError('no account for ' + claims.idToken.sub);");
        assertThatThrownBy(this::apply).isInstanceOfSatisfying(PartnerLoginException.class, e -> {
            assertThat(e.reason()).isEqualTo("identity_mapping_failed");
            assertThat(e.ruleError()).isEqualTo("runtime line 1: TypeError");
        });

        config.put(IdentityMappingSettings.RULE, "no-such-rule");
        assertThatThrownBy(this::apply).isInstanceOfSatisfying(PartnerLoginException.class, e -> {
            assertThat(e.reason()).isEqualTo("identity_mapping_failed");
            assertThat(e.ruleError()).startsWith("not_found");
        });
    }

    @Test
    @DisplayName(
            "given a web service, then it is sent the sub as principal, every claim (userinfo over ID token) and the partner and client IP, and its principal and attributes map the identity")
    void webServiceMaps() throws IOException {
        webService();
        stsAnswer = new StsUniversalUser(
                        "CORP\\ann",
                        Map.of("email", List.of("ann@corp.example"), "department", List.of("Eng", "Ops")),
                        Map.of())
                .toXml();

        apply();

        StsUniversalUser sent = StsUniversalUser.find(SafeXml.parse(stsRequest.get()));
        assertThat(sent.principal()).isEqualTo("user-42");
        assertThat(sent.attributes())
                .containsEntry("sub", List.of("user-42"))
                .containsEntry("dept", List.of("Eng"))
                .containsEntry("roles", List.of("a", "b"))
                .containsEntry("phone", List.of("+41 00"));
        assertThat(sent.context())
                .containsEntry("partner", List.of("partner"))
                .containsEntry("clientIp", List.of("192.0.2.7"));
        assertThat(stsAuthorization.get()).isNull();
        assertThat(identity.getModelUsername()).isEqualTo("CORP\\ann");
        assertThat(identity.getUsername())
                .as("Keycloak lower-cases the brokered username")
                .isEqualTo("corp\\ann");
        assertThat(identity.getEmail()).isEqualTo("ann@corp.example");
        assertThat(identity.getAttributes()).containsOnlyKeys("department");
        assertThat(identity.getAttributes().get("department")).containsExactly("Eng", "Ops");
    }

    @Test
    @DisplayName(
            "given basic authentication over plain http (a realm imported without the save-time check), then the login fails and no credential is sent")
    void basicOverHttpRefused() throws IOException {
        webService();
        config.put(IdentityMappingSettings.CLIENT_AUTH, "basic");
        config.put(IdentityMappingSettings.USERNAME, "svc");
        config.put(IdentityMappingSettings.PASSWORD, "${vault.sts_password}");
        vault.put("${vault.sts_password}", "s3cret");
        stsAnswer = new StsUniversalUser("ann", Map.of(), Map.of()).toXml();

        assertThatThrownBy(this::apply).isInstanceOfSatisfying(PartnerLoginException.class, e -> {
            assertThat(e.reason()).isEqualTo("identity_mapping_failed");
            assertThat(e.getMessage()).contains("needs https").doesNotContain("s3cret");
        });
        assertThat(stsRequest.get()).as("nothing reached the service").isNull();
    }

    @Test
    @DisplayName(
            "given a service that answers 503, 400 or no principal, then identity_mapping_unavailable, identity_mapping_failed, identity_mapping_failed, and the identity is unchanged")
    void webServiceFailures() throws IOException {
        webService();
        stsStatus = 503;
        assertReason(this::apply, "identity_mapping_unavailable");

        stsStatus = 400;
        assertReason(this::apply, "identity_mapping_failed");

        stsStatus = 200;
        stsAnswer = "<stsuuser:STSUniversalUser xmlns:stsuuser=\"" + StsUniversalUser.NS + "\"/>";
        assertReason(this::apply, "identity_mapping_failed");

        assertThat(identity.getUsername()).isEqualTo("ann.partner");
        assertThat(identity.getModelUsername()).isNull();
    }
}
