package io.github.kcpartner.jose;

import static io.github.kcpartner.jose.JoseConfigRules.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JoseConfigRulesTest {

    /** A consistent RS256-over-JWKS code-flow configuration; each test changes what it is about. */
    private static Builder base() {
        return new Builder();
    }

    private static final class Builder {
        String secret = TestSupport.SECRET;
        String sig = "RS256";
        boolean useMetadata;
        boolean metadataHasJwks;
        String keystore;
        String label;
        String jwksUrl = "https://partner.example/jwks";
        String km;
        String enc;
        String decKeystore;
        String decLabel;
        boolean realmKeys;
        String responseType = "code";
        String scope = "openid profile";

        JoseSettings build() {
            return JoseSettings.builder()
                    .clientSecret(secret)
                    .signatureAlg(sig)
                    .metadata(useMetadata, metadataHasJwks)
                    .signingCertificate(keystore, label)
                    .jwksUrl(jwksUrl)
                    .encryption(km, enc)
                    .decryptionKey(decKeystore, decLabel)
                    .useRealmKeys(realmKeys)
                    .responseType(responseType)
                    .scope(scope)
                    .build();
        }

        java.util.List<String> errors() {
            return JoseConfigRules.validate(build());
        }
    }

    @Test
    void consistentConfigurationPasses() {
        assertThat(base().errors()).isEmpty();
    }

    @Test
    void hsNeedsSecret() {
        Builder b = base();
        b.sig = "HS256";
        b.jwksUrl = null;
        b.secret = "";
        assertThat(b.errors()).containsExactly(HS_NEEDS_SECRET);
        b.secret = "0123456789012345678901234567890123456789";
        assertThat(b.errors()).isEmpty();
        b.sig = "HS512";
        assertThat(b.errors()).containsExactly(HS_SECRET_TOO_SHORT);
    }

    @Test
    @DisplayName(
            "Given a checked-in certificate and a JWK endpoint, then refused; with neither, refused unless metadata has jwks")
    void certificateXorJwks() {
        Builder b = base();
        b.keystore = "rt_profile_keys";
        b.label = "partner";
        assertThat(b.errors()).containsExactly(CERTIFICATE_AND_JWKS);
        b.jwksUrl = null;
        assertThat(b.errors()).isEmpty();
        b.label = null;
        assertThat(b.errors()).containsExactly(SIGNING_CERTIFICATE_INCOMPLETE);
        b.keystore = null;
        assertThat(b.errors()).containsExactly(SIGNATURE_NEEDS_KEY);
        b.useMetadata = true;
        b.metadataHasJwks = true;
        assertThat(b.errors()).isEmpty();
        b.sig = "";
        b.useMetadata = false;
        assertThat(b.errors()).as("blank means RS256").containsExactly(SIGNATURE_NEEDS_KEY);
    }

    @Test
    void encryptionPairs() {
        Builder b = base();
        b.km = "A128KW";
        assertThat(b.errors()).containsExactly(KEY_MANAGEMENT_NEEDS_CONTENT_ENCRYPTION);
        b.km = "none";
        b.enc = "A128GCM";
        assertThat(b.errors()).containsExactly(CONTENT_ENCRYPTION_NEEDS_KEY_MANAGEMENT);
        b.km = "A128KW";
        assertThat(b.errors()).isEmpty();
        b.secret = null;
        assertThat(b.errors()).containsExactly(ENCRYPTION_NEEDS_SECRET);
    }

    @Test
    void asymmetricDecryptionNeedsKeystoreOrRealmKeys() {
        Builder b = base();
        b.km = "ECDH-ES+A256KW";
        b.enc = "A256GCM";
        assertThat(b.errors()).containsExactly(DECRYPTION_NEEDS_PRIVATE_KEY);
        b.decKeystore = "rt_profile_keys";
        assertThat(b.errors()).containsExactly(DECRYPTION_NEEDS_PRIVATE_KEY);
        b.decLabel = "enc";
        assertThat(b.errors()).isEmpty();
        b.decKeystore = null;
        b.decLabel = null;
        b.realmKeys = true;
        assertThat(b.errors()).isEmpty();
    }

    @Test
    void noneOnlyWithCodeFlow() {
        Builder b = base();
        b.sig = "none";
        b.jwksUrl = null;
        assertThat(b.errors()).isEmpty();
        b.responseType = "id_token token";
        assertThat(b.errors()).containsExactly(NONE_NEEDS_CODE_FLOW);
        b.jwksUrl = "https://partner.example/jwks";
        b.responseType = "code";
        b.keystore = "ks";
        b.label = "l";
        assertThat(b.errors()).containsExactly(CERTIFICATE_AND_JWKS, CERTIFICATE_NOT_APPLICABLE);
    }

    @Test
    void scopeAndUnknownAlgs() {
        Builder b = base();
        b.scope = "profile email";
        assertThat(b.errors()).containsExactly(SCOPE_NEEDS_OPENID);
        b.scope = "profile,openid";
        assertThat(b.errors()).isEmpty();
        b.scope = "";
        assertThat(b.errors()).as("blank scope means the default, openid").isEmpty();
        b.sig = "EdDSA";
        b.km = "PBES2-HS256+A128KW";
        b.enc = "XC20P";
        assertThat(b.errors())
                .containsExactly(
                        UNSUPPORTED_SIGNATURE_ALG, UNSUPPORTED_KEY_MANAGEMENT_ALG, UNSUPPORTED_CONTENT_ENCRYPTION);
        b.km = "RSA-OAEP-512";
        b.enc = "A256GCM";
        assertThat(b.errors()).contains(UNSUPPORTED_KEY_MANAGEMENT_ALG);
    }

    @Test
    void toStringHidesSecret() {
        assertThat(base().build().toString()).doesNotContain(TestSupport.SECRET).contains("clientSecret=<set>");
    }
}
