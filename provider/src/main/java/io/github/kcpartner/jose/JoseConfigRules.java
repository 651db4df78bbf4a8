package io.github.kcpartner.jose;

import static io.github.kcpartner.jose.JoseSettings.blank;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.impl.MACProvider;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * ISVA's combination rules, checked at admin save time. Returns message keys (empty when
 * the configuration is consistent); the caller turns the first into a
 * {@code ComponentValidationException}.
 */
public final class JoseConfigRules {

    public static final String UNSUPPORTED_SIGNATURE_ALG = "partnerOidc.error.unsupportedSignatureAlg";
    public static final String UNSUPPORTED_KEY_MANAGEMENT_ALG = "partnerOidc.error.unsupportedKeyManagementAlg";
    public static final String UNSUPPORTED_CONTENT_ENCRYPTION = "partnerOidc.error.unsupportedContentEncryption";
    public static final String HS_NEEDS_SECRET = "partnerOidc.error.hsNeedsSecret";
    public static final String HS_SECRET_TOO_SHORT = "partnerOidc.error.hsSecretTooShort";
    public static final String CERTIFICATE_AND_JWKS = "partnerOidc.error.certificateXorJwks";
    public static final String SIGNING_CERTIFICATE_INCOMPLETE = "partnerOidc.error.signingCertificateIncomplete";
    public static final String SIGNATURE_NEEDS_KEY = "partnerOidc.error.signatureNeedsKey";
    public static final String CERTIFICATE_NOT_APPLICABLE = "partnerOidc.error.certificateNotApplicable";
    public static final String KEY_MANAGEMENT_NEEDS_CONTENT_ENCRYPTION =
            "partnerOidc.error.keyManagementNeedsContentEncryption";
    public static final String CONTENT_ENCRYPTION_NEEDS_KEY_MANAGEMENT =
            "partnerOidc.error.contentEncryptionNeedsKeyManagement";
    public static final String DECRYPTION_NEEDS_PRIVATE_KEY = "partnerOidc.error.decryptionNeedsPrivateKey";
    public static final String ENCRYPTION_NEEDS_SECRET = "partnerOidc.error.encryptionNeedsSecret";
    public static final String NONE_NEEDS_CODE_FLOW = "partnerOidc.error.noneNeedsCodeFlow";
    public static final String SCOPE_NEEDS_OPENID = "partnerOidc.error.scopeNeedsOpenid";

    private JoseConfigRules() {}

    /** Message keys of every violated rule, in a stable order. */
    public static List<String> validate(JoseSettings s) {
        List<String> errors = new ArrayList<>();
        Optional<SignatureAlgorithm> sig = blank(s.signatureAlg())
                ? Optional.of(SignatureAlgorithm.DEFAULT)
                : SignatureAlgorithm.fromId(s.signatureAlg().trim());
        Optional<KeyManagementAlgorithm> km = blank(s.keyManagementAlg())
                ? Optional.of(KeyManagementAlgorithm.NONE)
                : KeyManagementAlgorithm.fromId(s.keyManagementAlg().trim());
        Optional<ContentEncryption> enc = blank(s.contentEncryptionAlg())
                ? Optional.of(ContentEncryption.NONE)
                : ContentEncryption.fromId(s.contentEncryptionAlg().trim());
        sig.ifPresentOrElse(a -> signature(s, a, errors), () -> errors.add(UNSUPPORTED_SIGNATURE_ALG));
        if (km.isEmpty()) {
            errors.add(UNSUPPORTED_KEY_MANAGEMENT_ALG);
        }
        if (enc.isEmpty()) {
            errors.add(UNSUPPORTED_CONTENT_ENCRYPTION);
        }
        if (km.isPresent() && enc.isPresent()) {
            encryption(s, km.get(), enc.get(), errors);
        }
        if (!blank(s.scope()) && !scopes(s.scope()).contains("openid")) { // blank: the default, openid
            errors.add(SCOPE_NEEDS_OPENID);
        }
        return errors;
    }

    private static void signature(JoseSettings s, SignatureAlgorithm alg, List<String> errors) {
        boolean certificate = s.hasSigningCertificate();
        boolean jwks = s.hasJwks();
        if (certificate && jwks) {
            errors.add(CERTIFICATE_AND_JWKS);
        }
        if (certificate && !s.signingCertificateComplete()) {
            errors.add(SIGNING_CERTIFICATE_INCOMPLETE);
        }
        if (alg.isSymmetric()) {
            if (blank(s.clientSecret())) {
                errors.add(HS_NEEDS_SECRET);
            } else if (secretBits(s.clientSecret()) < minSecretBits(alg)) {
                errors.add(HS_SECRET_TOO_SHORT);
            }
        }
        if (alg.needsPublicKey() && !certificate && !jwks && !(s.useMetadata() && s.metadataHasJwks())) {
            errors.add(SIGNATURE_NEEDS_KEY);
        }
        if (!alg.needsPublicKey() && certificate) {
            errors.add(CERTIFICATE_NOT_APPLICABLE);
        }
        if (alg == SignatureAlgorithm.NONE && !scopes(s.responseType()).contains("code")) {
            errors.add(NONE_NEEDS_CODE_FLOW);
        }
    }

    private static void encryption(
            JoseSettings s, KeyManagementAlgorithm km, ContentEncryption enc, List<String> errors) {
        if (km != KeyManagementAlgorithm.NONE && enc == ContentEncryption.NONE) {
            errors.add(KEY_MANAGEMENT_NEEDS_CONTENT_ENCRYPTION);
        }
        if (enc != ContentEncryption.NONE && km == KeyManagementAlgorithm.NONE) {
            errors.add(CONTENT_ENCRYPTION_NEEDS_KEY_MANAGEMENT);
        }
        if (km.needsPrivateKey() && !s.hasDecryptionKey()) {
            errors.add(DECRYPTION_NEEDS_PRIVATE_KEY);
        }
        if (km.usesClientSecret() && blank(s.clientSecret())) {
            errors.add(ENCRYPTION_NEEDS_SECRET);
        }
    }

    private static List<String> scopes(String value) {
        return blank(value) ? List.of() : Arrays.asList(value.trim().split("[\\s,]+"));
    }

    private static int secretBits(String secret) {
        return secret.getBytes(StandardCharsets.UTF_8).length * 8;
    }

    private static int minSecretBits(SignatureAlgorithm alg) {
        try {
            return MACProvider.getMinRequiredSecretLength(alg.jws());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
