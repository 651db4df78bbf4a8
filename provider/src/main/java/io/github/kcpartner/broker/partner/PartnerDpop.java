package io.github.kcpartner.broker.partner;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.kcpartner.broker.login.PartnerLoginException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DPoP (RFC 9449): proofs of possession of a key of ours on the token and userinfo requests, so
 * that the partner binds its access token to that key. The key is generated in memory, one per
 * provider and algorithm on each node ({@link Keys}); it never leaves the node. The algorithm is
 * the first of ES256, PS256, RS256 that the partner lists in
 * {@code dpop_signing_alg_values_supported}. A partner that demands a nonce ({@code use_dpop_nonce}
 * with a {@code DPoP-Nonce} header) gets the request once more with it; the nonce of the last
 * answer is used for the next request of the same login.
 */
final class PartnerDpop {

    static final String OFF = "off";
    static final String ADVERTISED = "advertised";
    static final String REQUIRED = "required";
    static final List<String> MODES = List.of(OFF, ADVERTISED, REQUIRED);

    /** Event reasons. */
    static final String NOT_ADVERTISED = "dpop_not_advertised";

    static final String NOT_BOUND = "dpop_not_bound";
    static final String PROOF_FAILED = "dpop_proof_failed";

    static final String HEADER = "DPoP";
    static final String NONCE_HEADER = "DPoP-Nonce";
    static final String TOKEN_TYPE = "DPoP";

    private static final JOSEObjectType TYPE = new JOSEObjectType("dpop+jwt");
    private static final List<JWSAlgorithm> PREFERRED =
            List.of(JWSAlgorithm.ES256, JWSAlgorithm.PS256, JWSAlgorithm.RS256);

    private final JWK key;
    private final JWSAlgorithm alg;
    private final Clock clock;
    private String nonce;

    private PartnerDpop(JWK key, JWSAlgorithm alg, Clock clock) {
        this.key = key;
        this.alg = alg;
        this.clock = clock;
    }

    /**
     * The DPoP state of one login, or {@code null} when this login sends no proofs.
     *
     * @throws PartnerLoginException {@value #NOT_ADVERTISED} when DPoP is required and the partner's
     *         metadata lists none of the algorithms we sign proofs with
     */
    static PartnerDpop forLogin(String mode, PartnerEndpoints endpoints, Keys keys, String providerKey, Clock clock) {
        if (OFF.equals(mode) || mode == null || !MODES.contains(mode)) {
            return null;
        }
        JWSAlgorithm alg = algorithm(endpoints.dpopAlgs());
        if (alg == null) {
            if (REQUIRED.equals(mode)) {
                throw new PartnerLoginException(
                        NOT_ADVERTISED,
                        "DPoP is required, but the partner's metadata lists none of ES256, PS256, RS256 in"
                                + " dpop_signing_alg_values_supported");
            }
            return null;
        }
        return new PartnerDpop(keys.key(providerKey, alg), alg, clock);
    }

    /**
     * Save time: {@value #REQUIRED} against a metadata document that lists no algorithm we prove
     * with is refused.
     *
     * @return the problem's message key, or {@code null}
     */
    static String checkAtSave(PartnerOidcConfig config, java.util.function.UnaryOperator<String> fetch) {
        if (!REQUIRED.equals(config.getDpopMode())) {
            return null;
        }
        PartnerMetadata metadata = PartnerMetadata.readForSave(config, fetch);
        return metadata != null && algorithm(metadata.dpopAlgs()) == null
                ? PartnerOidcConfigRules.DPOP_NOT_ADVERTISED
                : null;
    }

    /** The first of ES256, PS256, RS256 in the partner's list, or {@code null}. */
    static JWSAlgorithm algorithm(List<String> advertised) {
        for (JWSAlgorithm a : PREFERRED) {
            if (advertised.contains(a.getName())) {
                return a;
            }
        }
        return null;
    }

    /** The proof for a request without an access token (token request). */
    String proof(String method, String url) {
        return proof(method, url, null);
    }

