/**
 * JOSE and ID-token validation for the {@code partner-oidc} identity provider, free of
 * Keycloak types (Nimbus JOSE+JWT underneath).
 *
 * <p>Per partner configuration build once, reuse per request (all types are thread-safe):
 * <pre>{@code
 * SignatureAlgorithm alg = SignatureAlgorithmResolver.resolve(configured, usesMetadata, metadataAlgs);
 * VerificationKeys keys = VerificationKeys.remote(jwksUri, fetcher, Duration.ofSeconds(10), Duration.ofHours(1), clock);
 * JoseProfile jose = new JoseProfile(alg, keys, KeyManagementAlgorithm.RSA_OAEP, ContentEncryption.A256GCM,
 *         DecryptionKeys.privateKeys(realmEncryptionKeys));
 * IdTokenValidator validator = new IdTokenValidator(IdTokenPolicy.of(issuer, clientId, jose, skewSeconds));
 * JWTClaimsSet claims = validator.validate(idToken, IdTokenExpectations.tokenEndpoint(nonce, accessToken));
 * }</pre>
 * Failures are {@link io.github.kcpartner.jose.TokenValidationException}s with a reason code;
 * admin-time combination rules are {@link io.github.kcpartner.jose.JoseConfigRules#validate}.
 */
package io.github.kcpartner.jose;
