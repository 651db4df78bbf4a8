package io.github.kcpartner.broker.partner;

import io.github.kcpartner.broker.identity.MappedGroups;
import io.github.kcpartner.broker.login.LoginFailurePage;
import io.github.kcpartner.broker.login.PartnerLoginException;
import io.github.kcpartner.metrics.PartnerMetrics;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.keycloak.OAuth2Constants;
import org.keycloak.broker.oidc.KeycloakOIDCIdentityProviderFactory;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.oidc.OIDCIdentityProviderFactory;
import org.keycloak.broker.provider.AuthenticationRequest;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.IdentityBrokerException;
import org.keycloak.broker.provider.IdentityProviderMapper;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.http.simple.SimpleHttpRequest;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The relying party. It extends Keycloak's OIDC broker at its hooks, so state handling,
 * brokered identities, first-broker-login and logout stay Keycloak's own; the authorization
 * request (all response types and modes) and the callback (query, form_post and fragment; ID
 * tokens checked with Nimbus) are ours.
 */
public class PartnerOidcIdentityProvider extends OIDCIdentityProvider {

    /** Provider ids whose claim mappers also understand our brokered context. */
    private static final List<String> COMPATIBLE_WITH = List.of(
            PartnerOidcIdentityProviderFactory.PROVIDER_ID,
            PartnerOidcIdentityProviderFactory.LEGACY_PROVIDER_ID,
            OIDCIdentityProviderFactory.PROVIDER_ID,
            KeycloakOIDCIdentityProviderFactory.PROVIDER_ID,
            IdentityProviderMapper.ANY_PROVIDER);

    private static final org.jboss.logging.Logger LOG =
            org.jboss.logging.Logger.getLogger(PartnerOidcIdentityProvider.class);

    private final PartnerOidcConfig partnerConfig;
    private final PartnerRuntime runtime;
    private final KeycloakCompatibility compatibility;

    PartnerOidcIdentityProvider(
            KeycloakSession session,
            PartnerOidcConfig config,
            PartnerRuntime runtime,
            KeycloakCompatibility compatibility) {
        super(session, config);
        this.partnerConfig = config;
        this.runtime = runtime;
        this.compatibility = compatibility;
    }

    KeycloakCompatibility compatibility() {
        return compatibility;
    }

    PartnerOidcConfig partnerConfig() {
        return partnerConfig;
    }

    PartnerRuntime runtime() {
        return runtime;
    }

    KeycloakSession keycloakSession() {
        return session;
    }

    @Override
    public boolean isMapperSupported(IdentityProviderMapper mapper) {
        return Arrays.stream(mapper.getCompatibleProviders()).anyMatch(COMPATIBLE_WITH::contains);
    }

    /**
     * A failure of our own while building the request (metadata unavailable, advanced
     * configuration rule failed) is recorded with its reason, and the user sees an error page.
     */
    @Override
    public Response performLogin(AuthenticationRequest request) {
        try {
            if (!compatibility.compatible()) {
                return refused(request, compatibility.refusal());
            }
            return super.performLogin(request);
        } catch (IdentityBrokerException e) {
            if (!(e.getCause() instanceof PartnerLoginException failure)) {
                throw e;
            }
            return refused(request, failure);
        }
    }

    private Response refused(AuthenticationRequest request, PartnerLoginException failure) {
        PartnerMetrics.global().loginFailed(getConfig().getAlias(), failure.reason());
        LoginFailurePage page = LoginFailurePage.forReason(failure.reason());
        EventBuilder event = new EventBuilder(
                        request.getRealm(), session, session.getContext().getConnection())
                .event(EventType.IDENTITY_PROVIDER_LOGIN)
                .client(request.getAuthenticationSession().getClient())
                .detail(Details.IDENTITY_PROVIDER, getConfig().getAlias())
                .detail(Details.REASON, failure.reason());
        if (failure.ruleError() != null) {
            event.detail(PartnerCallback.RULE_ERROR, failure.ruleError());
        }
        page.recordOn(event).error(Errors.IDENTITY_PROVIDER_LOGIN_FAILURE);
        return page.response(session, request.getAuthenticationSession(), Response.Status.BAD_GATEWAY);
    }

