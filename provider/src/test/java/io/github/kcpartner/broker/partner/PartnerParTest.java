package io.github.kcpartner.broker.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.github.kcpartner.broker.login.PartnerLoginException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.common.enums.SslRequired;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.sessions.AuthenticationSessionModel;

/** Pushed authorization requests: the mode decisions, the parameters pushed, the partner's answer, the save-time checks. */
final class PartnerParTest {

    static {
        TestJaxRs.install();
    }

    private static PartnerEndpoints endpoints(String parEndpoint, boolean parRequired) {
        return new PartnerEndpoints(
                "https://op.example",
                "https://op.example/authorize",
                "https://op.example/token",
                null,
                null,
                List.of(),
                false,
                true,
                parEndpoint,
                parRequired,
                List.of(),
                false);
    }

    private static void assertReason(Runnable action, String reason) {
        assertThatThrownBy(action::run)
                .isInstanceOfSatisfying(
                        PartnerLoginException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static PartnerOidcConfig config(Map<String, String> settings) {
        IdentityProviderModel model = new IdentityProviderModel();
        model.setAlias("partner");
        model.getConfig().putAll(settings);
        return new PartnerOidcConfig(model);
    }

    @Test
    @DisplayName("advertised (the default): PAR exactly when the metadata names the endpoint")
    void advertisedFollowsMetadata() {
        assertThat(config(Map.of()).getParMode()).isEqualTo(PartnerPar.ADVERTISED);
        assertThat(PartnerPar.use("advertised", endpoints("https://op.example/par", false)))
                .isTrue();
        assertThat(PartnerPar.use("advertised", endpoints(null, false))).isFalse();
        assertThat(PartnerPar.use("advertised", endpoints("https://op.example/par", true)))
                .isTrue();
    }

    @Test
    @DisplayName("required: PAR with the endpoint; without it the login fails with par_not_advertised")
    void requiredNeedsEndpoint() {
        assertThat(PartnerPar.use("required", endpoints("https://op.example/par", false)))
                .isTrue();
        assertReason(() -> PartnerPar.use("required", endpoints(null, false)), "par_not_advertised");
        assertReason(() -> PartnerPar.use("advertised", endpoints(null, true)), "par_not_advertised");
    }

    @Test
    @DisplayName("off: never PAR; when the metadata requires it the login fails with par_required_by_partner")
    void offUnlessPartnerRequires() {
        assertThat(PartnerPar.use("off", endpoints("https://op.example/par", false)))
                .isFalse();
        assertThat(PartnerPar.use("off", endpoints(null, false))).isFalse();
        assertReason(() -> PartnerPar.use("off", endpoints("https://op.example/par", true)), "par_required_by_partner");
    }

    @Test
    @DisplayName("the pushed parameters are the authorization request's query, decoded: none lost, none left encoded")
    void parametersFromQuery() {
        URI request = URI.create("https://op.example/authorize?scope=openid%20profile&state=s-1"
                + "&response_type=code&client_id=rp&redirect_uri=https%3A%2F%2Fkc.example%2Frealms%2Fcorp%2Fbroker%2Fp%2Fendpoint"
                + "&nonce=n-1&code_challenge=abc-_&code_challenge_method=S256&prompt=login&login_hint=ann%40partner.example"
                + "&claims=%7B%22id_token%22%3A%7B%22acr%22%3Anull%7D%7D&acr_values=urn%3Aloa%3A2&flag");

        Map<String, String> params = PartnerPar.parameters(request);

        assertThat(params)
                .containsExactly(
                        Map.entry("scope", "openid profile"),
                        Map.entry("state", "s-1"),
                        Map.entry("response_type", "code"),
                        Map.entry("client_id", "rp"),
                        Map.entry("redirect_uri", "https://kc.example/realms/corp/broker/p/endpoint"),
                        Map.entry("nonce", "n-1"),
                        Map.entry("code_challenge", "abc-_"),
                        Map.entry("code_challenge_method", "S256"),
                        Map.entry("prompt", "login"),
                        Map.entry("login_hint", "ann@partner.example"),
                        Map.entry("claims", "{\"id_token\":{\"acr\":null}}"),
                        Map.entry("acr_values", "urn:loa:2"),
                        Map.entry("flag", ""));
        assertThat(PartnerPar.parameters(URI.create("https://op.example/authorize")))
                .isEmpty();
    }

    @Test
    @DisplayName("a 201 answer gives request_uri and expires_in")
    void parsesCreated() {
        PartnerPar.Pushed pushed = PartnerPar.parse(
                new PartnerHttp.Answer(
                        201,
                        "application/json",
                        "{\"request_uri\":\"urn:ietf:params:oauth:request_uri:abc\",\"expires_in\":90}"),
                "https://op.example/par");

        assertThat(pushed.requestUri()).isEqualTo("urn:ietf:params:oauth:request_uri:abc");
        assertThat(pushed.expiresIn()).isEqualTo(90);
        assertThat(PartnerPar.parse(
                                new PartnerHttp.Answer(201, "application/json", "{\"request_uri\":\"urn:x\"}"),
                                "https://op.example/par")
                        .expiresIn())
                .as("no expires_in")
                .isZero();
    }

    @Test
    @DisplayName(
            "any answer but 201 with a request_uri fails with par_request_failed; the message names the endpoint and the partner's error code only")
    void refusesOtherAnswers() {
        for (PartnerHttp.Answer answer : List.of(
                new PartnerHttp.Answer(
                        400, "application/json", "{\"error\":\"invalid_client\",\"error_description\":\"secret x\"}"),
                new PartnerHttp.Answer(200, "application/json", "{\"request_uri\":\"urn:x\",\"expires_in\":60}"),
                new PartnerHttp.Answer(201, "application/json", "{\"expires_in\":60}"),
                new PartnerHttp.Answer(201, "application/json", "{\"request_uri\":7}"),
                new PartnerHttp.Answer(201, "text/html", "<html>"),
                new PartnerHttp.Answer(500, "text/plain", null))) {
            assertThatThrownBy(() -> PartnerPar.parse(answer, "https://op.example/par"))
                    .as("HTTP %d %s", answer.status(), answer.body())
                    .isInstanceOfSatisfying(PartnerLoginException.class, e -> {
                        assertThat(e.reason()).isEqualTo("par_request_failed");
                        assertThat(e.getMessage())
                                .contains("https://op.example/par")
                                .doesNotContain("secret x");
                    });
        }
        assertThatThrownBy(() -> PartnerPar.parse(
                        new PartnerHttp.Answer(400, "application/json", "{\"error\":\"invalid_client\"}"),
                        "https://op.example/par"))
                .hasMessageContaining("HTTP 400 invalid_client");
    }

    @Test
    @DisplayName("the browser goes to the authorization endpoint with client_id and request_uri only")
    void redirectCarriesReferenceOnly() {
        URI uri = PartnerPar.redirect(
                        "https://op.example/authorize", "rp one", "urn:ietf:params:oauth:request_uri:a+b/c")
                .build();

        assertThat(PartnerPar.parameters(uri))
                .containsExactly(
                        Map.entry("client_id", "rp one"),
                        Map.entry("request_uri", "urn:ietf:params:oauth:request_uri:a+b/c"));
        assertThat(uri.toString()).startsWith("https://op.example/authorize?");
    }

    @Test
    @DisplayName(
            "a partner error asking for PAR to a request that was not pushed is par_required_by_partner; after a pushed one it is not")
    void partnerErrorAskingForPar() {
        AuthenticationSessionModel session = mock(AuthenticationSessionModel.class);
        assertThat(PartnerPar.refusedForWantOfPar(
                        session, "invalid_request", "Pushed Authorization Request must be used"))
                .isTrue();
        assertThat(PartnerPar.refusedForWantOfPar(session, "invalid_request", "missing redirect_uri"))
                .isFalse();
        assertThat(PartnerPar.refusedForWantOfPar(session, "access_denied", "pushed authorization request"))
                .isFalse();
        assertThat(PartnerPar.refusedForWantOfPar(session, "invalid_request", null))
                .isFalse();
        when(session.getAuthNote(PartnerPar.NOTE)).thenReturn("true");
        assertThat(PartnerPar.refusedForWantOfPar(
                        session, "invalid_request", "Pushed Authorization Request must be used"))
                .isFalse();
    }

    @Test
    @DisplayName(
            "the console lists the setting in the Partner section with off, advertised, required (default advertised)")
    void consoleProperty() {
        ProviderConfigProperty p = PartnerOidcConfigProperties.PROPERTIES.stream()
                .filter(x -> x.getName().equals("parMode"))
                .findFirst()
                .orElseThrow();
        assertThat(p.getOptions()).containsExactly("off", "advertised", "required");
        assertThat(p.getDefaultValue()).isEqualTo("advertised");
        assertThat(p.getLabel()).isEqualTo("partnerOidc.parMode");
    }

    @Test
    @DisplayName("a mode other than off, advertised or required is refused at save time")
    void invalidModeRefused() {
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                "clientId", "rp", "metadataDescriptorUrl", "https://op.example/.well-known/openid-configuration"));
        assertThat(PartnerOidcConfigRules.check(config(settings)))
                .doesNotContain(PartnerOidcConfigRules.PAR_MODE_INVALID);
        settings.put("parMode", "always");
        assertThat(PartnerOidcConfigRules.check(config(settings))).contains(PartnerOidcConfigRules.PAR_MODE_INVALID);
        assertThat(PartnerOidcConfigRules.describe(List.of(PartnerOidcConfigRules.PAR_MODE_INVALID)))
                .isEqualTo("\"Pushed authorization requests (PAR)\" must be off, advertised or required.");
    }

