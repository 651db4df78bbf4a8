package io.github.kcpartner.broker.partner;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.kcpartner.broker.login.PartnerLoginException;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Signed request objects (RFC 9101, OpenID Connect Core 6.1): every authorization parameter
 * becomes a claim of a JWT ({@code typ} {@code oauth-authz-req+jwt}, {@code iss} the client id,
 * {@code aud} the partner's issuer, {@code jti}, {@code iat}/{@code nbf} now, {@code exp} 60 s
 * later), signed with the JWT authentication keystore key or the realm's active signing key,
 * and with {@value #ENCRYPTED} encrypted to the partner's public encryption key.
 * The browser (or the pushed authorization request) carries {@code client_id}, {@code request}
 * and, for OpenID Connect, {@code response_type} and {@code scope} again.
 */
final class PartnerRequestObject {

    static final String OFF = "off";
    static final String SIGNED = "signed";
    /** Signed, then encrypted to the partner's encryption key (a nested JWT, {@code cty} JWT). */
    static final String ENCRYPTED = "encrypted";

    static final List<String> MODES = List.of(OFF, SIGNED, ENCRYPTED);

    /** Key management algorithms for encrypting to the partner's public key. */
    static final List<String> ENCRYPTION_ALGORITHMS =
            List.of("RSA-OAEP-256", "RSA-OAEP", "ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A192KW", "ECDH-ES+A256KW");

    static final List<String> ENCRYPTION_METHODS =
            List.of("A256GCM", "A192GCM", "A128GCM", "A256CBC-HS512", "A192CBC-HS384", "A128CBC-HS256");

    private static final Duration LIFETIME = Duration.ofSeconds(60);
    private static final JOSEObjectType TYPE = new JOSEObjectType("oauth-authz-req+jwt");

    /** A signing key: the private half, its kid, the algorithm. */
    record SigningKey(PrivateKey privateKey, String kid, JWSAlgorithm alg) {}

    private PartnerRequestObject() {}

    /** The JWT with every parameter of {@code params} as a claim (a JSON {@code claims} value as an object). */
    static String sign(SigningKey key, Map<String, String> params, String clientId, String issuer, Clock clock) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();
        params.forEach((name, value) -> claims.claim(name, claimValue(name, value)));
        Instant now = clock.instant();
        claims.issuer(clientId)
                .audience(issuer)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .claim("client_id", clientId);
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(key.alg()).type(TYPE).keyID(key.kid()).build(), claims.build());
        try {
            jwt.sign(
                    key.privateKey() instanceof ECPrivateKey ec
                            ? new ECDSASigner(ec)
                            : new RSASSASigner(key.privateKey()));
        } catch (JOSEException e) {
            throw new PartnerLoginException("request_object_failed", "the request object could not be signed", e);
        }
        return jwt.serialize();
    }

    /**
     * The signed request object encrypted to {@code partnerKeys}' encryption key for {@code alg}
     * (RFC 9101 section 6.1: a nested JWT, {@code cty} JWT, the key's {@code kid}).
     *
     * @throws PartnerLoginException {@code request_object_failed} when the partner publishes no
     *         such key
     */
    static String encrypt(String signed, com.nimbusds.jose.jwk.JWKSet partnerKeys, String alg, String enc) {
        com.nimbusds.jose.JWEAlgorithm algorithm = com.nimbusds.jose.JWEAlgorithm.parse(alg);
        com.nimbusds.jose.jwk.JWK key = encryptionKey(partnerKeys, algorithm);
        if (key == null) {
            throw new PartnerLoginException(
                    "request_object_failed",
                    "the partner's JWK set has no public encryption key for " + alg + " (use enc, or no use)",
                    null);
        }
        com.nimbusds.jose.JWEObject jwe = new com.nimbusds.jose.JWEObject(
                new com.nimbusds.jose.JWEHeader.Builder(algorithm, com.nimbusds.jose.EncryptionMethod.parse(enc))
                        .contentType("JWT")
                        .keyID(key.getKeyID())
                        .build(),
                new com.nimbusds.jose.Payload(signed));
        try {
            jwe.encrypt(
                    key instanceof com.nimbusds.jose.jwk.RSAKey rsa
                            ? new com.nimbusds.jose.crypto.RSAEncrypter(rsa)
                            : new com.nimbusds.jose.crypto.ECDHEncrypter((com.nimbusds.jose.jwk.ECKey) key));
        } catch (JOSEException e) {
            throw new PartnerLoginException("request_object_failed", "the request object could not be encrypted", e);
        }
        return jwe.serialize();
    }

    /**
     * The partner's key to encrypt to with {@code alg}: RSA for RSA-OAEP*, EC for ECDH-ES*; its
     * {@code use} enc or absent; its {@code alg}, when it names one, {@code alg}. One whose
     * {@code alg} matches comes first.
     */
    static com.nimbusds.jose.jwk.JWK encryptionKey(
            com.nimbusds.jose.jwk.JWKSet set, com.nimbusds.jose.JWEAlgorithm alg) {
        com.nimbusds.jose.jwk.KeyType type =
                alg.getName().startsWith("RSA") ? com.nimbusds.jose.jwk.KeyType.RSA : com.nimbusds.jose.jwk.KeyType.EC;
        com.nimbusds.jose.jwk.JWK fallback = null;
        for (com.nimbusds.jose.jwk.JWK key : set.getKeys()) {
            boolean usable = type.equals(key.getKeyType())
                    && (key.getKeyUse() == null || com.nimbusds.jose.jwk.KeyUse.ENCRYPTION.equals(key.getKeyUse()))
                    && (key.getAlgorithm() == null || alg.equals(key.getAlgorithm()));
            if (!usable) {
                continue;
            }
            if (alg.equals(key.getAlgorithm())) {
                return key;
            }
            if (fallback == null) {
                fallback = key;
            }
        }
        return fallback;
    }

    /** What travels beside the request object: client_id, request, and response_type and scope (OpenID Connect requires them). */
    static Map<String, String> outerParameters(Map<String, String> params, String clientId, String requestObject) {
        Map<String, String> outer = new LinkedHashMap<>();
        outer.put("client_id", clientId);
        for (String name : List.of("response_type", "scope")) {
            if (params.containsKey(name)) {
                outer.put(name, params.get(name));
            }
        }
        outer.put("request", requestObject);
        return outer;
    }

    /** The authorization URL with {@code params}, each encoded once. */
    static UriBuilder redirect(String authorizationUrl, Map<String, String> params) {
        StringBuilder url = new StringBuilder(authorizationUrl.trim());
        char sep = url.indexOf("?") >= 0 ? '&' : '?';
        for (Map.Entry<String, String> p : params.entrySet()) {
            url.append(sep)
                    .append(URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8)
                            .replace("+", "%20"));
            sep = '&';
        }
        return UriBuilder.fromUri(java.net.URI.create(url.toString()));
    }

    private static Object claimValue(String name, String value) {
        if ("claims".equals(name) && value.trim().startsWith("{")) {
            try {
                return com.nimbusds.jose.util.JSONObjectUtils.parse(value);
            } catch (java.text.ParseException e) {
                return value;
            }
        }
        if ("max_age".equals(name) && value.matches("\\d{1,9}")) {
            return Long.parseLong(value);
        }
        return value;
    }
}
