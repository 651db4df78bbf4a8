package io.github.kcpartner.it.faultyop;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import com.nimbusds.openid.connect.sdk.claims.CodeHash;
import io.github.kcpartner.it.faultyop.Grants.Grant;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;

/** Builds ID tokens and userinfo answers: claims, then signature, then encryption, with the faults in force. */
final class TokenIssuer {

    static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final Duration EXPIRED_BY = Duration.ofHours(1);

    private final String issuer;
    private final FaultSwitches faults;
    private final TokenSigner signer;
    private final TokenEncrypter encrypter = new TokenEncrypter();

    TokenIssuer(String issuer, FaultSwitches faults, OpKeys keys) {
        this.issuer = issuer;
        this.faults = faults;
        this.signer = new TokenSigner(keys);
    }

    /**
     * An ID token for {@code grant}; {@code accessToken} and {@code code} (either may be null)
     * are the values issued alongside it, which get an {@code at_hash} / {@code c_hash}.
     */
    String idToken(RegisteredClient client, Grant grant, String accessToken, String code) {
        Set<Fault> active = faults.activeFor(client.clientId());
        ClientSettings settings = client.settings();
        JWSAlgorithm alg = TokenSigner.effectiveAlg(settings.idTokenAlg(), active);
        JWTClaimsSet.Builder claims = common(client, grant, active);
        Instant now = Instant.now();
        Instant exp = active.contains(Fault.EXPIRED) ? now.minus(EXPIRED_BY) : now.plus(LIFETIME);
        Instant iat = exp.minus(LIFETIME);
        Instant authTime = grant.authTime().isAfter(iat) ? iat : grant.authTime();
        if (active.contains(Fault.OLD_AUTH_TIME)) {
            authTime = iat.minus(java.time.Duration.ofHours(2));
        }
        claims.expirationTime(Date.from(exp)).issueTime(Date.from(iat));
        if (!active.contains(Fault.MISSING_AUTH_TIME)) {
            claims.claim("auth_time", authTime.getEpochSecond());
        }
        if (active.contains(Fault.WRONG_ACR)) {
            claims.claim("acr", "urn:faulty:weak");
        } else if (grant.acrValues() != null && !grant.acrValues().isBlank()) {
            claims.claim("acr", grant.acrValues().trim().split("\\s+")[0]);
        }
        if (grant.nonce() != null && !active.contains(Fault.MISSING_NONCE)) {
            claims.claim("nonce", active.contains(Fault.BAD_NONCE) ? grant.nonce() + "-not-yours" : grant.nonce());
        }
        JWSAlgorithm hashAlg = TokenSigner.isNone(alg) ? JWSAlgorithm.RS256 : alg;
        if (accessToken != null && !active.contains(Fault.MISSING_AT_HASH)) {
            String hashed = active.contains(Fault.BAD_AT_HASH) ? accessToken + "x" : accessToken;
            claims.claim(
                    "at_hash",
                    AccessTokenHash.compute(new BearerAccessToken(hashed), hashAlg, null)
                            .getValue());
        }
        if (code != null && !active.contains(Fault.MISSING_C_HASH)) {
            String hashed = active.contains(Fault.BAD_C_HASH) ? code + "x" : code;
            claims.claim(
                    "c_hash",
                    CodeHash.compute(new AuthorizationCode(hashed), hashAlg, null)
                            .getValue());
        }
        String jwt = signer.sign(claims.build(), settings.idTokenAlg(), client.clientSecret(), active);
        return settings.idTokenEncryption()
                .map(encryption -> encrypter.encryptNested(jwt, encryption, client))
                .orElse(jwt);
    }

    /** Whether the userinfo answer is a JWT (signed and/or encrypted) rather than plain JSON. */
    static boolean userinfoIsJwt(ClientSettings settings) {
        return settings.userinfoAlg().isPresent()
                || settings.userinfoEncryption().isPresent();
    }

    /** The userinfo claims; as a JWT they also carry iss and aud. */
    JWTClaimsSet userinfoClaims(RegisteredClient client, Grant grant) {
        Set<Fault> active = faults.activeFor(client.clientId());
        JWTClaimsSet.Builder claims = userClaims(client, grant);
        if (active.contains(Fault.USERINFO_SUB_MISMATCH)) {
            claims.subject(grant.user().sub() + "-someone-else");
        }
        if (client.settings().userinfoAlg().isPresent()) {
            claims.issuer(active.contains(Fault.WRONG_ISS) ? wrongIssuer() : issuer)
                    .audience(active.contains(Fault.WRONG_AUD) ? "another-client" : client.clientId())
                    .issueTime(new Date());
        }
        return claims.build();
    }

    /** The userinfo answer as a compact JWT: signed, encrypted, or signed then encrypted. */
    String userinfoJwt(RegisteredClient client, JWTClaimsSet claims) {
        ClientSettings settings = client.settings();
        Set<Fault> active = faults.activeFor(client.clientId());
        if (settings.userinfoAlg().isEmpty()) {
            return encrypter.encryptJson(
                    claims.toString(), settings.userinfoEncryption().orElseThrow(), client);
        }
        String jwt = signer.sign(claims, settings.userinfoAlg().get(), client.clientSecret(), active);
        return settings.userinfoEncryption()
                .map(encryption -> encrypter.encryptNested(jwt, encryption, client))
                .orElse(jwt);
    }

    String wrongIssuer() {
        return issuer + "/not-the-issuer";
    }

    private JWTClaimsSet.Builder common(RegisteredClient client, Grant grant, Set<Fault> active) {
        return userClaims(client, grant)
                .issuer(active.contains(Fault.WRONG_ISS) ? wrongIssuer() : issuer)
                .audience(active.contains(Fault.WRONG_AUD) ? "another-client" : client.clientId());
    }

    private static JWTClaimsSet.Builder userClaims(RegisteredClient client, Grant grant) {
        User user = grant.user();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(user.sub());
        putIfPresent(claims, "email", user.email());
        putIfPresent(claims, "given_name", user.givenName());
        putIfPresent(claims, "family_name", user.familyName());
        putIfPresent(claims, "preferred_username", user.preferredUsername());
        client.settings().extraClaims().forEach(claims::claim);
        return claims;
    }

    private static void putIfPresent(JWTClaimsSet.Builder claims, String name, String value) {
        if (value != null) {
            claims.claim(name, value);
        }
    }
}