    private static final String URL = "https://op.example/.well-known/openid-configuration";
    private static final String WITH_PAR =
            "{\"issuer\":\"https://op.example\",\"pushed_authorization_request_endpoint\":\"https://op.example/par\"}";
    private static final String WITHOUT_PAR = "{\"issuer\":\"https://op.example\"}";
    private static final String REQUIRING_PAR = "{\"issuer\":\"https://op.example\","
            + "\"pushed_authorization_request_endpoint\":\"https://op.example/par\","
            + "\"require_pushed_authorization_requests\":true}";

    private static String check(String mode, String metadata) {
        return PartnerPar.checkAtSave(config(Map.of("parMode", mode, "metadataDescriptorUrl", URL)), url -> {
            assertThat(url).isEqualTo(URL);
            if (metadata == null) {
                throw new PartnerLoginException("metadata_unavailable", "down");
            }
            return metadata;
        });
    }

    @Test
    @DisplayName(
            "save: required is refused when the metadata has no PAR endpoint, off when the metadata requires PAR; an unreadable metadata refuses nothing")
    void saveTimeChecks() {
        assertThat(check("required", WITHOUT_PAR)).isEqualTo(PartnerOidcConfigRules.PAR_NOT_ADVERTISED);
        assertThat(check("required", WITH_PAR)).isNull();
        assertThat(check("required", REQUIRING_PAR)).isNull();
        assertThat(check("off", REQUIRING_PAR)).isEqualTo(PartnerOidcConfigRules.PAR_REQUIRED_BY_PARTNER);
        assertThat(check("off", WITH_PAR)).isNull();
        assertThat(check("off", WITHOUT_PAR)).isNull();
        assertThat(check("required", null)).as("metadata unreadable").isNull();
        assertThat(check("off", null)).as("metadata unreadable").isNull();
        assertThat(check("required", "not json")).isNull();
        AtomicInteger reads = new AtomicInteger();
        assertThat(PartnerPar.checkAtSave(config(Map.of("parMode", "advertised", "metadataDescriptorUrl", URL)), u -> {
                    reads.incrementAndGet();
                    return WITHOUT_PAR;
                }))
                .isNull();
        assertThat(PartnerPar.checkAtSave(config(Map.of("parMode", "required")), u -> {
                    reads.incrementAndGet();
                    return WITHOUT_PAR;
                }))
                .as("no metadata URL: nothing to check against")
                .isNull();
        assertThat(reads)
                .as("advertised, or no metadata URL: the metadata is not read")
                .hasValue(0);
    }

