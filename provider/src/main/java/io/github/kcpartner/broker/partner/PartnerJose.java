package io.github.kcpartner.broker.partner;

import com.nimbusds.jwt.JWTClaimsSet;
import io.github.kcpartner.broker.login.PartnerLoginException;
import io.github.kcpartner.jose.ContentEncryption;
import io.github.kcpartner.jose.DecryptionKeys;
import io.github.kcpartner.jose.IdTokenExpectations;
import io.github.kcpartner.jose.IdTokenPolicy;
import io.github.kcpartner.jose.IdTokenValidator;
import io.github.kcpartner.jose.JoseProfile;
import io.github.kcpartner.jose.KeyManagementAlgorithm;
import io.github.kcpartner.jose.LogoutTokenValidator;
import io.github.kcpartner.jose.SignatureAlgorithm;
import io.github.kcpartner.jose.SignatureAlgorithmResolver;
import io.github.kcpartner.jose.TokenValidationException;
import io.github.kcpartner.jose.UserInfoValidator;
import io.github.kcpartner.jose.VerificationKeys;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.crypto.KeyUse;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Binds one partner's settings to the JOSE core ({@code io.github.kcpartner.jose}): which
 * algorithm and keys an ID token must carry, how it is decrypted, and the claim checks. Every
 * {@link TokenValidationException} becomes a {@link PartnerLoginException} with the same reason.
 */
final class PartnerJose {

    private final PartnerRuntime runtime;
    private final PartnerOidcConfig config;
    private final PartnerEndpoints endpoints;
    private final KeycloakSession session;
    private final PartnerSecrets secrets;
    private final PartnerStepUp stepUp;

    PartnerJose(PartnerOidcIdentityProvider provider, PartnerEndpoints endpoints, PartnerStepUp stepUp) {
        this(provider.partnerConfig(), endpoints, stepUp, provider.keycloakSession(), provider.runtime());
    }

    PartnerJose(
            PartnerOidcConfig config,
            PartnerEndpoints endpoints,
            PartnerStepUp stepUp,
            KeycloakSession session,
            PartnerRuntime runtime) {
        this.config = config;
        this.endpoints = endpoints;
        this.stepUp = stepUp;
        this.session = session;
        this.runtime = runtime;
        this.secrets = new PartnerSecrets(session);
    }

    /** An ID token from the authorization endpoint (implicit and hybrid types). */
    Map<String, Object> frontChannelIdToken(String token, String nonce, String accessToken, String code) {
        return validate(
                token,
                stepUp.apply(
                        IdTokenExpectations.authorizationEndpoint(config.getResponseType(), nonce, accessToken, code)));
    }

    /** An ID token from the token endpoint. */
    Map<String, Object> backChannelIdToken(String token, String nonce, String accessToken) {
        return validate(token, stepUp.apply(IdTokenExpectations.tokenEndpoint(nonce, accessToken)));
    }

    /** A userinfo answer: JSON over TLS, or a JWT signed (and encrypted) as the ID token is. */
    Map<String, Object> userInfo(String body, String contentType, String idTokenSub) {
        boolean jwt = contentType != null
                && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/jwt");
        try {
            JoseProfile profile = jwt ? profile() : JoseProfile.signed(SignatureAlgorithm.NONE, null);
            return new UserInfoValidator(issuer(), config.getClientId(), profile)
                    .validate(contentType, body, idTokenSub);
        } catch (TokenValidationException e) {
            throw failure(e);
        }
    }

    /** A back-channel logout token, protected as this partner's ID tokens are (see {@link LogoutTokenValidator}). */
    JWTClaimsSet logoutToken(String token) {
        try {
            return new LogoutTokenValidator(
                            IdTokenPolicy.of(issuer(), config.getClientId(), profile(), config.getAllowedClockSkew()),
                            java.time.Clock.systemUTC())
                    .validate(token);
        } catch (TokenValidationException e) {
            throw failure(e);
        }
    }

    private Map<String, Object> validate(String token, IdTokenExpectations expectations) {
        try {
            return validator().validate(token, expectations).toJSONObject();
        } catch (TokenValidationException e) {
            if (TokenValidationException.UNKNOWN_KEY.equals(e.reason()) && endpoints.usesMetadata()) {
                // The partner may have moved its keys: read the metadata again, then try once more.
                runtime.refreshMetadata(session, config);
                try {
                    return new PartnerJose(config, runtime.endpoints(session, config), stepUp, session, runtime)
                            .validator()
                            .validate(token, expectations)
                            .toJSONObject();
                } catch (TokenValidationException again) {
                    throw failure(again);
                }
            }
            throw failure(e);
        }
    }

