// Test-only endpoints under /_test: what the OP saw, and a reset between tests.
export function testControlRoutes(recorder) {
  const routes = {
    'GET /_test/requests': () => recorder.authorizationRequests,
    'GET /_test/token-requests': () => recorder.tokenRequests,
    'GET /_test/par-requests': () => recorder.parRequests,
    'GET /_test/last-token-request': () => recorder.tokenRequests.at(-1) ?? null,
    'GET /_test/userinfo-requests': () => recorder.userinfoRequests,
    'GET /_test/end-sessions': () => recorder.endSessions,
    'GET /_test/end-session-requests': () => recorder.endSessionRequests,
    'GET /_test/backchannel-logouts': () => recorder.backchannelLogouts,
    'POST /_test/reset': () => {
      recorder.reset();
      return { reset: true };
    },
  };
  return async (ctx, next) => {
    if (!ctx.path.startsWith('/_test/')) {
      return next();
    }
    const route = routes[`${ctx.method} ${ctx.path}`];
    if (!route) {
      ctx.throw(404);
    }
    ctx.set('cache-control', 'no-store');
    ctx.type = 'json';
    ctx.body = JSON.stringify(route());
    return undefined;
  };
}
