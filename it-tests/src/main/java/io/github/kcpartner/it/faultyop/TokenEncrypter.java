package io.github.kcpartner.it.faultyop;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEEncrypter;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.AESEncrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import io.github.kcpartner.it.faultyop.ClientSettings.Encryption;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;

/**
 * Encrypts to the RP: asymmetric key management to its public JWK (given, or fetched from its
 * jwks_uri on every use), symmetric key management with a key derived from the client secret.
 */
final class TokenEncrypter {

    /** Built on first use: a JDK HttpClient costs about a second to create cold (TLS setup). */
    private static final class Client {
        static final HttpClient HTTP =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A JWE whose payload is the compact JWT {@code jwt} (cty JWT). */
    String encryptNested(String jwt, Encryption encryption, RegisteredClient client) {
        return encrypt(new Payload(jwt), "JWT", encryption, client);
    }

    /** A JWE whose payload is the JSON claims themselves. */
    String encryptJson(String json, Encryption encryption, RegisteredClient client) {
        return encrypt(new Payload(json), null, encryption, client);
    }

    private String encrypt(Payload payload, String contentType, Encryption encryption, RegisteredClient client) {
        JWEAlgorithm alg = encryption.alg();
        JWEHeader.Builder header = new JWEHeader.Builder(alg, encryption.enc()).contentType(contentType);
        try {
            JWEEncrypter encrypter;
            if (JWEAlgorithm.Family.SYMMETRIC.contains(alg)) {
                int bits = JWEAlgorithm.DIR.equals(alg) ? encryption.enc().cekBitLength() : keyBits(alg);
                encrypter = JWEAlgorithm.DIR.equals(alg)
                        ? new DirectEncrypter(SecretDerivedKey.of(client.clientSecret(), bits))
                        : new AESEncrypter(SecretDerivedKey.of(client.clientSecret(), bits));
            } else {
                JWK key = rpKey(alg, client.settings());
                header.keyID(key.getKeyID());
                encrypter = key instanceof ECKey ? new ECDHEncrypter((ECKey) key) : new RSAEncrypter((RSAKey) key);
            }
            JWEObject jwe = new JWEObject(header.build(), payload);
            jwe.encrypt(encrypter);
            return jwe.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot encrypt with " + alg + " / " + encryption.enc(), e);
        }
    }

    /** The AES key-wrap key length of an A*KW / A*GCMKW alg. */
    static int keyBits(JWEAlgorithm alg) {
        String name = alg.getName();
        if (name.startsWith("A128")) {
            return 128;
        }
        if (name.startsWith("A192")) {
            return 192;
        }
        if (name.startsWith("A256")) {
            return 256;
        }
        throw new IllegalArgumentException("not a symmetric key-wrap alg: " + alg);
    }

    private JWK rpKey(JWEAlgorithm alg, ClientSettings settings) {
        KeyType kty = JWEAlgorithm.Family.RSA.contains(alg) ? KeyType.RSA : KeyType.EC;
        if (settings.rpEncryptionKey().isPresent()) {
            JWK key = settings.rpEncryptionKey().get();
            if (!kty.equals(key.getKeyType())) {
                throw new IllegalStateException(alg + " needs an " + kty + " key, the RP key is " + key.getKeyType());
            }
            return key;
        }
        URI jwksUri = settings.rpJwksUri()
                .orElseThrow(() -> new IllegalStateException(alg + " needs the RP's key or jwks_uri"));
        return fetch(jwksUri).getKeys().stream()
                .filter(k -> kty.equals(k.getKeyType()))
                .filter(k -> k.getKeyUse() == null || KeyUse.ENCRYPTION.equals(k.getKeyUse()))
                .filter(k -> k.getAlgorithm() == null || alg.equals(k.getAlgorithm()))
                .findFirst()
                .map(JWK::toPublicJWK)
                .orElseThrow(() -> new IllegalStateException("no " + kty + " encryption key at " + jwksUri));
    }

    private JWKSet fetch(URI jwksUri) {
        try {
            HttpResponse<String> response = Client.HTTP.send(
                    HttpRequest.newBuilder(jwksUri)
                            .timeout(Duration.ofSeconds(5))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("RP jwks_uri " + jwksUri + " answered " + response.statusCode());
            }
            return JWKSet.parse(response.body());
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("cannot fetch the RP's keys from " + jwksUri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted fetching " + jwksUri, e);
        }
    }
}
