// Advanced configuration: optional parameters added to the authorization request sent to the
// partner. Reserved parameters (client_id, redirect_uri, state, nonce, response_type, ...)
// are refused by the engine's caller, whatever the rule sets.

// Ask for a fresh login at the partner when our client asked for one.
var prompt = request.parameters.prompt;
result.setParameter('max_age', prompt === 'login' ? 0 : 3600);

// Strong authentication for the admin client, the partner's default otherwise.
if (request.clientId === 'admin-portal') {
  result.setParameter('acr_values', 'urn:partner:acr:mfa');
} else {
  result.setParameter('acr_values', 'urn:partner:acr:password');
}

// Individual claims (OIDC Core 5.5): an object is sent as its JSON text.
result.setParameter('claims', {
  id_token: { email: { essential: true }, acr: { essential: true } },
  userinfo: { department: null, employee_number: null }
});

if (request.uiLocales && request.uiLocales.length > 0) {
  result.setParameter('ui_locales', request.uiLocales.join(' '));
}
var hint = request.parameters.login_hint;
if (hint) {
  result.setParameter('login_hint', hint);
}
