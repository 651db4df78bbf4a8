package io.github.kcpartner.it.faultyop;

import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyType;
import io.github.kcpartner.it.faultyop.ClientSettings.Encryption;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Refuses, at registration, settings that could only fail later at a token request. */
final class ClientRules {

    private ClientRules() {}

    static void check(ClientSettings settings, String secret) {
        checkSigning("ID token", settings.idTokenAlg(), secret);
        settings.userinfoAlg().ifPresent(alg -> checkSigning("userinfo", alg, secret));
        checkEncryption("ID token", settings.idTokenEncryption(), settings);
        checkEncryption("userinfo", settings.userinfoEncryption(), settings);
    }

    private static void checkSigning(String what, JWSAlgorithm alg, String secret) {
        if (!DiscoveryEndpoint.SIGNING_ALGS.contains(alg.getName())) {
            throw new IllegalArgumentException(what + " alg not supported: " + alg);
        }
        if (JWSAlgorithm.Family.HMAC_SHA.contains(alg)) {
            int minBytes = Integer.parseInt(alg.getName().substring(2)) / 8;
            if (secret.getBytes(StandardCharsets.UTF_8).length < minBytes) {
                throw new IllegalArgumentException(alg + " needs a client secret of at least " + minBytes + " bytes");
            }
        }
    }

    private static void checkEncryption(String what, Optional<Encryption> encryption, ClientSettings settings) {
        if (encryption.isEmpty()) {
            return;
        }
        JWEAlgorithm alg = encryption.get().alg();
        if (!DiscoveryEndpoint.ENCRYPTION_ALGS.contains(alg.getName())
                || !DiscoveryEndpoint.ENCRYPTION_ENCS.contains(
                        encryption.get().enc().getName())) {
            throw new IllegalArgumentException(what + " encryption not supported: " + encryption.get());
        }
        if (JWEAlgorithm.Family.SYMMETRIC.contains(alg) || settings.rpJwksUri().isPresent()) {
            return;
        }
        KeyType needed = JWEAlgorithm.Family.RSA.contains(alg) ? KeyType.RSA : KeyType.EC;
        if (settings.rpEncryptionKey()
                .map(key -> !needed.equals(key.getKeyType()))
                .orElse(true)) {
            throw new IllegalArgumentException(
                    what + " encryption with " + alg + " needs the RP's " + needed + " key or its jwks_uri");
        }
    }
}
