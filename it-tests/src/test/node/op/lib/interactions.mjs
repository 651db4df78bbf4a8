// The OP's own end-user pages: a login form (stable element ids for Selenium) and automatic
// consent. Mounted as Koa middleware in front of oidc-provider's routes.
import { authenticate } from './accounts.mjs';

export const ACR_VALUES = ['urn:partner:loa:1', 'urn:partner:loa:2'];
const DEFAULT_ACR = ACR_VALUES[0];
const FORM_LIMIT = 16 * 1024;

/**
 * @param provider the oidc-provider instance
 * @param prefix the issuer's path ('' or e.g. '/partner'), needed for browser-facing URLs
 */
export function interactionRoutes(provider, prefix) {
  return async (ctx, next) => {
    const match = /^\/interaction\/([^/]+)(\/login|\/abort)?$/.exec(ctx.path);
    if (!match) {
      return next();
    }
    const [, uid, action] = match;
    ctx.set('cache-control', 'no-store');
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (details.uid !== uid) {
      ctx.throw(400, 'interaction mismatch');
    }
    if (!action && ctx.method === 'GET') {
      if (details.prompt.name === 'login') {
        ctx.type = 'html';
        ctx.body = loginPage(prefix, details, details.params.login_hint ?? '', undefined);
        return undefined;
      }
      // Consent is never asked: grant what was requested and go on.
      return finish(ctx, provider, { consent: { grantId: await grantAll(provider, details) } });
    }
    if (ctx.method !== 'POST') {
      ctx.throw(405);
    }
    if (action === '/abort') {
      return finish(ctx, provider, { error: 'access_denied', error_description: 'End-User aborted interaction' });
    }
    const form = await readForm(ctx);
    const accountId = authenticate(form.get('login') ?? '', form.get('password') ?? '');
    if (!accountId) {
      ctx.type = 'html';
      ctx.body = loginPage(prefix, details, form.get('login') ?? '', 'Invalid login or password.');
      return undefined;
    }
    return finish(ctx, provider, {
      login: { accountId, acr: chooseAcr(details.params.acr_values), amr: ['pwd'], remember: false },
    });
  };
}

async function finish(ctx, provider, result) {
  const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
  ctx.status = 303;
  ctx.redirect(returnTo);
}

/** Grant every requested scope and claim (used only if a consent prompt still comes up). */
async function grantAll(provider, details) {
  const { accountId } = details.session;
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId, clientId: details.params.client_id });
  const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = details.prompt.details;
  if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
  if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  return grant.save();
}

/** oidc-provider `loadExistingGrant`: every request is consented to, so no consent prompt. */
export async function loadAutoConsentedGrant(ctx) {
  const { oidc } = ctx;
  const grantId = oidc.result?.consent?.grantId || oidc.session.grantIdFor(oidc.client.clientId);
  let grant = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
  if (!grant || grant.accountId !== oidc.account.accountId) {
    grant = new oidc.provider.Grant({ accountId: oidc.account.accountId, clientId: oidc.client.clientId });
  }
  grant.addOIDCScope([...oidc.requestParamOIDCScopes].join(' '));
  grant.addOIDCClaims([...oidc.requestParamClaims]);
  await grant.save();
  return grant;
}

function chooseAcr(acrValues) {
  const requested = (acrValues ?? '').split(' ').filter(Boolean);
  return requested.find((acr) => ACR_VALUES.includes(acr)) ?? DEFAULT_ACR;
}

async function readForm(ctx) {
  if (!ctx.is('application/x-www-form-urlencoded')) {
    ctx.throw(415, 'expected a form');
  }
  let body = '';
  for await (const chunk of ctx.req) {
    body += chunk;
    if (body.length > FORM_LIMIT) {
      ctx.throw(413);
    }
  }
  return new URLSearchParams(body);
}

function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function loginPage(prefix, details, login, error) {
  const action = `${prefix}/interaction/${details.uid}`;
  const { client_id: clientId, scope = '' } = details.params;
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Partner OP - Sign in</title></head>
<body>
  <h1 id="op-title">Partner OP sign-in</h1>
  <p id="op-client">Client: <code>${escapeHtml(clientId)}</code>, scope: <code id="op-scope">${escapeHtml(scope)}</code></p>
  ${error ? `<p id="login-error" role="alert">${escapeHtml(error)}</p>` : ''}
  <form id="login-form" method="post" action="${escapeHtml(action)}/login" autocomplete="off">
    <label for="login">Login</label>
    <input id="login" name="login" type="text" value="${escapeHtml(login)}" required autofocus>
    <label for="password">Password</label>
    <input id="password" name="password" type="password" required>
    <button id="submit" type="submit">Sign in</button>
  </form>
  <form id="abort-form" method="post" action="${escapeHtml(action)}/abort">
    <button id="cancel" type="submit">Cancel</button>
  </form>
</body>
</html>`;
}
