package io.github.kcpartner.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.X509CertUtils;
import java.net.URI;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Where the keys that verify a partner's JWS signatures come from: the partner's JWK set
 * endpoint, a checked-in X.509 certificate, or the client secret (HS*). Implementations are
 * thread-safe and select keys by {@code kid}, key type, curve, {@code use} and {@code alg}.
 */
public interface VerificationKeys {

    /**
     * Verifiers for the keys that may have produced a signature with this header.
     *
     * @throws TokenValidationException {@code unknown_key} when no key matches
     */
    List<JWSVerifier> verifiersFor(JWSHeader header, SignatureAlgorithm alg) throws TokenValidationException;

    /** HS*: the UTF-8 octets of the client secret are the MAC key. */
    static VerificationKeys clientSecret(String clientSecret) {
        if (clientSecret == null || clientSecret.isEmpty()) {
            throw new IllegalArgumentException("HS* signature verification needs a client secret");
        }
        return new ClientSecretVerificationKey(ClientSecretKeys.macKey(clientSecret));
    }

    /**
     * A checked-in certificate (RS*, PS*, ES*). The admin chose this one key, so the token's
     * {@code kid} is not compared (Nimbus would make the serial number the kid) and the
     * certificate's key usage is not turned into a JWK {@code use}.
     */
    static VerificationKeys certificate(X509Certificate certificate) {
        try {
            JWK jwk = JWK.parse(certificate);
            Map<String, Object> json = new HashMap<>(jwk.toPublicJWK().toJSONObject());
            json.remove("kid");
            json.remove("use");
            json.remove("key_ops");
            return new StaticVerificationKeys(List.of(JWK.parse(json)));
        } catch (JOSEException | java.text.ParseException e) {
            throw new IllegalArgumentException("Unsupported certificate key type", e);
        }
    }

    /** A pasted PEM certificate. */
    static VerificationKeys pemCertificate(String pem) {
        X509Certificate cert = X509CertUtils.parse(pem);
        if (cert == null) {
            throw new IllegalArgumentException("Not a PEM-encoded X.509 certificate");
        }
        return certificate(cert);
    }

    /**
     * The "Validating public key" of Keycloak's own OIDC broker, so realm JSON written for it
     * carries over: a PEM X.509 certificate, or an RSA or EC public key as PEM
     * ({@code BEGIN PUBLIC KEY}) or as the bare base64 of its SubjectPublicKeyInfo, as Keycloak
     * stores it.
     *
     * @throws IllegalArgumentException when the text is none of these
     */
    static VerificationKeys pem(String pem) {
        if (pem.contains("BEGIN CERTIFICATE")) {
            return pemCertificate(pem);
        }
        return new StaticVerificationKeys(List.of(PemPublicKeys.parse(pem)));
    }

    /** The certificate stored under {@code alias} in a keystore (see {@link KeyStores}). */
    static VerificationKeys keyStoreCertificate(KeyStore keyStore, String alias) {
        try {
            Certificate cert = keyStore.getCertificate(alias);
            if (!(cert instanceof X509Certificate x509)) {
                throw new IllegalArgumentException("No X.509 certificate under alias " + alias);
            }
            return certificate(x509);
        } catch (KeyStoreException e) {
            throw new IllegalArgumentException("Keystore not loaded", e);
        }
    }

    /** A fixed set of public JWKs (symmetric keys in it are ignored). */
    static VerificationKeys jwkSet(JWKSet set) {
        return new StaticVerificationKeys(set.getKeys());
    }

    /**
     * The partner's JWK set endpoint, cached; an unknown {@code kid} triggers at most one
     * refetch per {@code minRefetchInterval}; the cached set is refreshed after {@code maxAge}.
     *
     * @param fetcher returns the JWK set document for the URI (e.g. via Keycloak's HTTP client);
     *                it may throw an unchecked exception on failure
     */
    static RemoteJwks remote(
            URI jwksUri, Function<URI, String> fetcher, Duration minRefetchInterval, Duration maxAge, Clock clock) {
        return new RemoteJwks(jwksUri, fetcher, minRefetchInterval, maxAge, clock);
    }
}