    private IdTokenValidator validator() throws TokenValidationException {
        return new IdTokenValidator(
                IdTokenPolicy.of(issuer(), config.getClientId(), profile(), config.getAllowedClockSkew()));
    }

    private String issuer() {
        if (endpoints.issuer() == null) {
            throw new PartnerLoginException("no_issuer", "no issuer identifier is configured or in the metadata", null);
        }
        return endpoints.issuer();
    }

    private JoseProfile profile() throws TokenValidationException {
        SignatureAlgorithm configured = SignatureAlgorithm.fromId(config.getSignatureAlgorithm())
                .orElseThrow(() -> new TokenValidationException(
                        TokenValidationException.UNSUPPORTED_ALG,
                        "configured alg " + config.getSignatureAlgorithm() + " is not supported"));
        SignatureAlgorithm alg = SignatureAlgorithmResolver.resolve(
                configured, endpoints.usesMetadata(), endpoints.idTokenSigningAlgs());
        KeyManagementAlgorithm km = KeyManagementAlgorithm.fromId(config.getKeyManagementAlgorithm())
                .orElse(KeyManagementAlgorithm.NONE);
        ContentEncryption enc =
                ContentEncryption.fromId(config.getContentEncryptionAlgorithm()).orElse(ContentEncryption.NONE);
        return new JoseProfile(
                alg, verificationKeys(alg), km, enc, km == KeyManagementAlgorithm.NONE ? null : decryptionKeys(km));
    }

    private VerificationKeys verificationKeys(SignatureAlgorithm alg) {
        return switch (alg.family()) {
            case NONE -> null;
            case HMAC -> VerificationKeys.clientSecret(secrets.clientSecret(config));
            case RSA, EC -> asymmetricKeys();
        };
    }

    private VerificationKeys asymmetricKeys() {
        if (config.isUseCertificate()) {
            KeyStore store = runtime.keys()
                    .keyStore(
                            config.getCertificateKeystore(),
                            config.getCertificateKeystoreType(),
                            secrets.resolve(config.getCertificateKeystorePassword()));
            return VerificationKeys.keyStoreCertificate(store, config.getCertificateLabel());
        }
        if (!config.isUseJwksUrl() && !config.getPublicKey().isEmpty()) {
            return VerificationKeys.pem(config.getPublicKey());
        }
        if (endpoints.jwksUrl() == null) {
            throw new PartnerLoginException(
                    "no_verification_key", "no JWK endpoint, certificate or public key is configured", null);
        }
        return runtime.keys()
                .remote(
                        endpoints.jwksUrl(),
                        config.getJwksMinRefetchSeconds(),
                        PartnerHttp.Timeouts.of(config),
                        session.getProvider(HttpClientProvider.class).getHttpClient());
    }

    private DecryptionKeys decryptionKeys(KeyManagementAlgorithm km) {
        if (km.usesClientSecret()) {
            return DecryptionKeys.clientSecret(secrets.clientSecret(config));
        }
        List<DecryptionKeys> sources = new ArrayList<>();
        if (!config.getDecryptionKeystore().isEmpty()) {
            String password = secrets.resolve(config.getDecryptionKeystorePassword());
            KeyStore store = runtime.keys()
                    .keyStore(config.getDecryptionKeystore(), config.getDecryptionKeystoreType(), password);
            sources.add(DecryptionKeys.keyStore(store, config.getDecryptionKeyLabel(), password.toCharArray()));
        }
        if (config.isDecryptionUseRealmKeys() || sources.isEmpty()) {
            RealmModel realm = session.getContext().getRealm();
            List<DecryptionKeys.DecryptionKey> realmKeys = session.keys()
                    .getKeysStream(realm)
                    .filter(k -> KeyUse.ENC.equals(k.getUse()) && k.getPrivateKey() != null)
                    .map(k ->
                            new DecryptionKeys.DecryptionKey(k.getKid(), (java.security.PrivateKey) k.getPrivateKey()))
                    .toList();
            sources.add(DecryptionKeys.privateKeys(realmKeys));
        }
        return sources.size() == 1 ? sources.get(0) : new FirstMatchDecryptionKeys(sources);
    }

    private static PartnerLoginException failure(TokenValidationException e) {
        return new PartnerLoginException(e.reason(), e.getMessage());
    }
}
