#!/usr/bin/env node
// Test peer for the partner-oidc integration tests: a real OpenID Provider (oidc-provider 9).
//
//   node op.mjs [--port 0] [--host 127.0.0.1] [--issuer http://127.0.0.1:{port}]
//               [--conform-id-token-claims] [--initial-access-token TOKEN] [--enable-post]
//               [--exit-on-stdin-eof]
//               [--mtls-port 0 --mtls-cert chain.pem --mtls-key key.pem --mtls-client-ca ca.pem]
//
// Environment variables OP_PORT, OP_HOST, OP_ISSUER, OP_CONFORM_ID_TOKEN_CLAIMS=true,
// OP_INITIAL_ACCESS_TOKEN, OP_ENABLE_POST=true and OP_EXIT_ON_STDIN_EOF=true do the same. "{port}" in the issuer is
// replaced by the bound port (port 0 = any free port). Prints "OP_READY <issuer>" when listening.
//
// With --mtls-cert, --mtls-key and --mtls-client-ca, a second listener (HTTPS, --mtls-port) serves
// the same OP and asks for a client certificate issued by that CA (RFC 8705): the metadata names
// its token, userinfo and PAR URLs in mtls_endpoint_aliases, tls_client_auth is accepted there, and
// access tokens issued there are bound to the certificate. Prints "OP_MTLS <base URL>".
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { parseArgs } from 'node:util';

import Provider from 'oidc-provider';

import { configuration } from './lib/configuration.mjs';
import { interactionRoutes } from './lib/interactions.mjs';
import { generateEncryptionJwks, generateSigningJwks } from './lib/keys.mjs';
import { Recorder } from './lib/recorder.mjs';
import { testControlRoutes } from './lib/test_control.mjs';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.OP_PORT ?? '0' },
    host: { type: 'string', default: process.env.OP_HOST ?? '127.0.0.1' },
    issuer: { type: 'string', default: process.env.OP_ISSUER ?? 'http://127.0.0.1:{port}' },
    'conform-id-token-claims': { type: 'boolean', default: process.env.OP_CONFORM_ID_TOKEN_CLAIMS === 'true' },
    'initial-access-token': { type: 'string', default: process.env.OP_INITIAL_ACCESS_TOKEN },
    'enable-post': { type: 'boolean', default: process.env.OP_ENABLE_POST === 'true' },
    'exit-on-stdin-eof': { type: 'boolean', default: process.env.OP_EXIT_ON_STDIN_EOF === 'true' },
    'mtls-port': { type: 'string', default: '0' },
    'mtls-cert': { type: 'string' },
    'mtls-key': { type: 'string' },
    'mtls-client-ca': { type: 'string' },
  },
});

const server = http.createServer();
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(Number.parseInt(args.port, 10), args.host, resolve);
});
const { port } = server.address();
const issuer = args.issuer.replace('{port}', String(port)).replace(/\/$/, '');
const prefix = new URL(issuer).pathname.replace(/\/$/, '');

let mtlsServer;
let mtlsBase;
if (args['mtls-cert']) {
  mtlsServer = https.createServer({
    cert: readFileSync(args['mtls-cert']),
    key: readFileSync(args['mtls-key']),
    ca: readFileSync(args['mtls-client-ca']),
    requestCert: true,
    // a missing or foreign certificate is the OP's to refuse (invalid_client), not a TLS failure
    rejectUnauthorized: false,
  });
  await new Promise((resolve, reject) => {
    mtlsServer.once('error', reject);
    mtlsServer.listen(Number.parseInt(args['mtls-port'], 10), args.host, resolve);
  });
  mtlsBase = `https://${args.host}:${mtlsServer.address().port}${prefix}`;
}

const provider = new Provider(issuer, configuration({
  jwks: { keys: [...generateSigningJwks().keys, ...generateEncryptionJwks().keys] },
  prefix,
  conformIdTokenClaims: args['conform-id-token-claims'],
  initialAccessToken: args['initial-access-token'] || false,
  enableHttpPost: args['enable-post'],
  mtlsBase,
}));
allowPlainHttpForImplicitClients(provider);

const recorder = new Recorder();
provider.use(testControlRoutes(recorder));
provider.use(recorder.middleware());
recorder.listen(provider);
provider.use(interactionRoutes(provider, prefix));
logErrors(provider);

const callback = provider.callback();
const serve = (req, res) => {
  if (prefix) {
    if (req.url !== prefix && !req.url.startsWith(`${prefix}/`) && !req.url.startsWith(`${prefix}?`)) {
      res.writeHead(404).end();
      return;
    }
    req.originalUrl = req.url;
    req.url = req.url.slice(prefix.length) || '/';
  }
  callback(req, res);
};
server.on('request', serve);
mtlsServer?.on('request', serve);

console.log(`OP_LISTENING ${args.host}:${port}`);
if (mtlsBase) {
  console.log(`OP_MTLS ${mtlsBase}`);
}
console.log(`OP_READY ${issuer}`);

const stop = () => {
  mtlsServer?.close();
  server.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
if (args['exit-on-stdin-eof']) {
  // The Java launcher keeps our stdin open; when it dies, stdin closes and we go too.
  process.stdin.on('end', stop).on('close', stop).resume();
}

/** Errors (with their cause) go to the log, so a failing RP test can be explained from it. */
function logErrors(op) {
  const events = ['server_error', 'authorization.error', 'grant.error', 'userinfo.error', 'registration_create.error',
    'introspection.error', 'revocation.error', 'end_session.error', 'jwks.error', 'discovery.error'];
  for (const event of events) {
    op.on(event, (ctx, error) => {
      let cause = '';
      for (let c = error.cause; c; c = c.cause) {
        cause += ` (cause: ${c.code ? `${c.code} ` : ''}${c.message ?? c})`;
      }
      console.error(`OP ${event} ${ctx.method} ${ctx.path}: ${error.error ?? error.name}: ${error.error_description ?? error.message}${cause}`);
    });
  }
}

/**
 * oidc-provider refuses http and localhost redirect_uris for web clients of implicit/hybrid
 * flows (it names those checks 'implicit-force-https' and 'implicit-forbid-localhost' so a
 * deployment can relax them). A test peer on loopback without TLS must relax them.
 */
function allowPlainHttpForImplicitClients(op) {
  const { prototype } = op.Client.Schema;
  const invalidate = prototype.invalidate;
  prototype.invalidate = function relaxedInvalidate(message, code) {
    if (code === 'implicit-force-https' || code === 'implicit-forbid-localhost') {
      return;
    }
    invalidate.call(this, message, code);
  };
}
