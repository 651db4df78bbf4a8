package io.github.kcpartner.it.faultyop;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** How one client is registered at the {@link FaultyOp}. Immutable; see {@link #builder()}. */
public final class ClientSettings {

    /** The unsecured-JWT "alg" ({@code none}) as a JWS algorithm value. */
    public static final JWSAlgorithm NONE = new JWSAlgorithm("none");

    /** A JWE key-management algorithm with its content encryption. */
    public record Encryption(JWEAlgorithm alg, EncryptionMethod enc) {
        public Encryption {
            Objects.requireNonNull(alg, "alg");
            Objects.requireNonNull(enc, "enc");
        }
    }

    private final String clientId;
    private final String clientSecret;
    private final Set<String> redirectUris;
    private final JWSAlgorithm idTokenAlg;
    private final Encryption idTokenEncryption;
    private final JWSAlgorithm userinfoAlg;
    private final Encryption userinfoEncryption;
    private final JWK rpEncryptionKey;
    private final URI rpJwksUri;
    private final Map<String, Object> extraClaims;

    private ClientSettings(Builder b) {
        clientId = b.clientId;
        clientSecret = b.clientSecret;
        redirectUris = Set.copyOf(b.redirectUris);
        idTokenAlg = b.idTokenAlg;
        idTokenEncryption = b.idTokenEncryption;
        userinfoAlg = b.userinfoAlg;
        userinfoEncryption = b.userinfoEncryption;
        rpEncryptionKey = b.rpEncryptionKey;
        rpJwksUri = b.rpJwksUri;
        extraClaims = Map.copyOf(b.extraClaims);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A client with the defaults: RS256 ID tokens, plain JSON userinfo, nothing encrypted. */
    public static ClientSettings defaults() {
        return builder().build();
    }

    Optional<String> clientId() {
        return Optional.ofNullable(clientId);
    }

    Optional<String> clientSecret() {
        return Optional.ofNullable(clientSecret);
    }

    Set<String> redirectUris() {
        return redirectUris;
    }

    JWSAlgorithm idTokenAlg() {
        return idTokenAlg;
    }

    Optional<Encryption> idTokenEncryption() {
        return Optional.ofNullable(idTokenEncryption);
    }

    Optional<JWSAlgorithm> userinfoAlg() {
        return Optional.ofNullable(userinfoAlg);
    }

    Optional<Encryption> userinfoEncryption() {
        return Optional.ofNullable(userinfoEncryption);
    }

    Optional<JWK> rpEncryptionKey() {
        return Optional.ofNullable(rpEncryptionKey);
    }

    Optional<URI> rpJwksUri() {
        return Optional.ofNullable(rpJwksUri);
    }

    Map<String, Object> extraClaims() {
        return extraClaims;
    }

    /** Builder; every setting is optional. */
    public static final class Builder {
        private String clientId;
        private String clientSecret;
        private final Set<String> redirectUris = new LinkedHashSet<>();
        private JWSAlgorithm idTokenAlg = JWSAlgorithm.RS256;
        private Encryption idTokenEncryption;
        private JWSAlgorithm userinfoAlg;
        private Encryption userinfoEncryption;
        private JWK rpEncryptionKey;
        private URI rpJwksUri;
        private final Map<String, Object> extraClaims = new LinkedHashMap<>();

        private Builder() {}

        /** A fixed client_id instead of a generated one. */
        public Builder clientId(String value) {
            clientId = value;
            return this;
        }

        /** A fixed client secret instead of a generated 512-bit one (HS512 needs >= 64 bytes). */
        public Builder clientSecret(String value) {
            clientSecret = value;
            return this;
        }

        /** An allowed redirect URI; with none registered any redirect_uri is accepted. */
        public Builder redirectUri(String value) {
            redirectUris.add(Objects.requireNonNull(value));
            return this;
        }

        /** HS256..512, RS256..512, PS256..512, ES256..512 or {@link #NONE}. */
        public Builder idTokenAlg(JWSAlgorithm value) {
            idTokenAlg = Objects.requireNonNull(value);
            return this;
        }

        public Builder encryptIdToken(JWEAlgorithm alg, EncryptionMethod enc) {
            idTokenEncryption = new Encryption(alg, enc);
            return this;
        }

        /** Userinfo as a JWT signed with {@code value} ({@code application/jwt}); default plain JSON. */
        public Builder userinfoAlg(JWSAlgorithm value) {
            userinfoAlg = value;
            return this;
        }

        /** Userinfo encrypted (nested in a JWE if also signed, else encrypted JSON claims). */
        public Builder encryptUserinfo(JWEAlgorithm alg, EncryptionMethod enc) {
            userinfoEncryption = new Encryption(alg, enc);
            return this;
        }

        /** The RP's public encryption key (RSA or EC) for asymmetric key management. */
        public Builder rpEncryptionKey(JWK value) {
            rpEncryptionKey = value == null ? null : value.toPublicJWK();
            return this;
        }

        /**
         * The RP's jwks_uri: where its encryption key is fetched from when none is given directly,
         * and its signing keys ({@code use} sig or none) for private_key_jwt and request objects.
         */
        public Builder rpJwksUri(URI value) {
            rpJwksUri = value;
            return this;
        }

        /** An extra claim in the ID token and userinfo. */
        public Builder extraClaim(String name, Object value) {
            extraClaims.put(Objects.requireNonNull(name), value);
            return this;
        }

        public ClientSettings build() {
            return new ClientSettings(this);
        }
    }
}
