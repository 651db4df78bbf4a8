package io.github.kcpartner.jose;

/**
 * The admin-console values the JOSE combination rules look at, as stored (algorithm ids as
 * strings; blank means unset). {@link #toString()} never shows the client secret.
 *
 * @param clientSecret         the client secret, blank for a public client
 * @param signatureAlg         e.g. {@code RS256}; blank means the default RS256
 * @param useMetadata          whether the partner is configured from its metadata endpoint
 * @param metadataHasJwks      whether that metadata supplies a {@code jwks_uri}
 * @param signingKeystore      checked-in certificate: keystore (certificate database)
 * @param signingCertLabel     checked-in certificate: label (alias)
 * @param jwksUrl              the JWK endpoint URL
 * @param keyManagementAlg     e.g. {@code RSA-OAEP}; blank means none
 * @param contentEncryptionAlg e.g. {@code A256GCM}; blank means none
 * @param decryptionKeystore   decryption certificate: keystore
 * @param decryptionKeyLabel   decryption certificate: label (alias of the private key)
 * @param useRealmKeys         decrypt with the realm's encryption keys instead of a keystore
 * @param responseType         e.g. {@code code} or {@code code id_token}
 * @param scope                space- or comma-separated scopes
 */
public record JoseSettings(String clientSecret, String signatureAlg, boolean useMetadata, boolean metadataHasJwks,
        String signingKeystore, String signingCertLabel, String jwksUrl, String keyManagementAlg,
        String contentEncryptionAlg, String decryptionKeystore, String decryptionKeyLabel, boolean useRealmKeys,
        String responseType, String scope) {

    @Override
    public String toString() {
        return "JoseSettings[clientSecret=" + (blank(clientSecret) ? "<none>" : "<set>") + ", signatureAlg="
                + signatureAlg + ", useMetadata=" + useMetadata + ", metadataHasJwks=" + metadataHasJwks
                + ", signingKeystore=" + signingKeystore + ", signingCertLabel=" + signingCertLabel + ", jwksUrl="
                + jwksUrl + ", keyManagementAlg=" + keyManagementAlg + ", contentEncryptionAlg=" + contentEncryptionAlg
                + ", decryptionKeystore=" + decryptionKeystore + ", decryptionKeyLabel=" + decryptionKeyLabel
                + ", useRealmKeys=" + useRealmKeys + ", responseType=" + responseType + ", scope=" + scope + "]";
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
