package io.github.kcpartner.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.RSADecrypter;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.List;

/**
 * RSA / EC private keys with their Nimbus decrypters built once. Selection: key family of
 * the algorithm; if the header names a {@code kid}, keys with that kid, else keys without a
 * kid; if the header names none, every key of the family.
 */
final class PrivateKeyDecryptionKeys implements DecryptionKeys {

    private record Entry(String kid, KeyManagementAlgorithm.Kind kind, JWEDecrypter decrypter) {}

    private final List<Entry> entries;

    PrivateKeyDecryptionKeys(List<DecryptionKey> keys) {
        List<Entry> list = new ArrayList<>();
        for (DecryptionKey k : keys) {
            if ("RSA".equals(k.key().getAlgorithm())) {
                list.add(new Entry(k.kid(), KeyManagementAlgorithm.Kind.RSA, new RSADecrypter(k.key())));
            } else if (k.key() instanceof ECPrivateKey ec) {
                try {
                    list.add(new Entry(k.kid(), KeyManagementAlgorithm.Kind.ECDH, new ECDHDecrypter(ec)));
                } catch (JOSEException e) {
                    throw new IllegalArgumentException("Unsupported EC curve for key " + k.kid(), e);
                }
            } else {
                throw new IllegalArgumentException(
                        "Unsupported private key type " + k.key().getAlgorithm());
            }
        }
        this.entries = List.copyOf(list);
    }

    @Override
    public List<JWEDecrypter> decryptersFor(JWEHeader header, KeyManagementAlgorithm alg, ContentEncryption enc)
            throws TokenValidationException {
        String kid = header.getKeyID();
        List<JWEDecrypter> byKid = new ArrayList<>(1);
        List<JWEDecrypter> withoutKid = new ArrayList<>(1);
        for (Entry e : entries) {
            if (e.kind() != alg.kind()) {
                continue;
            }
            if (e.kid() == null) {
                withoutKid.add(e.decrypter());
            } else if (kid == null || kid.equals(e.kid())) {
                byKid.add(e.decrypter());
            }
        }
        List<JWEDecrypter> selected = byKid.isEmpty() ? withoutKid : byKid;
        if (selected.isEmpty()) {
            throw new TokenValidationException(
                    TokenValidationException.UNKNOWN_KEY, "No decryption key matches alg " + alg.id() + " kid " + kid);
        }
        return selected;
    }
}
