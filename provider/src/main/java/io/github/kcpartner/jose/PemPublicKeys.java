package io.github.kcpartner.jose;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** An RSA or EC public key pasted as PEM, or as the bare base64 of its SubjectPublicKeyInfo, as a public JWK. */
final class PemPublicKeys {

    private PemPublicKeys() {}

    static JWK parse(String text) {
        String base64 = text.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\\\n|\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Not a PEM certificate or public key");
        }
        PublicKey key = decode(der);
        if (key instanceof RSAPublicKey rsa) {
            return new RSAKey.Builder(rsa).build();
        }
        ECPublicKey ec = (ECPublicKey) key;
        Curve curve = Curve.forECParameterSpec(ec.getParams());
        if (curve == null) {
            throw new IllegalArgumentException("Unsupported EC curve of the public key");
        }
        return new ECKey.Builder(curve, ec).build();
    }

    private static PublicKey decode(byte[] der) {
        for (String type : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // not this key type: try the next
            }
        }
        throw new IllegalArgumentException("Not a PEM certificate or an RSA or EC public key");
    }
}
