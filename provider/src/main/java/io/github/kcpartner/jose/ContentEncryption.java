package io.github.kcpartner.jose;

import com.nimbusds.jose.EncryptionMethod;
import java.util.Optional;

/** JWE content-encryption ({@code enc}) algorithms of ISVA's table; {@link #NONE} is the default. */
public enum ContentEncryption {
    NONE(null),
    A128CBC_HS256(EncryptionMethod.A128CBC_HS256),
    A192CBC_HS384(EncryptionMethod.A192CBC_HS384),
    A256CBC_HS512(EncryptionMethod.A256CBC_HS512),
    A128GCM(EncryptionMethod.A128GCM),
    A192GCM(EncryptionMethod.A192GCM),
    A256GCM(EncryptionMethod.A256GCM);

    private final EncryptionMethod method;

    ContentEncryption(EncryptionMethod method) {
        this.method = method;
    }

    /** The JOSE {@code enc} value, e.g. {@code A256GCM} or {@code none}. */
    public String id() {
        return method == null ? "none" : method.getName();
    }

    /** Content-encryption key length in bits (the {@code dir} key length), 0 for none. */
    int cekBits() {
        return method == null ? 0 : method.cekBitLength();
    }

    /** The Nimbus method; {@code null} for {@link #NONE}. */
    EncryptionMethod method() {
        return method;
    }

    /** Parses an {@code enc} value exactly. */
    public static Optional<ContentEncryption> fromId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        for (ContentEncryption e : values()) {
            if (e.id().equals(id)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
