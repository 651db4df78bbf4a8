package io.github.kcpartner.broker.partner;

import static io.github.kcpartner.broker.partner.TestPartner.idToken;
import static io.github.kcpartner.broker.partner.TestPartner.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.github.kcpartner.broker.identity.IdentityMappingSettings;
import io.github.kcpartner.script.RulesProvider;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.UserAuthenticationIdentityProvider.AuthenticationCallback;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.mockito.ArgumentCaptor;

/**
 * The redirect URI's handling of one partner answer: the session found from {@code state}, the
 * partner's own errors, and every refusal recorded as an {@code IDENTITY_PROVIDER_LOGIN_ERROR}
 * event with its reason and a failure page with the same reference, or the identity handed to
 * Keycloak.
 */
final class PartnerCallbackTest {

    @TempDir
    Path rules;

    private TestPartner partner;
    private final AuthenticationCallback callback = mock(AuthenticationCallback.class);
    private final EventBuilder event = mock(EventBuilder.class, RETURNS_SELF);
    private final LoginFormsProvider forms = mock(LoginFormsProvider.class, RETURNS_SELF);
    /** The details the callback put on its event, and the errors it sent. */
    private final Map<String, String> details = new HashMap<>();

    private final List<String> errors = new ArrayList<>();
    private final List<EventType> eventTypes = new ArrayList<>();
    /** What the user's failure page was given: status, message key and its parameter. */
    private Response.Status pageStatus;

    private final List<Object> pageError = new ArrayList<>();
    private final Response authenticated = response(Response.Status.FOUND);

    @BeforeEach
    void start() throws IOException {
        partner = new TestPartner(rules);
        when(partner.session.getProvider(LoginFormsProvider.class)).thenReturn(forms);
        when(callback.getAndVerifyAuthenticationSession("state-1")).thenReturn(partner.authSession);
        when(callback.authenticated(any())).thenReturn(authenticated);
        doAnswer(a -> {
                    details.put(a.getArgument(0), a.getArgument(1));
                    return event;
                })
                .when(event)
                .detail(anyString(), anyString());
        doAnswer(a -> {
                    eventTypes.add(a.getArgument(0));
                    return event;
                })
                .when(event)
                .event(any(EventType.class));
        doAnswer(a -> errors.add(a.getArgument(0))).when(event).error(anyString());
        doAnswer(a -> {
                    pageError.add(a.getArgument(0));
                    pageError.add(a.getArgument(1));
                    return forms;
                })
                .when(forms)
                .setError(anyString(), any());
        doAnswer(a -> {
                    pageStatus = a.getArgument(0);
                    return response(pageStatus);
                })
                .when(forms)
                .createErrorPage(any());
    }

    @AfterEach
    void stop() throws IOException {
        partner.close();
    }

    private static Response response(Response.Status status) {
        Response response = mock(Response.class);
        when(response.getStatus()).thenReturn(status.getStatusCode());
        when(response.getStatusInfo()).thenReturn(status);
        return response;
    }

    private Response handle(PartnerOidcIdentityProvider provider, String... params) {
        return new PartnerCallback(provider, callback, event).handle(params(params));
    }

    private PartnerOidcIdentityProvider provider(String... extraSettings) {
        Map<String, String> settings = partner.settings();
        for (int i = 0; i < extraSettings.length; i += 2) {
            settings.put(extraSettings[i], extraSettings[i + 1]);
        }
        return partner.provider(settings);
    }

    /** The login failed with {@code reason}: one error event, and a page of {@code status} with the event's reference. */
    private void assertFailed(Response response, String reason, Response.Status status) {
        assertThat(response.getStatus()).isEqualTo(status.getStatusCode());
        assertThat(eventTypes).containsExactly(EventType.IDENTITY_PROVIDER_LOGIN);
        assertThat(errors).containsExactly("identity_provider_login_failure");
        assertThat(details)
                .containsEntry("reason", reason)
                .containsEntry("identity_provider", TestPartner.ALIAS)
                .containsKey("reference");
        assertThat(pageStatus).isEqualTo(status);
        assertThat(pageError)
                .as("the page names the event's reference")
                .element(1)
                .isEqualTo(details.get("reference"));
        verify(callback, never()).authenticated(any());
    }

    @Test
    @DisplayName("given an answer without state, then missing_state with a 400 page, and no session is looked up")
    void missingState() {
        Response response = handle(provider(), "code", "c-1");

        assertFailed(response, "missing_state", Response.Status.BAD_REQUEST);
        assertThat(pageError).element(0).isEqualTo("partnerLoginRefused");
        verify(callback, never()).getAndVerifyAuthenticationSession(any());
    }

    @Test
    @DisplayName(
            "given a state Keycloak refuses, then Keycloak's own answer is returned and nothing is redeemed or recorded here")
    void stateRefusedByKeycloak() {
        Response refused = response(Response.Status.BAD_REQUEST);
        WebApplicationException refusal = new WebApplicationException(refused);
        when(callback.getAndVerifyAuthenticationSession("stale")).thenThrow(refusal);

        assertThat(handle(provider(), "code", "c-1", "state", "stale")).isSameAs(refused);
        assertThat(errors).isEmpty();
        assertThat(partner.tokenRequests).isEmpty();
    }

