package io.github.kcpartner.broker.partner;

import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEHeader;
import io.github.kcpartner.jose.ContentEncryption;
import io.github.kcpartner.jose.DecryptionKeys;
import io.github.kcpartner.jose.KeyManagementAlgorithm;
import io.github.kcpartner.jose.TokenValidationException;
import java.util.ArrayList;
import java.util.List;

/** Decryption keys from several sources in order: the keystore first, then the realm's keys. */
final class FirstMatchDecryptionKeys implements DecryptionKeys {

    private final List<DecryptionKeys> sources;

    FirstMatchDecryptionKeys(List<DecryptionKeys> sources) {
        this.sources = List.copyOf(sources);
    }

    @Override
    public List<JWEDecrypter> decryptersFor(JWEHeader header, KeyManagementAlgorithm alg, ContentEncryption enc)
            throws TokenValidationException {
        List<JWEDecrypter> all = new ArrayList<>();
        TokenValidationException last = null;
        for (DecryptionKeys source : sources) {
            try {
                all.addAll(source.decryptersFor(header, alg, enc));
            } catch (TokenValidationException e) {
                last = e;
            }
        }
        if (all.isEmpty() && last != null) {
            throw last;
        }
        return all;
    }
}
