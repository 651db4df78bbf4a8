package io.github.kcpartner.jose;

/**
 * The admin-console values the JOSE combination rules look at, built with {@link #builder()}
 * (algorithm ids as stored strings; blank means unset). Where the partner's signing keys come
 * from is typed: a checked-in certificate (keystore and label), a PEM public key or certificate,
 * a JWK endpoint URL, or the metadata's {@code jwks_uri}. {@link #toString()} never shows the
 * client secret.
 */
public final class JoseSettings {

    private final String clientSecret;
    private final String signatureAlg;
    private final boolean useMetadata;
    private final boolean metadataHasJwks;
    private final String signingKeystore;
    private final String signingCertLabel;
    private final boolean signingPem;
    private final String jwksUrl;
    private final boolean jwksFromMetadata;
    private final String keyManagementAlg;
    private final String contentEncryptionAlg;
    private final String decryptionKeystore;
    private final String decryptionKeyLabel;
    private final boolean useRealmKeys;
    private final String responseType;
    private final String scope;

    private JoseSettings(Builder b) {
        this.clientSecret = b.clientSecret;
        this.signatureAlg = b.signatureAlg;
        this.useMetadata = b.useMetadata;
        this.metadataHasJwks = b.metadataHasJwks;
        this.signingKeystore = b.signingKeystore;
        this.signingCertLabel = b.signingCertLabel;
        this.signingPem = b.signingPem;
        this.jwksUrl = b.jwksUrl;
        this.jwksFromMetadata = b.jwksFromMetadata;
        this.keyManagementAlg = b.keyManagementAlg;
        this.contentEncryptionAlg = b.contentEncryptionAlg;
        this.decryptionKeystore = b.decryptionKeystore;
        this.decryptionKeyLabel = b.decryptionKeyLabel;
        this.useRealmKeys = b.useRealmKeys;
        this.responseType = b.responseType;
        this.scope = b.scope;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The client secret, blank for a public client. */
    public String clientSecret() {
        return clientSecret;
    }

    /** e.g. {@code RS256}; blank means the default RS256. */
    public String signatureAlg() {
        return signatureAlg;
    }

    /** Whether the partner is configured from its metadata endpoint. */
    public boolean useMetadata() {
        return useMetadata;
    }

    /** Whether that metadata supplies a {@code jwks_uri}. */
    public boolean metadataHasJwks() {
        return metadataHasJwks;
    }

    /** Whether a signing certificate or public key is configured (a keystore or label, or a PEM). */
    public boolean hasSigningCertificate() {
        return signingPem || !blank(signingKeystore) || !blank(signingCertLabel);
    }

    /** Whether a configured checked-in certificate names both its keystore and its label (a PEM always does). */
    public boolean signingCertificateComplete() {
        return signingPem || (!blank(signingKeystore) && !blank(signingCertLabel));
    }

    /** Whether keys come from a JWK endpoint: a URL, or the metadata's {@code jwks_uri} chosen explicitly. */
    public boolean hasJwks() {
        return jwksFromMetadata || !blank(jwksUrl);
    }

    /** e.g. {@code RSA-OAEP}; blank means none. */
    public String keyManagementAlg() {
        return keyManagementAlg;
    }

    /** e.g. {@code A256GCM}; blank means none. */
    public String contentEncryptionAlg() {
        return contentEncryptionAlg;
    }

    /** Whether the private key for decryption is configured: the realm's keys, or a keystore and label. */
    public boolean hasDecryptionKey() {
        return useRealmKeys || (!blank(decryptionKeystore) && !blank(decryptionKeyLabel));
    }

    /** e.g. {@code code} or {@code code id_token}. */
    public String responseType() {
        return responseType;
    }

    /** Space- or comma-separated scopes. */
    public String scope() {
        return scope;
    }

    @Override
    public String toString() {
        return "JoseSettings[clientSecret=" + (blank(clientSecret) ? "<none>" : "<set>") + ", signatureAlg="
                + signatureAlg + ", useMetadata=" + useMetadata + ", metadataHasJwks=" + metadataHasJwks
                + ", signingKeystore=" + signingKeystore + ", signingCertLabel=" + signingCertLabel + ", signingPem="
                + signingPem + ", jwksUrl=" + jwksUrl + ", jwksFromMetadata=" + jwksFromMetadata
                + ", keyManagementAlg=" + keyManagementAlg + ", contentEncryptionAlg=" + contentEncryptionAlg
                + ", decryptionKeystore=" + decryptionKeystore + ", decryptionKeyLabel=" + decryptionKeyLabel
                + ", useRealmKeys=" + useRealmKeys + ", responseType=" + responseType + ", scope=" + scope + "]";
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Builds {@link JoseSettings}; every value not set is unset (blank, false). */
    public static final class Builder {
        private String clientSecret = "";
        private String signatureAlg = "";
        private boolean useMetadata;
        private boolean metadataHasJwks;
        private String signingKeystore = "";
        private String signingCertLabel = "";
        private boolean signingPem;
        private String jwksUrl = "";
        private boolean jwksFromMetadata;
        private String keyManagementAlg = "";
        private String contentEncryptionAlg = "";
        private String decryptionKeystore = "";
        private String decryptionKeyLabel = "";
        private boolean useRealmKeys;
        private String responseType = "";
        private String scope = "";

        private Builder() {}

        public Builder clientSecret(String value) {
            this.clientSecret = value;
            return this;
        }

        public Builder signatureAlg(String value) {
            this.signatureAlg = value;
            return this;
        }

        /** Configured from the metadata endpoint, which does or does not supply a {@code jwks_uri}. */
        public Builder metadata(boolean used, boolean hasJwks) {
            this.useMetadata = used;
            this.metadataHasJwks = hasJwks;
            return this;
        }

        /** A checked-in certificate: keystore (certificate database) and label (alias). */
        public Builder signingCertificate(String keystore, String label) {
            this.signingKeystore = keystore;
            this.signingCertLabel = label;
            return this;
        }

        /** A PEM public key or certificate pasted into the setting. */
        public Builder signingPem() {
            this.signingPem = true;
            return this;
        }

        public Builder jwksUrl(String value) {
            this.jwksUrl = value;
            return this;
        }

        /** The JWK endpoint is the metadata's {@code jwks_uri} (JWKS chosen with no URL of its own). */
        public Builder jwksFromMetadata() {
            this.jwksFromMetadata = true;
            return this;
        }

        public Builder encryption(String keyManagement, String contentEncryption) {
            this.keyManagementAlg = keyManagement;
            this.contentEncryptionAlg = contentEncryption;
            return this;
        }

        /** The decryption key: keystore and label of the private key. */
        public Builder decryptionKey(String keystore, String label) {
            this.decryptionKeystore = keystore;
            this.decryptionKeyLabel = label;
            return this;
        }

        /** Decrypt with the realm's encryption keys instead of a keystore. */
        public Builder useRealmKeys(boolean value) {
            this.useRealmKeys = value;
            return this;
        }

        public Builder responseType(String value) {
            this.responseType = value;
            return this;
        }

        public Builder scope(String value) {
            this.scope = value;
            return this;
        }

        public JoseSettings build() {
            return new JoseSettings(this);
        }
    }
}
