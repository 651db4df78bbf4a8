/**
 * The JavaScript rule engine shared by identity mapping, advanced configuration and the
 * JavaScript claim mapper. No Keycloak types: callers convert their models to plain maps.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * RuleEngine engine = new RuleEngine(
 *         new RuleRepository(RuleRepository.defaultDirectory(), RuleEngine.class.getClassLoader()),
 *         RuleLimits.defaults());                      // once per server; thread-safe
 * RuleResult result = engine.evaluate("identity-mapping", new RuleInput(idToken, userinfo, identity, request, jims));
 * Map<String, String> extra = AdvancedConfiguration.authorizationParameters("advanced-configuration",
 *         engine.evaluate("advanced-configuration", input).parameters());
 * }</pre>
 * A {@link io.github.kcpartner.script.RuleException} fails the login: put its
 * {@code getMessage()} (rule and line, never a Java stack) in the event's reason.
 *
 * <h2>Rules</h2>
 * Rules are {@code <name>.js} files deployed by the server operator, in the rules directory or
 * as {@code partner-rules/<name>.js} inside a jar in {@code providers/}; the admin console only
 * chooses a rule by name ({@link io.github.kcpartner.script.RuleRepository#names()}). See
 * {@code partner-rules/README.md} in this jar for the API given to rules.
 *
 * <h2>Sandbox and limits</h2>
 * Mozilla Rhino in interpreted mode: safe standard objects only (no {@code Packages},
 * {@code java}, {@code JavaImporter}, {@code load}, {@code print}), made and guarded once per
 * engine and locked so that no rule can change them ({@link io.github.kcpartner.script.SharedScope}),
 * each evaluation in a fresh global scope of its own on top of them; a {@code ClassShutter} that
 * refuses every Java class; no code compiled while a rule
 * runs; {@code +} and template literals guarded at compile time ({@link io.github.kcpartner.script.RuleRewriter});
 * built-ins guarded ({@link io.github.kcpartner.script.BuiltinGuards}); values copied in and out as
 * plain objects. The instruction observer and the guards stop a rule past its
 * {@link io.github.kcpartner.script.RuleLimits} time, instruction or allocation budget with an
 * {@link java.lang.Error} that JavaScript cannot catch; call depth is bounded.
 */
package io.github.kcpartner.script;
