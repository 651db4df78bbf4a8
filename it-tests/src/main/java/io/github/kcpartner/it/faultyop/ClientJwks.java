package io.github.kcpartner.it.faultyop;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies JWTs a client signed (client assertions, request objects) with the signing keys of its
 * registered jwks_uri. The key set is fetched once per URI and cached; a kid not in the cached set
 * fetches it again once (the client rotated its keys).
 */
final class ClientJwks {

    /** The asymmetric algorithms a client may sign with; never HS* or none. */
    static final List<String> ALGS =
            List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");

    private static final Set<KeyType> SIGNING_KEY_TYPES = Set.of(KeyType.RSA, KeyType.EC);

    private static final class Client {
        static final HttpClient HTTP =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    private final Map<URI, JWKSet> cache = new ConcurrentHashMap<>();
    private final Observations observations;

    ClientJwks(Observations observations) {
        this.observations = observations;
    }

    /**
     * The claims of {@code jwt} once its signature verifies with a key of {@code client}'s jwks_uri.
     *
     * @throws Refused when it is not a signed JWT, its alg is not asymmetric, no key matches, or
     *     the signature is wrong
     */
    JWTClaimsSet verify(String jwt, RegisteredClient client) throws Refused {
        SignedJWT signed;
        try {
            signed = SignedJWT.parse(jwt);
        } catch (ParseException e) {
            throw new Refused("not a signed JWT");
        }
        JWSHeader header = signed.getHeader();
        if (!ALGS.contains(header.getAlgorithm().getName())) {
            throw new Refused("alg not allowed: " + header.getAlgorithm());
        }
        URI jwksUri = client.settings().rpJwksUri().orElseThrow(() -> new Refused("the client registered no jwks_uri"));
        JWSVerifier verifier = verifier(header, candidates(jwksUri, header));
        try {
            if (!signed.verify(verifier)) {
                throw new Refused("signature does not verify");
            }
            return signed.getJWTClaimsSet();
        } catch (JOSEException e) {
            throw new Refused("signature does not verify: " + e.getMessage());
        } catch (ParseException e) {
            throw new Refused("claims are not a JSON object");
        }
    }

    private List<JWK> candidates(URI jwksUri, JWSHeader header) throws Refused {
        JWKSet cached = cache.get(jwksUri);
        List<JWK> keys = cached == null ? List.of() : matching(cached, header);
        if (keys.isEmpty()) {
            JWKSet fresh = fetch(jwksUri);
            cache.put(jwksUri, fresh);
            keys = matching(fresh, header);
        }
        if (keys.isEmpty()) {
            throw new Refused("no signing key for kid " + header.getKeyID() + " at " + jwksUri);
        }
        return keys;
    }

    private static List<JWK> matching(JWKSet set, JWSHeader header) {
        KeyType kty = KeyType.forAlgorithm(header.getAlgorithm());
        return set.getKeys().stream()
                .filter(k -> SIGNING_KEY_TYPES.contains(k.getKeyType())
                        && k.getKeyType().equals(kty))
                .filter(k -> k.getKeyUse() == null || KeyUse.SIGNATURE.equals(k.getKeyUse()))
                .filter(k -> header.getKeyID() == null || header.getKeyID().equals(k.getKeyID()))
                .filter(k -> k.getAlgorithm() == null
                        || k.getAlgorithm()
                                .getName()
                                .equals(header.getAlgorithm().getName()))
                .toList();
    }

    /** A verifier for the first candidate key; with no kid in the header, at most one may match. */
    private static JWSVerifier verifier(JWSHeader header, List<JWK> keys) throws Refused {
        if (header.getKeyID() == null && keys.size() > 1) {
            throw new Refused("no kid and " + keys.size() + " candidate keys");
        }
        try {
            return new DefaultJWSVerifierFactory()
                    .createJWSVerifier(header, ((AsymmetricJWK) keys.get(0)).toPublicKey());
        } catch (JOSEException e) {
            throw new Refused("unusable key: " + e.getMessage());
        }
    }

    private JWKSet fetch(URI jwksUri) throws Refused {
        observations.clientJwksFetched();
        try {
            HttpResponse<String> response = Client.HTTP.send(
                    HttpRequest.newBuilder(jwksUri)
                            .timeout(Duration.ofSeconds(5))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new Refused("client jwks_uri " + jwksUri + " answered " + response.statusCode());
            }
            return JWKSet.parse(response.body());
        } catch (IOException | ParseException e) {
            throw new Refused("cannot fetch the client's keys from " + jwksUri + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused("interrupted fetching " + jwksUri);
        }
    }
}