    @Test
    @DisplayName(
            "given a valid code answer, then the identity, mapped (mode none: the partner's sub) and bound to this provider and session, goes to Keycloak")
    void authenticated() {
        PartnerOidcIdentityProvider provider = provider(IdentityMappingSettings.MODE, IdentityMappingSettings.NONE);
        partner.answerTokens(idToken(partner.startLogin(), c -> c.claim("preferred_username", "ann")));

        assertThat(handle(provider, "code", "c-1", "state", "state-1")).isSameAs(authenticated);

        ArgumentCaptor<BrokeredIdentityContext> identity = ArgumentCaptor.forClass(BrokeredIdentityContext.class);
        verify(callback).authenticated(identity.capture());
        assertThat(identity.getValue().getUsername()).isEqualTo("user-42");
        assertThat(identity.getValue().getIdp()).isSameAs(provider);
        assertThat(identity.getValue().getAuthenticationSession()).isSameAs(partner.authSession);
        verify(partner.context).setAuthenticationSession(partner.authSession);
        assertThat(errors).isEmpty();
    }

    @Test
    @DisplayName(
            "given the user cancelled at the partner (access_denied), then Keycloak's cancel path, no failure event")
    void cancelled() {
        PartnerOidcIdentityProvider provider = provider();
        Response cancel = response(Response.Status.OK);
        when(callback.cancelled(provider.getConfig())).thenReturn(cancel);

        assertThat(handle(provider, "error", "access_denied", "state", "state-1"))
                .isSameAs(cancel);
        assertThat(errors).isEmpty();
    }

    @Test
    @DisplayName(
            "given login_required or interaction_required (prompt=none), then Keycloak's error path with that error, no failure event")
    void silentLoginNotPossible() {
        PartnerOidcIdentityProvider provider = provider();
        Response loginRequired = response(Response.Status.FOUND);
        Response interactionRequired = response(Response.Status.SEE_OTHER);
        when(callback.error(provider.getConfig(), "login_required")).thenReturn(loginRequired);
        when(callback.error(provider.getConfig(), "interaction_required")).thenReturn(interactionRequired);

        assertThat(handle(provider, "error", "login_required", "state", "state-1"))
                .isSameAs(loginRequired);
        assertThat(handle(provider, "error", "interaction_required", "state", "state-1"))
                .isSameAs(interactionRequired);
        assertThat(errors).isEmpty();
    }

    @Test
    @DisplayName(
            "given another partner error, then partner_error:<code> with a 502 page; an error code that is not a plain token becomes partner_error:invalid")
    void partnerError() {
        PartnerOidcIdentityProvider provider = provider();
        assertFailed(
                handle(provider, "error", "server_error", "error_description", "down", "state", "state-1"),
                "partner_error:server_error",
                Response.Status.BAD_GATEWAY);
        assertThat(pageError).element(0).isEqualTo("partnerLoginPartnerError");

        details.clear();
        errors.clear();
        eventTypes.clear();
        pageError.clear();
        assertFailed(
                handle(provider, "error", "<script>alert(1)</script>", "state", "state-1"),
                "partner_error:invalid",
                Response.Status.BAD_GATEWAY);
    }

    @Test
    @DisplayName(
            "given a Keycloak whose broker does not call our hooks, then keycloak_incompatible before anything is redeemed")
    void incompatibleKeycloak() {
        PartnerOidcIdentityProvider provider =
                partner.provider(partner.settings(), KeycloakCompatibility.of(List.of("callback is not called")));
        partner.answerTokens(idToken(partner.startLogin()));

        assertFailed(
                handle(provider, "code", "c-1", "state", "state-1"),
                "keycloak_incompatible",
                Response.Status.BAD_GATEWAY);
        assertThat(pageError).element(0).isEqualTo("partnerLoginService");
        assertThat(partner.tokenRequests).isEmpty();
    }

    @Test
    @DisplayName("given a state whose login another provider started, then state_not_for_this_provider with a 502 page")
    void stateOfAnotherProvider() {
        partner.authNotes.put(PartnerNonce.NOTE, "other-partner n-1");
        partner.answerTokens(idToken("n-1"));

        assertFailed(
                handle(provider(), "code", "c-1", "state", "state-1"),
                PartnerNonce.NOT_FOR_THIS_PROVIDER,
                Response.Status.BAD_GATEWAY);
        assertThat(partner.tokenRequests).isEmpty();
    }

    @Test
    @DisplayName(
            "given an identity-mapping rule that throws, then identity_mapping_failed, and the rule's error goes into the event as rule_error")
    void mappingRuleFails() throws IOException {
        Files.writeString(rules.resolve("mapping.js"), "throw new Error('nobody ' + claims.idToken.sub);\n");
        PartnerOidcIdentityProvider provider = provider(
                IdentityMappingSettings.MODE,
                IdentityMappingSettings.JAVASCRIPT,
                IdentityMappingSettings.RULE,
                "mapping");
        partner.answerTokens(idToken(partner.startLogin()));

        assertFailed(
                handle(provider, "code", "c-1", "state", "state-1"),
                "identity_mapping_failed",
                Response.Status.BAD_GATEWAY);
        assertThat(details.get(PartnerCallback.RULE_ERROR))
                .startsWith("runtime line 1: ")
                .doesNotContain("user-42");
        assertThat(pageError).element(0).isEqualTo("partnerLoginNotMatched");
    }

    @Test
    @DisplayName("given a failure of no known kind (the rules SPI is missing), then unexpected_error with a 500 page")
    void unexpectedFailure() {
        when(partner.session.getProvider(RulesProvider.class)).thenReturn(null);
        PartnerOidcIdentityProvider provider = provider(
                IdentityMappingSettings.MODE,
                IdentityMappingSettings.JAVASCRIPT,
                IdentityMappingSettings.RULE,
                "mapping");
        partner.answerTokens(idToken(partner.startLogin()));

        assertFailed(
                handle(provider, "code", "c-1", "state", "state-1"),
                "unexpected_error",
                Response.Status.INTERNAL_SERVER_ERROR);
    }
}