    @Test
    @DisplayName(
            "save through validate: the refusal is the English message naming the metadata URL; the metadata is read once for the PAR check and the issuer")
    void validateRefusesWithEnglishMessage() {
        RealmModel realm = mock(RealmModel.class);
        when(realm.getName()).thenReturn("corp");
        when(realm.getSslRequired()).thenReturn(SslRequired.EXTERNAL);
        PartnerOidcConfig required =
                config(Map.of("clientId", "rp", "parMode", "required", "metadataDescriptorUrl", URL));

        assertThatThrownBy(() -> required.validateWithMetadata(realm, u -> WITHOUT_PAR))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"Pushed authorization requests (PAR)\" is required, but the partner metadata at " + URL
                        + " has no pushed_authorization_request_endpoint: choose advertised or off, or have the"
                        + " partner enable PAR.");
        PartnerOidcConfig off = config(Map.of("clientId", "rp", "parMode", "off", "metadataDescriptorUrl", URL));
        assertThatThrownBy(() -> off.validateWithMetadata(realm, u -> REQUIRING_PAR))
                .hasMessageContaining(
                        "is off, but the partner metadata at " + URL + " says require_pushed_authorization_requests");

        AtomicInteger reads = new AtomicInteger();
        PartnerOidcConfig ok = config(
                new java.util.HashMap<>(Map.of("clientId", "rp", "parMode", "required", "metadataDescriptorUrl", URL)));
        ok.validateWithMetadata(realm, PartnerParTest.once(reads, WITH_PAR));
        assertThat(ok.getIssuer()).isEqualTo("https://op.example");
        assertThat(reads).hasValue(1);
    }

    private static java.util.function.UnaryOperator<String> once(AtomicInteger reads, String doc) {
        Map<String, String> memo = new java.util.HashMap<>();
        return url -> memo.computeIfAbsent(url, u -> {
            reads.incrementAndGet();
            return doc;
        });
    }

    @Test
    @DisplayName(
            "the metadata's PAR endpoint and requirement are read; an http PAR endpoint in https metadata is refused")
    void metadataFields() throws Exception {
        PartnerMetadata m =
                PartnerMetadata.parse(io.github.kcpartner.json.Json.mapper().readTree(REQUIRING_PAR));
        assertThat(m.parEndpoint()).isEqualTo("https://op.example/par");
        assertThat(m.requirePar()).isTrue();
        PartnerMetadata none =
                PartnerMetadata.parse(io.github.kcpartner.json.Json.mapper().readTree(WITHOUT_PAR));
        assertThat(none.parEndpoint()).isNull();
        assertThat(none.requirePar()).isFalse();

        PartnerMetadata insecure = PartnerMetadata.parse(
                io.github.kcpartner.json.Json.mapper()
                        .readTree(
                                "{\"issuer\":\"https://op.example\",\"pushed_authorization_request_endpoint\":\"http://op.example/par\"}"));
        assertReason(
                () -> PartnerEndpoints.resolve(config(Map.of("metadataDescriptorUrl", URL)), insecure),
                PartnerEndpoints.INSECURE_ENDPOINT);
    }
}
