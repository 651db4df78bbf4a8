package io.github.kcpartner.jose;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import com.nimbusds.openid.connect.sdk.claims.CodeHash;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The product computes the hash claims itself; the OAuth 2.0 SDK (test scope only) is the reference. */
class TokenHashesTest {

    @Test
    @DisplayName("the OpenID Connect Core example (A.3): at_hash of the access token with RS256")
    void specExample() {
        assertThat(TokenHashes.of("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y", SignatureAlgorithm.RS256))
                .isEqualTo("77QmUPtjPfzWtF2AnpK9RQ");
    }

    @ParameterizedTest
    @EnumSource(value = SignatureAlgorithm.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    @DisplayName("at_hash and c_hash equal the SDK's for every signature algorithm")
    void sameAsTheSdk(SignatureAlgorithm alg) {
        String token = "SlAV32hkKG-" + alg.name();
        String code = "Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk-" + alg.name();
        assertThat(TokenHashes.of(token, alg))
                .isEqualTo(AccessTokenHash.compute(new BearerAccessToken(token), alg.jws())
                        .getValue());
        assertThat(TokenHashes.of(code, alg))
                .isEqualTo(
                        CodeHash.compute(new AuthorizationCode(code), alg.jws()).getValue());
        assertThat(TokenHashes.accessTokenMatches(TokenHashes.of(token, alg), token, alg))
                .isTrue();
        assertThat(TokenHashes.codeMatches(TokenHashes.of(code, alg), code + "x", alg))
                .isFalse();
    }

    @Test
    @DisplayName("alg none uses SHA-256; a missing claim never matches")
    void noneAndMissing() {
        assertThat(TokenHashes.of("abc", SignatureAlgorithm.NONE))
                .isEqualTo(TokenHashes.of("abc", SignatureAlgorithm.HS256));
        assertThat(TokenHashes.accessTokenMatches(null, "abc", SignatureAlgorithm.RS256))
                .isFalse();
    }
}
