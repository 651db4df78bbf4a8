package io.github.kcpartner.it.faultyop;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import com.nimbusds.openid.connect.sdk.claims.CodeHash;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Date;
import java.util.EnumSet;
import java.util.Set;

/**
 * The test's own ID token validation: lists every defect it finds, named by the {@link Fault}
 * that should have caused it, so a test can assert "exactly this one".
 */
final class IdTokenCheck {

    private final String issuer;
    private final RegisteredClient client;
    private final JWKSet jwks;

    IdTokenCheck(String issuer, RegisteredClient client, JWKSet jwks) {
        this.issuer = issuer;
        this.client = client;
        this.jwks = jwks;
    }

    /**
     * The defects of the (unencrypted) {@code idToken}; {@code nonce}, {@code accessToken} and
     * {@code code} are what the RP sent or received with it (null when not applicable).
     */
    Set<Fault> defects(String idToken, String nonce, String accessToken, String code) {
        Set<Fault> defects = EnumSet.noneOf(Fault.class);
        JWT jwt = parse(idToken);
        JWSAlgorithm registered = client.settings().idTokenAlg();
        JWSAlgorithm alg = jwt instanceof PlainJWT
                ? ClientSettings.NONE
                : ((SignedJWT) jwt).getHeader().getAlgorithm();
        if (!registered.equals(alg)) {
            defects.add(Fault.WRONG_ALG);
        } else if (jwt instanceof SignedJWT) {
            SignedJWT signed = (SignedJWT) jwt;
            String kid = signed.getHeader().getKeyID();
            boolean hmac = JWSAlgorithm.Family.HMAC_SHA.contains(alg);
            JWK key = hmac ? null : jwks.getKeyByKeyId(kid);
            if (!hmac && key == null) {
                defects.add(Fault.UNKNOWN_KID);
            } else if (!verifies(signed, key)) {
                defects.add(Fault.BAD_SIGNATURE);
            }
        }
        JWTClaimsSet claims = claims(jwt);
        if (!issuer.equals(claims.getIssuer())) {
            defects.add(Fault.WRONG_ISS);
        }
        if (!claims.getAudience().equals(java.util.List.of(client.clientId()))) {
            defects.add(Fault.WRONG_AUD);
        }
        if (claims.getExpirationTime() == null || claims.getExpirationTime().before(new Date())) {
            defects.add(Fault.EXPIRED);
        }
        Object sentNonce = claims.getClaim("nonce");
        if (nonce != null && sentNonce == null) {
            defects.add(Fault.MISSING_NONCE);
        } else if (nonce != null && !nonce.equals(sentNonce)) {
            defects.add(Fault.BAD_NONCE);
        }
        JWSAlgorithm hashAlg = ClientSettings.NONE.equals(alg) ? JWSAlgorithm.RS256 : alg;
        if (accessToken != null) {
            Object atHash = claims.getClaim("at_hash");
            if (atHash == null) {
                defects.add(Fault.MISSING_AT_HASH);
            } else if (!AccessTokenHash.compute(new BearerAccessToken(accessToken), hashAlg, null)
                    .getValue()
                    .equals(atHash)) {
                defects.add(Fault.BAD_AT_HASH);
            }
        }
        if (code != null) {
            Object cHash = claims.getClaim("c_hash");
            if (cHash == null) {
                defects.add(Fault.MISSING_C_HASH);
            } else if (!CodeHash.compute(new AuthorizationCode(code), hashAlg, null)
                    .getValue()
                    .equals(cHash)) {
                defects.add(Fault.BAD_C_HASH);
            }
        }
        if (!"partner-user-1".equals(claims.getSubject())
                || claims.getIssueTime() == null
                || claims.getClaim("auth_time") == null) {
            throw new AssertionError("sub, iat or auth_time wrong: " + claims);
        }
        return defects;
    }

    private boolean verifies(SignedJWT jwt, JWK key) {
        try {
            JWSVerifier verifier;
            if (key == null) {
                verifier = new MACVerifier(client.clientSecret().getBytes(StandardCharsets.UTF_8));
            } else if (key instanceof ECKey) {
                verifier = new ECDSAVerifier((ECKey) key);
            } else {
                verifier = new RSASSAVerifier((RSAKey) key);
            }
            return jwt.verify(verifier);
        } catch (JOSEException e) {
            throw new AssertionError(e);
        }
    }

    static JWT parse(String token) {
        try {
            return JWTParser.parse(token);
        } catch (ParseException e) {
            throw new AssertionError("not a JWT: " + token, e);
        }
    }

    static JWTClaimsSet claims(JWT jwt) {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }
}
