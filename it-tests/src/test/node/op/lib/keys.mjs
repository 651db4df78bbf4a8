// Signing and encryption keys of the test OP, generated fresh at every start (nothing secret is checked in).
// One key per family; kids carry a random suffix so that an RP caching keys by kid across
// OP restarts notices the new keys.
import { generateKeyPairSync, randomBytes } from 'node:crypto';

const FAMILIES = [
  // [kid prefix, node key type, options]
  ['rsa', 'rsa', { modulusLength: 2048 }], // RS256/384/512, PS256/384/512
  ['ec-p256', 'ec', { namedCurve: 'P-256' }], // ES256
  ['ec-p384', 'ec', { namedCurve: 'P-384' }], // ES384
  ['ec-p521', 'ec', { namedCurve: 'P-521' }], // ES512
  ['ed25519', 'ed25519', {}], // Ed25519 / EdDSA
];

/** @returns {{ keys: object[] }} a private JWK Set for oidc-provider's `jwks` option */
export function generateSigningJwks() {
  const run = randomBytes(4).toString('hex');
  const keys = FAMILIES.map(([prefix, type, options]) => {
    const { privateKey } = generateKeyPairSync(type, options);
    return { ...privateKey.export({ format: 'jwk' }), kid: `${prefix}-${run}`, use: 'sig' };
  });
  return { keys };
}

/**
 * Encryption keys (use enc) the relying party encrypts request objects to (RFC 9101 section 6.1):
 * RSA for RSA-OAEP*, EC P-256 for ECDH-ES*.
 * @returns {{ keys: object[] }}
 */
export function generateEncryptionJwks() {
  const run = randomBytes(4).toString('hex');
  const keys = [['enc-rsa', 'rsa', { modulusLength: 2048 }], ['enc-ec-p256', 'ec', { namedCurve: 'P-256' }]]
    .map(([prefix, type, options]) => {
      const { privateKey } = generateKeyPairSync(type, options);
      return { ...privateKey.export({ format: 'jwk' }), kid: `${prefix}-${run}`, use: 'enc' };
    });
  return { keys };
}
