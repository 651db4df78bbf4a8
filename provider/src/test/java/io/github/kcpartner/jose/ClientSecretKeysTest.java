package io.github.kcpartner.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Known answers computed outside Java ({@code printf %s SECRET | openssl dgst -shaN}). */
class ClientSecretKeysTest {

    private static final String SHA256 = "4e1d48da08701a3d9f7e985900670440450f8207d98fd68672333b3f25110e46";
    private static final String SHA384 =
            "3dbfe433bfccbbcdf5035206615cf2d79a6870e99f056f3b08a720143865c6680b63462246095095a0058cef134f3116";
    private static final String SHA512 = "83fed7ea7d4a37e40ffc7ae3373e5a52dec00590684a3226531a06d49852be23"
            + "71d1121404975594425020d6ccd8822f1b30d3025236b284acf26ce5223348a4";

    private static String hex(javax.crypto.SecretKey key) {
        return HexFormat.of().formatHex(key.getEncoded());
    }

    private static String derive(KeyManagementAlgorithm alg, ContentEncryption enc) {
        return hex(ClientSecretKeys.forKeyManagement(TestSupport.SECRET, alg, enc));
    }

    @Test
    @DisplayName("Given A*KW / A*GCMKW, then the key is the left-most KW bits of SHA-256")
    void keyWrapKeys() {
        assertThat(derive(KeyManagementAlgorithm.A128KW, ContentEncryption.A256GCM))
                .isEqualTo(SHA256.substring(0, 32));
        assertThat(derive(KeyManagementAlgorithm.A192KW, ContentEncryption.A256GCM))
                .isEqualTo(SHA256.substring(0, 48));
        assertThat(derive(KeyManagementAlgorithm.A256KW, ContentEncryption.A128GCM))
                .isEqualTo(SHA256);
        assertThat(derive(KeyManagementAlgorithm.A128GCMKW, ContentEncryption.A256CBC_HS512))
                .isEqualTo(SHA256.substring(0, 32));
        assertThat(derive(KeyManagementAlgorithm.A256GCMKW, ContentEncryption.A256CBC_HS512))
                .isEqualTo(SHA256);
    }

    @Test
    @DisplayName("Given dir, then the key has the enc's CEK length: SHA-256, SHA-384 or SHA-512 by size")
    void directKeys() {
        assertThat(derive(KeyManagementAlgorithm.DIR, ContentEncryption.A128GCM))
                .isEqualTo(SHA256.substring(0, 32));
        assertThat(derive(KeyManagementAlgorithm.DIR, ContentEncryption.A192GCM))
                .isEqualTo(SHA256.substring(0, 48));
        assertThat(derive(KeyManagementAlgorithm.DIR, ContentEncryption.A256GCM))
                .isEqualTo(SHA256);
        assertThat(derive(KeyManagementAlgorithm.DIR, ContentEncryption.A128CBC_HS256))
                .isEqualTo(SHA256);
        assertThat(derive(KeyManagementAlgorithm.DIR, ContentEncryption.A192CBC_HS384))
                .isEqualTo(SHA384);
        assertThat(derive(KeyManagementAlgorithm.DIR, ContentEncryption.A256CBC_HS512))
                .isEqualTo(SHA512);
    }

    @Test
    @DisplayName("Given a non-ASCII secret, then its UTF-8 octets are hashed")
    void utf8() {
        assertThat(HexFormat.of().formatHex(ClientSecretKeys.macKey("pässwörd€")))
                .isEqualTo("70c3a4737377c3b67264e282ac");
        assertThat(hex(ClientSecretKeys.derive("pässwörd€", 256)))
                .isEqualTo("a21df308cd4727ccf738c2959ebd490274e932b54462749cdaf9f10f1f696ba2");
    }

    @Test
    @DisplayName("Given an asymmetric algorithm, then there is no client-secret key")
    void asymmetricHasNoSecretKey() {
        assertThatThrownBy(() -> ClientSecretKeys.forKeyManagement(
                        "x", KeyManagementAlgorithm.RSA_OAEP, ContentEncryption.A128GCM))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientSecretKeys.derive("x", 520)).isInstanceOf(IllegalArgumentException.class);
    }
}