    /**
     * A fresh proof: {@code jti}, {@code htm}, {@code htu} (the URL without query and fragment),
     * {@code iat}, the partner's last nonce, and {@code ath} (the SHA-256 of the access token) when
     * one is presented.
     */
    String proof(String method, String url, String accessToken) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .jwtID(UUID.randomUUID().toString())
                .claim("htm", method)
                .claim("htu", htu(url))
                .issueTime(Date.from(clock.instant()));
        if (nonce != null) {
            claims.claim("nonce", nonce);
        }
        if (accessToken != null) {
            claims.claim("ath", ath(accessToken));
        }
        JWSHeader header =
                new JWSHeader.Builder(alg).type(TYPE).jwk(key.toPublicJWK()).build();
        SignedJWT jwt = new SignedJWT(header, claims.build());
        try {
            jwt.sign(signer(key));
        } catch (JOSEException e) {
            throw new PartnerLoginException(PROOF_FAILED, "the DPoP proof cannot be signed", null);
        }
        return jwt.serialize();
    }

    /**
     * Keeps the nonce the partner handed out with {@code answer}.
     *
     * @return whether the answer refuses the request for want of that nonce (then send it once more)
     */
    boolean learnNonce(PartnerHttp.Answer answer) {
        String offered = answer.dpopNonce();
        if (offered == null || offered.isBlank()) {
            return false;
        }
        boolean challenged = !offered.equals(nonce) && asksForNonce(answer);
        nonce = offered;
        return challenged;
    }

    /** RFC 9449 section 8 (token endpoint, a JSON error) and 9 (resource, WWW-Authenticate). */
    static boolean asksForNonce(PartnerHttp.Answer answer) {
        if (answer.status() == 400 && answer.body() != null && answer.body().contains("use_dpop_nonce")) {
            return true;
        }
        return answer.status() == 401
                && answer.wwwAuthenticate() != null
                && answer.wwwAuthenticate().contains("use_dpop_nonce");
    }

    /**
     * Sends a request (built afresh for each try, with a fresh proof) and, when the partner asks
     * for a nonce, once more with it.
     *
     * @param accessToken the access token the request presents, or {@code null}
     */
    PartnerHttp.Answer send(String method, String url, String accessToken, RequestSender sender) {
        PartnerHttp.Answer answer = sender.send(proof(method, url, accessToken));
        if (learnNonce(answer)) {
            answer = sender.send(proof(method, url, accessToken));
            learnNonce(answer);
        }
        return answer;
    }

    /** One try of a DPoP request: given its proof, the partner's answer. */
    @FunctionalInterface
    interface RequestSender {
        PartnerHttp.Answer send(String proof);
    }

    JWSAlgorithm alg() {
        return alg;
    }

    /** The RFC 7638 thumbprint of our public key (what a bound token's {@code cnf.jkt} names). */
    String thumbprint() {
        try {
            return key.computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The URL without query and fragment. A URL that is no URI (the partner's metadata is not
     * ours) stays as it is: the request itself then fails with its own reason.
     */
    static String htu(String url) {
        try {
            URI u = new URI(url);
            return new URI(u.getScheme(), u.getAuthority(), u.getPath(), null, null).toString();
        } catch (java.net.URISyntaxException e) {
            return url;
        }
    }

    static String ath(String accessToken) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            return Base64URL.encode(hash).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWSSigner signer(JWK key) throws JOSEException {
        return key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
    }

    /** The in-memory proof keys of this node, by provider (realm and alias) and algorithm. */
    static final class Keys {

        private final Map<String, JWK> keys = new ConcurrentHashMap<>();

        JWK key(String providerKey, JWSAlgorithm alg) {
            return keys.computeIfAbsent(providerKey + " " + alg.getName(), k -> generate(alg));
        }

        /** Forgets the keys of a provider (saved or removed): its next login proves a new key. */
        void forget(String providerKey) {
            keys.keySet().removeIf(k -> k.startsWith(providerKey + " "));
        }

        private static JWK generate(JWSAlgorithm alg) {
            try {
                return JWSAlgorithm.ES256.equals(alg)
                        ? new ECKeyGenerator(Curve.P_256).generate()
                        : new RSAKeyGenerator(2048).generate();
            } catch (JOSEException e) {
                throw new IllegalStateException("cannot generate a DPoP key", e);
            }
        }
    }
}