    // Keycloak's own token path (code redemption, ID-token validation, external token exchange) is
    // never ours: PartnerCallback validates every token, PartnerLogoutToken every logout token. Should a Keycloak
    // release route a request
    // to that path anyway, it fails closed here instead of running with our configuration.

    @Override
    public BrokeredIdentityContext getFederatedIdentity(String response) {
        throw notOurPath();
    }

    /**
     * Accepts only a back-channel logout token of this partner (see {@link PartnerLogoutToken}):
     * Keycloak calls this from its endpoint
     * {@code /realms/{realm}/protocol/openid-connect/logout/backchannel-logout} for each identity
     * provider whose stored {@code issuer} is the token's {@code iss}, and then ends the sessions
     * whose broker session id is {@code <alias>.<sid>} (or the user's, by {@code sub}). That is the
     * only caller we allow: external token exchange, Keycloak's other caller, is switched off
     * ({@link #supportsExternalExchange()}), and anything that is not a valid logout token (an ID
     * or access token included) still fails here with an {@link IdentityBrokerException}.
     */
    @Override
    public JsonWebToken validateToken(String encodedToken) {
        if (!compatibility.compatible()) {
            throw notOurPath();
        }
        return PartnerLogoutToken.validate(this, encodedToken);
    }

    @Override
    protected JsonWebToken validateToken(String encodedToken, boolean ignoreAudience) {
        throw notOurPath();
    }

    @Override
    protected boolean verify(JWSInput jws) {
        return false;
    }

    /** External-to-internal token exchange would validate tokens with Keycloak's checks, not ours. */
    @Override
    protected boolean supportsExternalExchange() {
        return false;
    }

    private static IdentityBrokerException notOurPath() {
        return new IdentityBrokerException("Partner OpenID Connect validates tokens only in its own callback");
    }

