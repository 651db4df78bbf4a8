package io.github.kcpartner.it.faultyop;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client's signing key (RSA, PS256) with its JWKS served on 127.0.0.1, counting fetches; signs
 * client assertions and request objects as a relying party would.
 */
final class TestClientKeys implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile RSAKey key = generate("k1");

    TestClientKeys() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/jwks", exchange -> {
            fetches.incrementAndGet();
            byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    URI jwksUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
    }

    int fetches() {
        return fetches.get();
    }

    /** A new key with a new kid replaces the published one. */
    void rotate(String kid) {
        key = generate(kid);
    }

    /** A client assertion for {@code clientId} to {@code audience}, valid for {@code validFor} seconds. */
    String assertion(String clientId, String audience, long validFor, String jti) {
        Instant now = Instant.now();
        return sign(
                key,
                null,
                new JWTClaimsSet.Builder()
                        .issuer(clientId)
                        .subject(clientId)
                        .audience(List.of(audience))
                        .jwtID(jti)
                        .issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plusSeconds(validFor)))
                        .build());
    }

    String assertion(String clientId, String audience) {
        return assertion(clientId, audience, 60, UUID.randomUUID().toString());
    }

    /** A request object from {@code clientId} to {@code audience}: its client_id, then {@code parameters}, as claims. */
    String requestObject(String clientId, String audience, Map<String, ?> parameters) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().claim("client_id", clientId);
        parameters.forEach(claims::claim);
        Instant now = Instant.now();
        claims.issuer(clientId)
                .audience(audience)
                .jwtID(UUID.randomUUID().toString())
                .expirationTime(Date.from(now.plusSeconds(60)));
        return sign(key, new JOSEObjectType("oauth-authz-req+jwt"), claims.build());
    }

    /** {@code jwt} signed again with a key of the same kid that the JWKS does not hold. */
    static String forged(String jwt) {
        try {
            SignedJWT original = SignedJWT.parse(jwt);
            RSAKey impostor = generate(original.getHeader().getKeyID());
            return sign(impostor, original.getHeader().getType(), original.getJWTClaimsSet());
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }

    private static String sign(RSAKey with, JOSEObjectType type, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.PS256)
                        .keyID(with.getKeyID())
                        .type(type)
                        .build(),
                claims);
        try {
            jwt.sign(new RSASSASigner(with));
        } catch (JOSEException e) {
            throw new AssertionError(e);
        }
        return jwt.serialize();
    }

    private static RSAKey generate(String kid) {
        try {
            return new RSAKeyGenerator(2048)
                    .keyID(kid)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.PS256)
                    .generate();
        } catch (JOSEException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
