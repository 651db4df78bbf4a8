package io.github.kcpartner.broker.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import io.github.kcpartner.broker.login.PartnerLoginException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.models.IdentityProviderModel;

class PartnerDpopTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    private static PartnerEndpoints endpoints(List<String> dpopAlgs) {
        return new PartnerEndpoints(
                "https://op.example",
                "https://op.example/authorize",
                "https://op.example/token",
                "https://op.example/me",
                "https://op.example/jwks",
                List.of(),
                false,
                true,
                null,
                false,
                dpopAlgs,
                false);
    }

    private static PartnerDpop dpop(List<String> algs) {
        return PartnerDpop.forLogin("advertised", endpoints(algs), new PartnerDpop.Keys(), "p1", CLOCK);
    }

    @Test
    @DisplayName(
            "given off, or advertised against a partner without DPoP, then no proofs; required then fails with dpop_not_advertised")
    void modes() {
        PartnerDpop.Keys keys = new PartnerDpop.Keys();
        assertThat(PartnerDpop.forLogin("off", endpoints(List.of("ES256")), keys, "p", CLOCK))
                .isNull();
        assertThat(PartnerDpop.forLogin("advertised", endpoints(List.of()), keys, "p", CLOCK))
                .isNull();
        assertThat(PartnerDpop.forLogin("advertised", endpoints(List.of("EdDSA")), keys, "p", CLOCK))
                .isNull();
        assertThatThrownBy(() -> PartnerDpop.forLogin("required", endpoints(List.of("EdDSA")), keys, "p", CLOCK))
                .isInstanceOfSatisfying(
                        PartnerLoginException.class, e -> assertThat(e.reason()).isEqualTo("dpop_not_advertised"));
        assertThat(PartnerDpop.forLogin("required", endpoints(List.of("RS256", "PS256")), keys, "p", CLOCK)
                        .alg())
                .isEqualTo(JWSAlgorithm.PS256);
    }

    @Test
    @DisplayName(
            "given a token request, then the proof is a dpop+jwt with our public key, htm, htu without query, iat, jti and no ath")
    void tokenRequestProof() throws Exception {
        PartnerDpop dpop = dpop(List.of("ES256", "RS256"));
        SignedJWT proof = SignedJWT.parse(dpop.proof("POST", "https://op.example/token?x=1#f"));

        assertThat(proof.getHeader().getType().getType()).isEqualTo("dpop+jwt");
        assertThat(proof.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        ECKey key = (ECKey) proof.getHeader().getJWK();
        assertThat(key.isPrivate()).isFalse();
        assertThat(proof.verify(new ECDSAVerifier(key))).isTrue();
        Map<String, Object> claims = proof.getJWTClaimsSet().getClaims();
        assertThat(claims).containsEntry("htm", "POST").containsEntry("htu", "https://op.example/token");
        assertThat(claims).containsKeys("jti", "iat").doesNotContainKeys("ath", "nonce");
        assertThat(proof.getJWTClaimsSet().getIssueTime().toInstant()).isEqualTo(CLOCK.instant());
        assertThat(dpop.thumbprint()).isEqualTo(key.computeThumbprint().toString());
    }

    @Test
    @DisplayName("given an access token, then ath is the base64url SHA-256 of it (RFC 9449 appendix example)")
    void ath() {
        // RFC 9449 section 7.1 example: token Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU ->
        // fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo
        assertThat(PartnerDpop.ath("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU"))
                .isEqualTo("fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo");
    }

    @Test
    @DisplayName(
            "given use_dpop_nonce with a DPoP-Nonce, then the request is sent once more with that nonce and a fresh jti; the nonce serves the next request")
    void nonceRetry() throws Exception {
        PartnerDpop dpop = dpop(List.of("ES256"));
        List<String> proofs = new ArrayList<>();
        PartnerHttp.Answer challenge =
                new PartnerHttp.Answer(400, "application/json", "{\"error\":\"use_dpop_nonce\"}", "n-1", null);
        PartnerHttp.Answer ok = new PartnerHttp.Answer(200, "application/json", "{}", "n-2", null);

        PartnerHttp.Answer answer = dpop.send("POST", "https://op.example/token", null, proof -> {
            proofs.add(proof);
            return proofs.size() == 1 ? challenge : ok;
        });

        assertThat(answer).isSameAs(ok);
        assertThat(proofs).hasSize(2);
        SignedJWT first = SignedJWT.parse(proofs.get(0));
        SignedJWT second = SignedJWT.parse(proofs.get(1));
        assertThat(first.getJWTClaimsSet().getClaim("nonce")).isNull();
        assertThat(second.getJWTClaimsSet().getClaim("nonce")).isEqualTo("n-1");
        assertThat(second.getJWTClaimsSet().getJWTID())
                .isNotEqualTo(first.getJWTClaimsSet().getJWTID());

        SignedJWT next = SignedJWT.parse(dpop.proof("GET", "https://op.example/me", "at"));
        assertThat(next.getJWTClaimsSet().getClaim("nonce")).isEqualTo("n-2");
        assertThat(next.getJWTClaimsSet().getClaim("ath")).isEqualTo(PartnerDpop.ath("at"));
    }

    @Test
    @DisplayName("given a refusal that is no nonce challenge, or a second challenge, then no further try")
    void noEndlessRetry() {
        PartnerDpop dpop = dpop(List.of("ES256"));
        int[] tries = {0};
        PartnerHttp.Answer refused =
                new PartnerHttp.Answer(400, "application/json", "{\"error\":\"invalid_dpop_proof\"}", "n", null);
        assertThat(dpop.send("POST", "https://op.example/token", null, p -> {
                    tries[0]++;
                    return refused;
                }))
                .isSameAs(refused);
        assertThat(tries[0]).isEqualTo(1);

        PartnerDpop other = dpop(List.of("ES256"));
        int[] more = {0};
        other.send("GET", "https://op.example/me", "at", p -> {
            more[0]++;
            return new PartnerHttp.Answer(401, null, "", "n" + more[0], "DPoP error=\"use_dpop_nonce\"");
        });
        assertThat(more[0]).isEqualTo(2);
    }

    @Test
    @DisplayName("given the same provider, then the same key; a forgotten provider proves a new one")
    void keysPerProvider() {
        PartnerDpop.Keys keys = new PartnerDpop.Keys();
        assertThat(keys.key("p1", JWSAlgorithm.ES256)).isSameAs(keys.key("p1", JWSAlgorithm.ES256));
        assertThat(keys.key("p2", JWSAlgorithm.ES256)).isNotEqualTo(keys.key("p1", JWSAlgorithm.ES256));
        var before = keys.key("p1", JWSAlgorithm.ES256);
        keys.forget("p1");
        assertThat(keys.key("p1", JWSAlgorithm.ES256)).isNotEqualTo(before);
    }

    @Test
    @DisplayName(
            "given a TLS client keystore, then token, userinfo and PAR resolve to the metadata's mtls_endpoint_aliases; without one, to the plain endpoints")
    void mtlsAliases() {
        PartnerMetadata metadata = new PartnerMetadata(
                "https://op.example",
                "https://op.example/authorize",
                "https://op.example/token",
                "https://op.example/me",
                "https://op.example/jwks",
                List.of(),
                false,
                null,
                "https://op.example/par",
                false,
                List.of(),
                Map.of(
                        "token_endpoint", "https://mtls.op.example/token",
                        "userinfo_endpoint", "https://mtls.op.example/me",
                        "pushed_authorization_request_endpoint", "https://mtls.op.example/par"));
        IdentityProviderModel model = new IdentityProviderModel();
        model.getConfig().put("metadataDescriptorUrl", "https://op.example/.well-known/openid-configuration");
        PartnerEndpoints plain = PartnerEndpoints.resolve(new PartnerOidcConfig(model), metadata);
        assertThat(List.of(plain.tokenUrl(), plain.userInfoUrl(), plain.parEndpoint()))
                .containsExactly("https://op.example/token", "https://op.example/me", "https://op.example/par");

        model.getConfig().put("tlsClientKeystore", "client.p12");
        PartnerEndpoints mtls = PartnerEndpoints.resolve(new PartnerOidcConfig(model), metadata);
        assertThat(mtls.mtls()).isTrue();
        assertThat(List.of(mtls.tokenUrl(), mtls.userInfoUrl(), mtls.parEndpoint()))
                .containsExactly(
                        "https://mtls.op.example/token", "https://mtls.op.example/me", "https://mtls.op.example/par");
        assertThat(mtls.authorizationUrl()).isEqualTo("https://op.example/authorize");
    }

    @Test
    @DisplayName(
            "given a token URL from the partner's metadata that is no URI, then the proof keeps it as it is instead of throwing")
    void htuOfAnInvalidUrl() throws Exception {
        PartnerDpop dpop = dpop(List.of("ES256"));
        SignedJWT proof = SignedJWT.parse(dpop.proof("POST", "https://op example/token?x"));
        assertThat(proof.getJWTClaimsSet().getClaim("htu")).isEqualTo("https://op example/token?x");
        assertThat(PartnerDpop.htu("https://op.example/token?x=1#f")).isEqualTo("https://op.example/token");
    }
}