    @Override
    protected UriBuilder createAuthorizationUrl(AuthenticationRequest request) {
        PartnerEndpoints endpoints = runtime.endpoints(session, partnerConfig);
        applyEndpoints(endpoints);
        if (partnerConfig.getAuthorizationUrl() == null
                || partnerConfig.getAuthorizationUrl().isBlank()) {
            throw new PartnerLoginException(
                    "no_authorization_endpoint", "no authorization endpoint is configured or in the metadata");
        }
        UriBuilder uri = super.createAuthorizationUrl(request);
        uri.replaceQueryParam(OAUTH2_PARAMETER_RESPONSE_TYPE, partnerConfig.getResponseType());
        uri.replaceQueryParam(OAUTH2_PARAMETER_SCOPE, partnerConfig.getScope());
        uri.replaceQueryParam(
                "nonce",
                PartnerNonce.issue(
                        request.getAuthenticationSession(), getConfig().getAlias()));
        String mode = partnerConfig.getResponseMode();
        if (!"query".equals(mode) || !PartnerOidcConfig.CODE.equals(partnerConfig.getResponseType())) {
            uri.replaceQueryParam("response_mode", mode);
        }
        PartnerAdvancedConfiguration.parameters(
                        io.github.kcpartner.script.ServerRules.engine(session),
                        partnerConfig.getAdvancedConfigurationRule(),
                        session,
                        request.getAuthenticationSession())
                .forEach((name, value) -> uri.replaceQueryParam(
                        name,
                        // pre-encoded: a JSON value's braces would otherwise read as URI template variables
                        java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)
                                .replace("+", "%20")));
        URI authorizationRequest = uri.clone().build();
        PartnerStepUp.record(request.getAuthenticationSession(), authorizationRequest);
        boolean pushed = PartnerPar.use(partnerConfig.getParMode(), endpoints);
        PartnerPar.remember(request.getAuthenticationSession(), pushed);
        java.util.Map<String, String> params = PartnerPar.parameters(authorizationRequest);
        if (!PartnerRequestObject.OFF.equals(partnerConfig.getRequestObjectMode())) {
            String signed = PartnerRequestObject.sign(
                    requestObjectKey(),
                    params,
                    partnerConfig.getClientId(),
                    endpoints.issuer(),
                    java.time.Clock.systemUTC());
            if (PartnerRequestObject.ENCRYPTED.equals(partnerConfig.getRequestObjectMode())) {
                signed = PartnerRequestObject.encrypt(
                        signed,
                        partnerEncryptionKeys(endpoints),
                        partnerConfig.getRequestObjectEncryptionAlg(),
                        partnerConfig.getRequestObjectEncryptionEnc());
            }
            params = PartnerRequestObject.outerParameters(params, partnerConfig.getClientId(), signed);
            if (!pushed) {
                return PartnerRequestObject.redirect(partnerConfig.getAuthorizationUrl(), params);
            }
        }
        if (!pushed) {
            return uri;
        }
        PartnerPar.Pushed answer =
                PartnerPar.push(backChannel().doPost(endpoints.parEndpoint()), params, this::authenticateClient);
        LOG.debugf(
                "partner %s: authorization request pushed, valid %d s",
                getConfig().getAlias(), answer.expiresIn());
        return PartnerPar.redirect(
                partnerConfig.getAuthorizationUrl(), partnerConfig.getClientId(), answer.requestUri());
    }

    /**
     * The client authentication of every back-channel call that needs one (token request, pushed
     * authorization request): a public client names itself with {@code client_id}; otherwise
     * Keycloak's own for the configured method (client_secret_basic/post with the vault-resolved
     * secret, client_secret_jwt, private_key_jwt).
     */
    SimpleHttpRequest authenticateClient(SimpleHttpRequest request) {
        if (partnerConfig.isPublicClient() || partnerConfig.isTlsClientAuth()) {
            // tls_client_auth (RFC 8705 section 2): the certificate of the connection authenticates
            return request.param(OAuth2Constants.CLIENT_ID, partnerConfig.getClientId());
        }
        if (partnerConfig.isKeystoreClientAssertion()) {
            return request.param(OAuth2Constants.CLIENT_ID, partnerConfig.getClientId())
                    .param(OAuth2Constants.CLIENT_ASSERTION_TYPE, PartnerClientAssertion.ASSERTION_TYPE)
                    .param(OAuth2Constants.CLIENT_ASSERTION, clientAssertion());
        }
        return authenticateTokenRequest(request);
    }

    /**
     * The HTTP client of the calls that authenticate us or present our access token (token, PAR,
     * userinfo): with a TLS client keystore, one that presents its certificate (RFC 8705);
     * otherwise Keycloak's.
     */
    org.keycloak.http.simple.SimpleHttp backChannel() {
        PartnerHttp.Timeouts timeouts = PartnerHttp.Timeouts.of(partnerConfig);
        if (!partnerConfig.isMutualTls()) {
            return PartnerHttp.client(session, timeouts);
        }
        return PartnerHttp.client(
                runtime.mutualTls().client(session, partnerConfig, runtime.keys()), timeouts, PartnerHttp.MAX_BODY);
    }

    /** The partner's JWK set, for its public encryption keys (read for each encrypted request object). */
    private com.nimbusds.jose.jwk.JWKSet partnerEncryptionKeys(PartnerEndpoints endpoints) {
        if (endpoints.jwksUrl() == null) {
            throw new PartnerLoginException(
                    "request_object_failed", "encrypting the request object needs the partner's JWK set URL", null);
        }
        String body = PartnerHttp.getOk(
                session, PartnerHttp.Timeouts.of(partnerConfig), endpoints.jwksUrl(), "jwks", "request_object_failed");
        try {
            return com.nimbusds.jose.jwk.JWKSet.parse(body);
        } catch (java.text.ParseException e) {
            throw new PartnerLoginException("request_object_failed", "the partner's JWK set is not a JWK set", null);
        }
    }

    /** Whose DPoP key this provider's logins prove: the provider's internal id (alias when unsaved). */
    String dpopKeyOwner() {
        return getConfig().getInternalId() == null
                ? getConfig().getAlias()
                : getConfig().getInternalId();
    }

    /** private_key_jwt signed with our keystore key ({@link PartnerClientAssertion}). */
    private String clientAssertion() {
        PartnerClientAssertion.Key key;
        try {
            key = assertionKey(session, partnerConfig, runtime);
        } catch (RuntimeException e) {
            throw new PartnerLoginException(
                    "client_assertion_failed", "the client assertion key cannot be used: " + e.getMessage(), null);
        }
        PartnerEndpoints endpoints = runtime.endpoints(session, partnerConfig);
        String tokenUrl = isBlank(partnerConfig.getTokenUrl()) ? endpoints.tokenUrl() : partnerConfig.getTokenUrl();
        return PartnerClientAssertion.sign(
                key, partnerConfig.getClientId(), endpoints.issuer(), tokenUrl, java.time.Clock.systemUTC());
    }

    /**
     * The key that signs request objects: the JWT authentication keystore key when set, else the
     * realm's active signing key of the JWT authentication algorithm (RS256 when empty).
     */
    private PartnerRequestObject.SigningKey requestObjectKey() {
        try {
            if (!partnerConfig.getClientAssertionKeystore().isEmpty()) {
                PartnerClientAssertion.Key key = assertionKey(session, partnerConfig, runtime);
                return new PartnerRequestObject.SigningKey(
                        key.privateKey(), key.publicJwk().getKeyID(), key.alg());
            }
            String alg = partnerConfig.getClientAssertionAlg().isEmpty()
                            || partnerConfig.getClientAssertionAlg().startsWith("HS")
                    ? "RS256"
                    : partnerConfig.getClientAssertionAlg();
            org.keycloak.crypto.KeyWrapper realmKey =
                    session.keys().getActiveKey(session.getContext().getRealm(), org.keycloak.crypto.KeyUse.SIG, alg);
            if (realmKey == null || !(realmKey.getPrivateKey() instanceof java.security.PrivateKey privateKey)) {
                throw new IllegalStateException("the realm has no active " + alg + " signing key");
            }
            return new PartnerRequestObject.SigningKey(
                    privateKey, realmKey.getKid(), com.nimbusds.jose.JWSAlgorithm.parse(alg));
        } catch (RuntimeException e) {
            throw new PartnerLoginException(
                    "request_object_failed", "the request object key cannot be used: " + e.getMessage(), null);
        }
    }

    /** The keystore key that signs this provider's client assertions. */
    static PartnerClientAssertion.Key assertionKey(
            KeycloakSession session, PartnerOidcConfig config, PartnerRuntime runtime) {
        String password = new PartnerSecrets(session).resolve(config.getClientAssertionKeystorePassword());
        java.security.KeyStore store = runtime.keys()
                .keyStore(config.getClientAssertionKeystore(), config.getClientAssertionKeystoreType(), password);
        return runtime.keys()
                .signingKey(store, config.getClientAssertionKeyLabel(), password, config.getClientAssertionAlg());
    }

    /**
     * RP-initiated logout at the partner (OpenID Connect RP-Initiated Logout 1.0): signing out of
     * this realm sends the browser to the partner's end-session endpoint (the configured logout
     * URL, else {@code end_session_endpoint} from the metadata) with {@code id_token_hint} (not
     * when the ID token came encrypted), {@code client_id}, {@code state} and {@code post_logout_redirect_uri} (our broker endpoint's
     * {@code logout_response}, where Keycloak finishes the logout). Without such an endpoint, or
     * when the metadata cannot be read, the partner is not signed out (logged), as before.
     */
    @Override
    public Response keycloakInitiatedBrowserLogout(
            KeycloakSession session, UserSessionModel userSession, UriInfo uriInfo, RealmModel realm) {
        if (!compatibility.compatible() || !prepareLogout(session, userSession)) {
            return null;
        }
        return super.keycloakInitiatedBrowserLogout(session, userSession, uriInfo, realm);
    }

    /**
     * Sets this provider's copy of the configuration up for Keycloak's logout redirect: the
     * end-session endpoint, {@code client_id} always, {@code id_token_hint} only for a signed
     * (not encrypted) ID token.
     *
     * @return whether there is an end-session endpoint to send the browser to
     */
    boolean prepareLogout(KeycloakSession session, UserSessionModel userSession) {
        if (isBlank(partnerConfig.getLogoutUrl())) {
            try {
                partnerConfig.setLogoutUrl(runtime.endSessionEndpoint(session, partnerConfig));
            } catch (RuntimeException e) {
                LOG.warnf(
                        "partner %s: no logout at the partner, its metadata is unavailable: %s",
                        getConfig().getAlias(), e.getMessage());
                return false;
            }
        }
        if (isBlank(partnerConfig.getLogoutUrl())) {
            return false;
        }
        partnerConfig.setSendClientOnLogout(true);
        String idToken = userSession.getNote(FEDERATED_ID_TOKEN);
        if (idToken != null && idToken.chars().filter(c -> c == '.').count() != 2) {
            // encrypted to our key: the partner could not read it back; client_id alone names us
            partnerConfig.setSendIdTokenOnLogout(false);
        }
        return true;
    }

    /**
     * Fills endpoints that the admin left to the metadata into this provider's copy of the
     * configuration (a per-request copy), so Keycloak's own broker code sees them too.
     */
    void applyEndpoints(PartnerEndpoints endpoints) {
        if (isBlank(partnerConfig.getAuthorizationUrl()) && endpoints.authorizationUrl() != null) {
            partnerConfig.setAuthorizationUrl(endpoints.authorizationUrl());
        }
        if (isBlank(partnerConfig.getTokenUrl()) && endpoints.tokenUrl() != null) {
            partnerConfig.setTokenUrl(endpoints.tokenUrl());
        }
        if (isBlank(partnerConfig.getUserInfoUrl()) && endpoints.userInfoUrl() != null) {
            partnerConfig.setUserInfoUrl(endpoints.userInfoUrl());
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /**
     * Keycloak's broker re-checks the nonce here from a context entry of its own; our callback has
     * already checked the nonce of every ID token against the authentication session.
     */
    @Override
    public void preprocessFederatedIdentity(
            KeycloakSession session, RealmModel realm, BrokeredIdentityContext context) {
        // nonce verified in PartnerLogin (IdTokenExpectations)
    }

    /** Keycloak's own notes (tokens for logout and exchange), then the partner claims for our protocol mappers. */
    @Override
    public void authenticationFinished(AuthenticationSessionModel authSession, BrokeredIdentityContext context) {
        super.authenticationFinished(authSession, context);
        PartnerSessionClaims.store(authSession, context, getConfig().getAlias());
    }

    @Override
    public void importNewUser(
            KeycloakSession session, RealmModel realm, UserModel user, BrokeredIdentityContext context) {
        super.importNewUser(session, realm, user, context);
        MappedGroups.join(session, realm, user, context);
    }

    @Override
    public void updateBrokeredUser(
            KeycloakSession session, RealmModel realm, UserModel user, BrokeredIdentityContext context) {
        super.updateBrokeredUser(session, realm, user, context);
        MappedGroups.join(session, realm, user, context);
    }

    @Override
    public Object callback(RealmModel realm, AuthenticationCallback callback, EventBuilder event) {
        return new PartnerEndpoint(callback, realm, event, this);
    }

    /**
     * The redirect URI. GET carries the query response mode (and error answers); POST carries
     * form_post and the fragment relayed by {@link FragmentRelayPage}.
     */
    public static final class PartnerEndpoint extends OIDCEndpoint {

        private final PartnerOidcIdentityProvider provider;

        PartnerEndpoint(
                AuthenticationCallback callback,
                RealmModel realm,
                EventBuilder event,
                PartnerOidcIdentityProvider provider) {
            super(callback, realm, event, provider);
            this.provider = provider;
        }

        @GET
        @Override
        public Response authResponse(
                @QueryParam(OAUTH2_PARAMETER_STATE) String state,
                @QueryParam(OAUTH2_PARAMETER_CODE) String authorizationCode,
                @QueryParam(OAuth2Constants.ERROR) String error,
                @QueryParam(OAuth2Constants.ERROR_DESCRIPTION) String errorDescription) {
            var params = session.getContext().getUri().getQueryParameters();
            if (params.isEmpty()) {
                // Fragment response mode: the browser keeps the answer after '#'; relay it by POST.
                return FragmentRelayPage.response();
            }
            return new PartnerCallback(provider, callback, event).handle(params);
        }

        @POST
        @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
        public Response formPost() {
            return new PartnerCallback(provider, callback, event)
                    .handle(session.getContext().getHttpRequest().getDecodedFormParameters());
        }

        /** Front-channel logout from the partner ({@link PartnerFrontChannelLogout}). */
        @GET
        @jakarta.ws.rs.Path("frontchannel_logout")
        public Response frontChannelLogout(@QueryParam("iss") String iss, @QueryParam("sid") String sid) {
            return PartnerFrontChannelLogout.handle(provider, realm, iss, sid);
        }
    }
}
