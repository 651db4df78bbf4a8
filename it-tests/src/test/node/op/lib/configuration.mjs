// oidc-provider configuration of the test OP: every option the partner-oidc RP must handle.
import { X509Certificate, randomBytes } from 'node:crypto';

import { CLAIMS_BY_SCOPE, findAccount } from './accounts.mjs';
import { ACR_VALUES, loadAutoConsentedGrant } from './interactions.mjs';

export const SIGNING_ALGS = [
  'RS256', 'RS384', 'RS512',
  'PS256', 'PS384', 'PS512',
  'ES256', 'ES384', 'ES512',
  'Ed25519', 'EdDSA',
  'HS256', 'HS384', 'HS512', // keyed with the client secret
];

// oidc-provider 9 has no RSA1_5 and no "none" (unsigned) JWTs at all.
export const KEY_MANAGEMENT_ALGS = [
  'RSA-OAEP', 'RSA-OAEP-256', 'RSA-OAEP-384', 'RSA-OAEP-512',
  'ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW',
  'A128KW', 'A192KW', 'A256KW', 'A128GCMKW', 'A192GCMKW', 'A256GCMKW', // keyed with the client secret
  'dir', // keyed with the client secret
];

export const CONTENT_ENCRYPTION_ALGS = [
  'A128CBC-HS256', 'A192CBC-HS384', 'A256CBC-HS512', 'A128GCM', 'A192GCM', 'A256GCM',
];

export const RESPONSE_TYPES = [
  'code', 'id_token', 'id_token token', 'code id_token', 'code token', 'code id_token token', 'none',
];

/**
 * @param {{ jwks: object, prefix: string, conformIdTokenClaims: boolean,
 *           initialAccessToken: string|false, enableHttpPost: boolean, mtlsBase?: string }} options
 */
export function configuration({ jwks, prefix, conformIdTokenClaims, initialAccessToken, enableHttpPost, mtlsBase }) {
  return {
    // RFC 8705 section 5: where a client with a certificate sends its token, userinfo and PAR requests
    ...(mtlsBase ? {
      discovery: {
        claim_types_supported: ['normal'],
        mtls_endpoint_aliases: {
          token_endpoint: `${mtlsBase}/token`,
          userinfo_endpoint: `${mtlsBase}/me`,
          pushed_authorization_request_endpoint: `${mtlsBase}/request`,
        },
      },
    } : {}),
    jwks,
    findAccount,
    claims: CLAIMS_BY_SCOPE,
    scopes: ['openid', 'offline_access', ...Object.keys(CLAIMS_BY_SCOPE)],
    acrValues: ACR_VALUES,
    // false: scope-requested claims also go into ID tokens of code/hybrid flows, as most
    // enterprise OPs do. true: OIDC Core behaviour (only in userinfo unless response_type=id_token).
    conformIdTokenClaims,
    responseTypes: RESPONSE_TYPES,
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt',
      'tls_client_auth', 'none'],
    enabledJWA: {
      idTokenSigningAlgValues: SIGNING_ALGS,
      userinfoSigningAlgValues: SIGNING_ALGS,
      clientAuthSigningAlgValues: SIGNING_ALGS,
      requestObjectSigningAlgValues: SIGNING_ALGS,
      idTokenEncryptionAlgValues: KEY_MANAGEMENT_ALGS,
      idTokenEncryptionEncValues: CONTENT_ENCRYPTION_ALGS,
      userinfoEncryptionAlgValues: KEY_MANAGEMENT_ALGS,
      userinfoEncryptionEncValues: CONTENT_ENCRYPTION_ALGS,
      // request objects encrypted to the OP's own enc keys (asymmetric) or with the client secret
      requestObjectEncryptionAlgValues: KEY_MANAGEMENT_ALGS,
      requestObjectEncryptionEncValues: CONTENT_ENCRYPTION_ALGS,
    },
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true, initialAccessToken },
      registrationManagement: { enabled: true },
      encryption: { enabled: true },
      jwtUserinfo: { enabled: true },
      claimsParameter: { enabled: true },
      userinfo: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      // OpenID Connect Back-Channel Logout 1.0: clients registered with backchannel_logout_uri get a
      // logout token when the user's OP session ends
      backchannelLogout: { enabled: true },
      // RFC 9126 (on by default in oidc-provider 9; explicit here): the metadata names
      // pushed_authorization_request_endpoint (/request). Not required OP-wide; a client registered
      // with "require_pushed_authorization_requests": true must use it.
      pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: false },
      // signed request objects (RFC 9101): used only by clients that send them or register require_signed_request_object
      requestObjects: { enabled: true, requireSignedRequestObject: false },
      // RFC 9449: proofs are taken from any client; a client registered with
      // "dpop_bound_access_tokens": true must send them. Every proof must carry a nonce of ours, so
      // a relying party's first proof is answered with use_dpop_nonce and a DPoP-Nonce header.
      dPoP: { enabled: true, nonceSecret: randomBytes(32), requireNonce: () => true },
      // RFC 8705, on the HTTPS listener (--mtls-*): tls_client_auth and certificate-bound tokens.
      mTLS: {
        enabled: true,
        certificateBoundAccessTokens: true,
        tlsClientAuth: true,
        getCertificate,
        certificateAuthorized: (ctx) => ctx.socket?.authorized === true,
        certificateSubjectMatches,
      },
    },
    // PKCE: S256 only (oidc-provider 9); required for public clients, optional otherwise.
    pkce: { required: (ctx, client) => client.clientAuthMethod === 'none' },
    interactions: { url: async (ctx, interaction) => `${prefix}/interaction/${interaction.uid}` },
    loadExistingGrant: loadAutoConsentedGrant,
    clientBasedCORS: () => true,
    // oidc-provider refuses to fetch from loopback/private addresses (SSRF guard, via an undici
    // dispatcher it passes in). The RP under test publishes its jwks_uri on loopback or a
    // container network, so this test peer drops that guard.
    fetch: (url, { dispatcher, ...options }) => globalThis.fetch(url, options),
    // POST at the authorization (and logout) endpoint: oidc-provider allows it only with
    // SameSite=None session cookies, which browsers may drop over plain http. Opt-in.
    enableHttpPostMethods: enableHttpPost,
    cookies: {
      keys: [randomBytes(32).toString('base64url')],
      ...(enableHttpPost ? { long: { sameSite: 'none' } } : {}),
    },
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 120,
      IdToken: 3600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      RefreshToken: 86400,
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      const text = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
      ctx.body = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Partner OP - Error</title></head>
<body><h1>Partner OP error</h1><p id="op-error">${text(out.error)}</p>
<p id="op-error-description">${text(out.error_description)}</p></body></html>`;
    },
  };
}

/** The PEM of the TLS client certificate of the request, or undefined (plain HTTP, none sent). */
function getCertificate(ctx) {
  const peer = typeof ctx.socket?.getPeerCertificate === 'function' ? ctx.socket.getPeerCertificate() : undefined;
  if (!peer?.raw) {
    return undefined;
  }
  return new X509Certificate(peer.raw).toString();
}

/** tls_client_auth_subject_dn: every RDN of the registered DN ("CN=a,O=b") is in the certificate's subject. */
function certificateSubjectMatches(ctx, property, expected) {
  if (property !== 'tls_client_auth_subject_dn') {
    return false;
  }
  const subject = ctx.socket.getPeerCertificate()?.subject ?? {};
  return expected.split(',').every((rdn) => {
    const [name, ...rest] = rdn.split('=');
    return subject[name.trim()] === rest.join('=').trim();
  });
}
