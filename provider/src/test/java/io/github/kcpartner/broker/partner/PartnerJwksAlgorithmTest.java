package io.github.kcpartner.broker.partner;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.github.kcpartner.jose.KeyManagementAlgorithm;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The published decryption keys name the configured key-management algorithm: Keycloak as the
 * partner OP picks the client's encryption key by {@code alg} and finds none without it.
 */
class PartnerJwksAlgorithmTest {

    @Test
    @DisplayName("an RSA key under RSA-OAEP or RSA-OAEP-256 is published with that alg and use=enc")
    void rsaKeyNamesTheAlgorithm() throws Exception {
        JWK rsa = new RSAKeyGenerator(2048)
                .keyID("k1")
                .keyUse(KeyUse.ENCRYPTION)
                .generate()
                .toPublicJWK();
        for (KeyManagementAlgorithm alg :
                new KeyManagementAlgorithm[] {KeyManagementAlgorithm.RSA_OAEP, KeyManagementAlgorithm.RSA_OAEP_256}) {
            JWK published = PartnerJwksResource.withAlgorithm(rsa, alg).orElseThrow();
            assertThat(published.getAlgorithm().getName()).isEqualTo(alg.id());
            assertThat(published.getKeyUse()).isEqualTo(KeyUse.ENCRYPTION);
            assertThat(published.getKeyID()).isEqualTo("k1");
            assertThat(published.isPrivate()).isFalse();
        }
    }

    @Test
    @DisplayName("a key of the wrong type for the algorithm is left out; without encryption keys carry no alg")
    void otherTypesAndNoEncryption() throws Exception {
        JWK ec = new ECKeyGenerator(Curve.P_256)
                .keyID("e1")
                .keyUse(KeyUse.ENCRYPTION)
                .generate()
                .toPublicJWK();
        assertThat(PartnerJwksResource.withAlgorithm(ec, KeyManagementAlgorithm.RSA_OAEP))
                .isEmpty();
        assertThat(PartnerJwksResource.withAlgorithm(ec, KeyManagementAlgorithm.ECDH_ES_A256KW)
                        .orElseThrow()
                        .getAlgorithm()
                        .getName())
                .isEqualTo("ECDH-ES+A256KW");
        assertThat(PartnerJwksResource.withAlgorithm(ec, KeyManagementAlgorithm.A256KW))
                .isEmpty();
        assertThat(PartnerJwksResource.withAlgorithm(ec, KeyManagementAlgorithm.NONE)
                        .orElseThrow()
                        .getAlgorithm())
                .isNull();
    }
}
