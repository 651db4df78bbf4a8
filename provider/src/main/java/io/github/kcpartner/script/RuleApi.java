package io.github.kcpartner.script;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.mozilla.javascript.Callable;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;

/**
 * The globals one evaluation gives its rule ({@code claims}, {@code identity}, {@code request},
 * {@code jims}, {@code result}) and what the rule set through {@code result}. One instance per
 * evaluation; not shared between threads.
 */
final class RuleApi {

    private static final Logger LOG = Logger.getLogger(RuleApi.class);

    private String username;
    private final Map<String, List<String>> attributes = new LinkedHashMap<>();
    private final Set<String> groups = new LinkedHashSet<>();
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private final Map<String, Object> claims = new LinkedHashMap<>();

    /** Defines the API's globals in {@code scope}, a fresh scope for this evaluation. */
    void install(Context cx, Scriptable scope, RuleInput input) {
        Scriptable claimsObject = cx.newObject(scope);
        ScriptableObject.putProperty(claimsObject, "idToken", JsValues.toJs(cx, scope, input.idTokenClaims()));
        ScriptableObject.putProperty(claimsObject, "userinfo", JsValues.toJs(cx, scope, input.userinfoClaims()));
        define(scope, "claims", claimsObject);
        define(scope, "identity", JsValues.toJs(cx, scope, withDefaults(input.identity(), "attributes")));
        define(scope, "request", JsValues.toJs(cx, scope, withDefaults(input.request(), "parameters")));

        Scriptable jims = cx.newObject(scope);
        function(cx, scope, jims, "userAt", 1, (c, s, thisObj, args) -> userAt(c, s, input.jims(), args));
        define(scope, "jims", jims);

        Scriptable result = cx.newObject(scope);
        function(cx, scope, result, "setUsername", 1, (c, s, thisObj, args) -> {
            username = JsValues.string(args, 0, "username");
            return null;
        });
        function(cx, scope, result, "setAttribute", 2, (c, s, thisObj, args) -> {
            attributes.put(JsValues.string(args, 0, "attribute name"), JsValues.toStrings(arg(args, 1)));
            return null;
        });
        function(cx, scope, result, "addGroup", 1, (c, s, thisObj, args) -> {
            groups.add(JsValues.string(args, 0, "group name"));
            return null;
        });
        function(cx, scope, result, "setParameter", 2, (c, s, thisObj, args) -> {
            parameters.put(JsValues.string(args, 0, "parameter name"), JsValues.toParameter(c, s, arg(args, 1)));
            return null;
        });
        function(cx, scope, result, "setClaim", 2, (c, s, thisObj, args) -> {
            claims.put(JsValues.string(args, 0, "claim name"), JsValues.toJava(arg(args, 1)));
            return null;
        });
        define(scope, "result", result);
    }

    RuleResult result() {
        return new RuleResult(username, attributes, new ArrayList<>(groups), parameters, claims);
    }

    private static Object userAt(Context cx, Scriptable scope, JimsLookup lookup, Object[] args) {
        String ip = JsValues.string(args, 0, "ip");
        Map<String, Object> user;
        SandboxContextFactory.checkBudget(cx);
        try {
            user = lookup.userAt(ip, java.time.Duration.ofMillis(SandboxContextFactory.millisLeft(cx)));
        } catch (RuntimeException e) {
            LOG.debugf(e, "JIMS lookup for %s failed", ip);
            SandboxContextFactory.checkBudget(cx);
            throw ScriptRuntime.constructError("Error", "JIMS lookup failed");
        }
        SandboxContextFactory.checkBudget(cx); // the lookup's time counts against the rule's limit
        return user == null ? null : JsValues.toJs(cx, scope, user);
    }

    private static Map<String, Object> withDefaults(Map<String, Object> map, String objectKey) {
        if (map.get(objectKey) != null) {
            return map;
        }
        Map<String, Object> copy = new LinkedHashMap<>(map);
        copy.put(objectKey, Map.of());
        return copy;
    }

    private static Object arg(Object[] args, int index) {
        return index < args.length ? args[index] : null;
    }

    private static void define(Scriptable scope, String name, Object value) {
        ScriptableObject.defineProperty(scope, name, value, ScriptableObject.READONLY | ScriptableObject.PERMANENT);
    }

    private static void function(
            Context cx, Scriptable scope, Scriptable target, String name, int arity, Callable body) {
        ScriptableObject.putProperty(target, name, new GuardedFunction(cx, scope, name, arity, body));
    }
}
