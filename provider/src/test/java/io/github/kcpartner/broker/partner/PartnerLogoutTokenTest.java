package io.github.kcpartner.broker.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.github.kcpartner.broker.login.PartnerLoginException;
import io.github.kcpartner.jose.LogoutTokenValidator;
import io.github.kcpartner.jose.TokenValidationException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.broker.provider.IdentityBrokerException;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.representations.LogoutToken;

/**
 * {@code validateToken(String)}, which Keycloak's back-channel logout endpoint calls: a partner's
 * logout token passes (twice in one request, as Keycloak asks twice), a replayed {@code jti} in a
 * later request does not, and everything else fails with an {@link IdentityBrokerException}
 * carrying the reason.
 */
class PartnerLogoutTokenTest {

    @TempDir
    Path rules;

    private TestPartner partner;
    /** The cluster's single-use store. */
    private final Set<String> used = new HashSet<>();
    /** The request's session attributes. */
    private final Map<String, Object> attributes = new HashMap<>();

    @BeforeEach
    void start() throws IOException {
        partner = new TestPartner(rules);
        SingleUseObjectProvider singleUse = mock(SingleUseObjectProvider.class);
        when(singleUse.putIfAbsent(anyString(), anyLong())).thenAnswer(a -> used.add(a.getArgument(0)));
        when(partner.session.singleUseObjects()).thenReturn(singleUse);
        when(partner.session.getAttribute(anyString())).thenAnswer(a -> attributes.get(a.getArgument(0, String.class)));
        doAnswer(a -> attributes.put(a.getArgument(0), a.getArgument(1)))
                .when(partner.session)
                .setAttribute(anyString(), any());
    }

    @AfterEach
    void stop() throws IOException {
        partner.close();
    }

    private static String logoutToken(String jti, Consumer<com.nimbusds.jwt.JWTClaimsSet.Builder> change) {
        return TestPartner.idToken(null, c -> {
            c.jwtID(jti)
                    .expirationTime(null)
                    .claim("email", null)
                    .claim("sid", "op-session-1")
                    .claim("events", Map.of(LogoutTokenValidator.BACKCHANNEL_LOGOUT_EVENT, Map.of()));
            change.accept(c);
        });
    }

    private JsonWebToken validate(String token) {
        return partner.provider(partner.settings()).validateToken(token);
    }

    private String refusal(String token) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> validate(token));
        assertThat(thrown).isInstanceOf(IdentityBrokerException.class);
        return thrown.getCause() instanceof PartnerLoginException e ? e.reason() : String.valueOf(thrown.getCause());
    }

    @Test
    @DisplayName("Given a partner's logout token, then it passes, again within the same request, and names the session")
    void accepted() {
        String token = logoutToken("jti-" + UUID.randomUUID(), c -> {});
        JsonWebToken first = validate(token);
        assertThat(first).isInstanceOf(LogoutToken.class);
        assertThat(((LogoutToken) first).getSid()).isEqualTo("op-session-1");
        assertThat(first.getSubject()).isEqualTo("user-42");
        assertThat(validate(token).getId()).isEqualTo(first.getId());
        assertThat(used).hasSize(1);
    }

    @Test
    @DisplayName("Given a logout token accepted in an earlier request, then its jti is refused as replayed")
    void replayedJti() {
        String jti = "jti-" + UUID.randomUUID();
        validate(logoutToken(jti, c -> {}));
        attributes.clear(); // a new request
        assertThat(refusal(logoutToken(jti, c -> {}))).isEqualTo(LogoutTokenValidator.REPLAYED_TOKEN);
    }

    @Test
    @DisplayName("Given a refused logout token, then its jti is not consumed")
    void refusedDoesNotConsume() {
        String jti = "jti-" + UUID.randomUUID();
        assertThat(refusal(logoutToken(jti, c -> c.audience("other"))))
                .isEqualTo(TokenValidationException.INVALID_AUDIENCE);
        assertThat(used).isEmpty();
    }

    @Test
    @DisplayName("Given the partner's valid ID token, then it is no logout token")
    void idTokenRefused() {
        assertThat(refusal(TestPartner.idToken("n-1"))).isEqualTo(LogoutTokenValidator.NOT_A_LOGOUT_TOKEN);
    }

    @Test
    @DisplayName(
            "Given a wrong issuer, a nonce, no events or neither sid nor sub, then each is refused with its reason")
    void claimsRefused() {
        assertThat(refusal(logoutToken("a", c -> c.issuer("https://evil.example"))))
                .isEqualTo(TokenValidationException.INVALID_ISSUER);
        assertThat(refusal(logoutToken("b", c -> c.claim("nonce", "n-1"))))
                .isEqualTo(LogoutTokenValidator.NONCE_NOT_ALLOWED);
        assertThat(refusal(logoutToken("c", c -> c.claim("events", null))))
                .isEqualTo(LogoutTokenValidator.NOT_A_LOGOUT_TOKEN);
        assertThat(refusal(logoutToken("d", c -> c.subject(null).claim("sid", null))))
                .isEqualTo(TokenValidationException.MISSING_CLAIM);
    }

    @Test
    @DisplayName("Given a token signed by another key, or unsigned, or no token at all, then refused")
    void signatureRefused() throws Exception {
        com.nimbusds.jose.jwk.RSAKey other = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).generate();
        com.nimbusds.jwt.SignedJWT forged = new com.nimbusds.jwt.SignedJWT(
                new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.RS256),
                com.nimbusds.jwt.SignedJWT.parse(logoutToken("e", c -> {})).getJWTClaimsSet());
        forged.sign(new com.nimbusds.jose.crypto.RSASSASigner(other));
        assertThat(refusal(forged.serialize())).isEqualTo(TokenValidationException.INVALID_SIGNATURE);
        assertThat(refusal(new com.nimbusds.jwt.PlainJWT(com.nimbusds.jwt.SignedJWT.parse(logoutToken("f", c -> {}))
                                .getJWTClaimsSet())
                        .serialize()))
                .isEqualTo(TokenValidationException.ALG_NONE_NOT_ALLOWED);
        assertThat(refusal("not a token")).isEqualTo(TokenValidationException.MALFORMED_TOKEN);
        assertThat(refusal(null)).isEqualTo(TokenValidationException.MALFORMED_TOKEN);
    }

    @Test
    @DisplayName("Given a Keycloak our hooks do not fit, then even a valid logout token is refused")
    void incompatibleKeycloak() {
        var provider = partner.provider(partner.settings(), KeycloakCompatibility.of(List.of("changed")));
        assertThatThrownBy(() -> provider.validateToken(logoutToken("g", c -> {})))
                .isInstanceOf(IdentityBrokerException.class);
        assertThat(used).isEmpty();
    }
}
