package io.github.kcpartner.broker.partner;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import io.github.kcpartner.jose.KeyManagementAlgorithm;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * {@code GET /realms/{realm}/partner-oidc/{alias}/jwks}: the public halves of the keys with which
 * a {@code partner-oidc} provider decrypts, for the partner to encrypt ID tokens and userinfo
 * to (its {@code jwks_uri} registration). Only public keys; unknown aliases answer 404.
 */
public final class PartnerJwksResource {

    private static final Logger LOG = Logger.getLogger(PartnerJwksResource.class);

    private final KeycloakSession session;
    private final PartnerKeys keys;

    PartnerJwksResource(KeycloakSession session, PartnerKeys keys) {
        this.session = session;
        this.keys = keys;
    }

    @GET
    @Path("{alias}/jwks")
    @Produces(MediaType.APPLICATION_JSON)
    public Response jwks(@PathParam("alias") String alias) {
        RealmModel realm = session.getContext().getRealm();
        IdentityProviderModel model = session.identityProviders().getByAlias(alias);
        if (model == null || !PartnerOidcIdentityProviderFactory.isPartner(model.getProviderId())) {
            throw new NotFoundException();
        }
        PartnerOidcConfig config = new PartnerOidcConfig(model);
        Optional<KeyManagementAlgorithm> alg = KeyManagementAlgorithm.fromId(
                config.getKeyManagementAlgorithm() == null
                        ? "none"
                        : config.getKeyManagementAlgorithm().trim());
        List<JWK> published = new ArrayList<>();
        if (!config.getDecryptionKeystore().isEmpty()) {
            keystoreKey(config).ifPresent(published::add);
        }
        if (config.isDecryptionUseRealmKeys() || config.getDecryptionKeystore().isEmpty()) {
            session.keys()
                    .getKeysStream(realm)
                    .filter(k -> org.keycloak.crypto.KeyUse.ENC.equals(k.getUse()) && k.getPublicKey() != null)
                    .map(PartnerJwksResource::realmKey)
                    .filter(java.util.Objects::nonNull)
                    .forEach(published::add);
        }
        List<JWK> labelled = published.stream()
                .map(k -> withAlgorithm(k, alg.orElse(KeyManagementAlgorithm.NONE)))
                .flatMap(Optional::stream)
                .toList();
        List<JWK> all = new ArrayList<>(labelled);
        if (config.isKeystoreClientAssertion()) {
            signingKey(config).ifPresent(all::add);
        }
        Map<String, Object> body = new JWKSet(all).toJSONObject(true);
        return Response.ok(body).header("Cache-Control", "max-age=300").build();
    }

    private Optional<JWK> keystoreKey(PartnerOidcConfig config) {
        try {
            KeyStore store = keys.keyStore(
                    config.getDecryptionKeystore(),
                    config.getDecryptionKeystoreType(),
                    new PartnerSecrets(session).resolve(config.getDecryptionKeystorePassword()));
            Certificate cert = store.getCertificate(config.getDecryptionKeyLabel());
            if (!(cert instanceof X509Certificate x509)) {
                return Optional.empty();
            }
            JWK jwk = JWK.parse(x509);
            return Optional.of(publicEncryptionKey(jwk, config.getDecryptionKeyLabel()));
        } catch (KeyStoreException | JOSEException | RuntimeException e) {
            LOG.warnf(
                    "partner %s: decryption keystore cannot be published (%s)",
                    config.getAlias(), e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /** The public half of the private_key_jwt key, {@code use=sig}, with its algorithm. */
    private Optional<JWK> signingKey(PartnerOidcConfig config) {
        try {
            String password = new PartnerSecrets(session).resolve(config.getClientAssertionKeystorePassword());
            KeyStore store = keys.keyStore(
                    config.getClientAssertionKeystore(), config.getClientAssertionKeystoreType(), password);
            return Optional.of(keys.signingKey(
                            store, config.getClientAssertionKeyLabel(), password, config.getClientAssertionAlg())
                    .publicJwk());
        } catch (RuntimeException e) {
            LOG.warnf(
                    "partner %s: client assertion key cannot be published (%s)",
                    config.getAlias(), e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private static JWK realmKey(KeyWrapper key) {
        try {
            JWK jwk = switch (key.getType()) {
                case "RSA" ->
                    new com.nimbusds.jose.jwk.RSAKey.Builder((java.security.interfaces.RSAPublicKey) key.getPublicKey())
                            .build();
                case "EC" ->
                    new com.nimbusds.jose.jwk.ECKey.Builder(
                                    com.nimbusds.jose.jwk.Curve.forECParameterSpec(
                                            ((java.security.interfaces.ECPublicKey) key.getPublicKey()).getParams()),
                                    (java.security.interfaces.ECPublicKey) key.getPublicKey())
                            .build();
                default -> null;
            };
            return jwk == null ? null : publicEncryptionKey(jwk, key.getKid());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The key as the partner must see it: with {@code alg} set to the configured key-management
     * algorithm, since OPs such as Keycloak choose the client's encryption key by {@code alg} and
     * skip keys without one. A key of another type than the algorithm needs (an EC key under
     * {@code RSA-OAEP}) is left out: a token encrypted to it would be refused. Without encryption
     * configured, keys are published without {@code alg}.
     */
    static Optional<JWK> withAlgorithm(JWK jwk, KeyManagementAlgorithm alg) {
        if (alg.kind() == KeyManagementAlgorithm.Kind.NONE) {
            return Optional.of(jwk);
        }
        boolean fits = switch (alg.kind()) {
            case RSA -> jwk instanceof com.nimbusds.jose.jwk.RSAKey;
            case ECDH -> jwk instanceof com.nimbusds.jose.jwk.ECKey;
            default -> false; // dir and AES key wrap use the client secret: no public key to publish
        };
        if (!fits) {
            return Optional.empty();
        }
        Map<String, Object> json = jwk.toJSONObject();
        json.put("alg", alg.id());
        try {
            return Optional.of(JWK.parse(json));
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWK publicEncryptionKey(JWK jwk, String kid) {
        Map<String, Object> json = jwk.toPublicJWK().toJSONObject();
        json.put("use", KeyUse.ENCRYPTION.identifier());
        json.put("kid", kid);
        json.remove("x5c");
        json.remove("x5t#S256");
        json.remove("exp");
        json.remove("nbf");
        json.remove("iat");
        try {
            return JWK.parse(json);
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
