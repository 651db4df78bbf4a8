// Remembers what the OP saw, so tests can assert on the RP's requests (max_age, acr_values,
// claims, client authentication method, ...). Secrets are never recorded, only their presence.
const REDACTED = ['client_secret', 'client_assertion', 'password', 'code'];

export class Recorder {
  authorizationRequests = [];

  // Pushed authorization requests (RFC 9126), and their parameters by the request_uri answered.
  parRequests = [];

  #pushed = new Map();

  tokenRequests = [];

  userinfoRequests = [];

  // Sessions the OP ended (end_session.success) and the back-channel logout tokens it delivered.
  endSessions = [];

  // RP-initiated logout requests (GET/POST /session/end): what the relying party sent.
  endSessionRequests = [];

  backchannelLogouts = [];

  reset() {
    this.endSessions.length = 0;
    this.endSessionRequests.length = 0;
    this.backchannelLogouts.length = 0;
    this.authorizationRequests.length = 0;
    this.parRequests.length = 0;
    this.#pushed.clear();
    this.tokenRequests.length = 0;
    this.userinfoRequests.length = 0;
  }

  /** Listens to the provider's logout events. */
  listen(provider) {
    provider.on('end_session.success', (ctx) => {
      this.endSessions.push({
        time: new Date().toISOString(),
        clientId: ctx.oidc?.client?.clientId ?? null,
      });
    });
    provider.on('backchannel.success', (ctx, client, accountId, sid) => {
      this.backchannelLogouts.push({ clientId: client.clientId, accountId, sid: sid ?? null, ok: true, error: null });
    });
    provider.on('backchannel.error', (ctx, error, client, accountId, sid) => {
      this.backchannelLogouts.push({
        clientId: client.clientId, accountId, sid: sid ?? null, ok: false, error: String(error?.message ?? error),
      });
    });
  }

  /** Koa middleware; must run outside of (before) oidc-provider's own routing. */
  middleware() {
    return async (ctx, next) => {
      try {
        await next();
      } finally {
        this.#record(ctx);
      }
    };
  }

  #record(ctx) {
    const route = ctx.oidc?.route;
    if (route === 'authorization') {
      const sent = { ...ctx.query, ...bodyOf(ctx) };
      const pushed = typeof sent.request_uri === 'string' ? this.#pushed.get(sent.request_uri) : undefined;
      this.authorizationRequests.push({
        time: new Date().toISOString(),
        method: ctx.method,
        // A request by reference to a pushed one: the pushed parameters (what the OP acted on),
        // then what the browser carried; `sent` keeps the latter alone.
        params: pushed ? { ...pushed, ...sent } : sent,
        pushed: pushed !== undefined,
        sent,
        status: ctx.status,
      });
    } else if (route === 'pushed_authorization_request') {
      const recorded = clientRequest(ctx);
      const requestUri = ctx.status === 201 && ctx.body && typeof ctx.body === 'object' ? ctx.body.request_uri : undefined;
      if (requestUri) {
        this.#pushed.set(requestUri, redactedParams(bodyOf(ctx)));
      }
      this.parRequests.push({ ...recorded, requestUri: requestUri ?? null });
    } else if (route === 'end_session') {
      const params = { ...ctx.query, ...bodyOf(ctx) };
      this.endSessionRequests.push({
        time: new Date().toISOString(),
        idTokenHint: typeof params.id_token_hint === 'string' && params.id_token_hint.length > 0,
        clientId: params.client_id ?? null,
        postLogoutRedirectUri: params.post_logout_redirect_uri ?? null,
        status: ctx.status,
      });
    } else if (route === 'token') {
      this.tokenRequests.push(tokenRequest(ctx));
    } else if (route === 'userinfo') {
      const authorization = ctx.get('authorization');
      this.userinfoRequests.push({
        time: new Date().toISOString(),
        method: ctx.method,
        tokenIn: authorization ? authorization.split(' ')[0] : (bodyOf(ctx).access_token ? 'body' : 'none'),
        dpopProof: ctx.get('dpop') !== '',
        clientCertificate: hasClientCertificate(ctx),
        error: errorOf(ctx),
        accept: ctx.get('accept') || null,
        status: ctx.status,
        responseContentType: ctx.response.get('content-type') || null,
      });
    }
  }
}

function bodyOf(ctx) {
  const body = ctx.oidc?.body;
  return body && typeof body === 'object' ? { ...body } : {};
}

function redactedParams(params) {
  const redacted = {};
  for (const [name, value] of Object.entries(params)) {
    redacted[name] = REDACTED.includes(name) ? '<present>' : value;
  }
  return redacted;
}

function tokenRequest(ctx) {
  return clientRequest(ctx);
}

/** A back-channel request with client authentication (token, PAR): who, how, what (secrets redacted). */
function clientRequest(ctx) {
  const params = bodyOf(ctx);
  const authorization = ctx.get('authorization');
  let clientAuth = 'none';
  let clientId = params.client_id ?? null;
  if (authorization.toLowerCase().startsWith('basic ')) {
    clientAuth = 'client_secret_basic';
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    clientId = decodeFormComponent(decoded.slice(0, Math.max(decoded.indexOf(':'), 0)));
  } else if (params.client_assertion) {
    clientAuth = 'client_assertion';
  } else if (params.client_secret !== undefined) {
    clientAuth = 'client_secret_post';
  }
  const recorded = {
    time: new Date().toISOString(),
    grantType: params.grant_type ?? null,
    clientId,
    clientAuth,
    clientAssertionType: params.client_assertion_type ?? null,
    // What oidc-provider authenticated the client with (registered method), when it got that far.
    authenticatedWith: ctx.oidc?.client?.clientAuthMethod ?? null,
    hasCodeVerifier: params.code_verifier !== undefined,
    // RFC 9449 / RFC 8705: whether a DPoP proof and a TLS client certificate came with it, and
    // what kind of token was answered
    dpopProof: ctx.get('dpop') !== '',
    clientCertificate: hasClientCertificate(ctx),
    tokenType: ctx.body && typeof ctx.body === 'object' ? (ctx.body.token_type ?? null) : null,
    error: errorOf(ctx),
    params: redactedParams(params),
    status: ctx.status,
  };
  return recorded;
}

function hasClientCertificate(ctx) {
  return typeof ctx.socket?.getPeerCertificate === 'function' && Boolean(ctx.socket.getPeerCertificate()?.raw);
}

/** The OAuth error answered (token endpoint: JSON body; userinfo: WWW-Authenticate), or null. */
function errorOf(ctx) {
  if (ctx.body && typeof ctx.body === 'object' && typeof ctx.body.error === 'string') {
    return ctx.body.error;
  }
  const challenge = ctx.response.get('www-authenticate');
  const match = challenge ? /error="([^"]+)"/.exec(challenge) : null;
  return match ? match[1] : null;
}

function decodeFormComponent(value) {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}
