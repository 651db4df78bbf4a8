package io.github.kcpartner.script;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.mozilla.javascript.Callable;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.LambdaFunction;
import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.Undefined;

/**
 * Bounds the work a rule can make Java do inside built-ins, where the instruction observer does
 * not run. Installed once into the standard objects an engine shares between its evaluations
 * ({@link SharedScope}), before they are locked:
 * <ul>
 * <li>every function of {@code String}, {@code String.prototype}, {@code Array},
 * {@code Array.prototype}, {@code Object} and {@code JSON}, and {@code Function.prototype.apply},
 * checks the evaluation's time and memory budget before and after it runs
 * ({@link SandboxContextFactory#checkBudget}), refuses a receiver or argument longer than
 * {@link #MAX_STRING} characters or {@link #MAX_ARRAY} elements (a {@code RangeError}), and stops
 * the rule when its result passes those sizes; the other built-ins do bounded work on bounded
 * values and are covered by the instruction observer, which checks the same budget every
 * {@link RuleLimits#OBSERVER_THRESHOLD} instructions;</li>
 * <li>the built-ins whose output can grow faster than their input are sized before they run or
 * built here with a running bound: {@code repeat}, {@code padStart}/{@code padEnd},
 * {@code concat}, {@code replace}/{@code replaceAll}, {@code join}/{@code toString},
 * {@code flat}/{@code flatMap}, {@code JSON.stringify}, {@code apply};</li>
 * <li>{@code a + b} and template literals are bounded by {@link RuleRewriter}'s guard, defined
 * here;</li>
 * <li>typed arrays, {@code ArrayBuffer}, {@code DataView}, {@code BigInt}, {@code Reflect},
 * {@code eval} and {@code String.raw} are not given to rules.</li>
 * </ul>
 */
final class BuiltinGuards {

    /** The longest string a rule may make or hand to a built-in. */
    static final long MAX_STRING = 1L << 16;
    /** The longest array (by {@code length}) a built-in may walk or make. */
    static final long MAX_ARRAY = 1L << 16;

    private static final List<String> REMOVED = List.of(
            "ArrayBuffer",
            "DataView",
            "Int8Array",
            "Uint8Array",
            "Uint8ClampedArray",
            "Int16Array",
            "Uint16Array",
            "Int32Array",
            "Uint32Array",
            "Float32Array",
            "Float64Array",
            "BigInt64Array",
            "BigUint64Array",
            "BigInt",
            "eval",
            "Reflect");
    private static final List<String> STATIC_OWNERS = List.of("Object", "Array", "String", "JSON");
    private static final List<String> PROTOTYPE_OWNERS = List.of("String", "Array");
    /** Prototypes that are themselves instances with an internal state their methods change. */
    private static final List<String> STATEFUL_PROTOTYPES =
            List.of("Date", "RegExp", "Map", "Set", "WeakMap", "WeakSet");
    /** The functions of {@code Object} that define properties on their first argument. */
    private static final Set<String> DEFINERS = Set.of("defineProperty", "defineProperties");

    private static final Object JOINING = new Object();
    private static final UnaryOperator<Callable> APPLY = special("Function.prototype.apply");
    /** Per standard object, its methods: constants of the Rhino version, computed on first use. */
    private static final java.util.Map<String, List<Method>> METHODS = new java.util.concurrent.ConcurrentHashMap<>();

    private BuiltinGuards() {}

    /**
     * Installs the guards into {@code scope}'s standard objects, before {@link SharedScope} locks
     * them.
     *
     * @param shared whether an object is one of the shared standard objects (filled once they are
     *     locked): array methods, the stateful prototypes' methods and {@code Object.defineProperty}
     *     refuse it as their target
     */
    static void install(Context cx, ScriptableObject scope, Predicate<Object> shared) {
        for (String name : REMOVED) {
            scope.delete(name);
        }
        ScriptableObject.defineProperty(
                scope,
                RuleRewriter.GUARD,
                new GuardedFunction(cx, scope, RuleRewriter.GUARD, 1, (c, s, thisObj, args) -> {
                    Object value = args.length > 0 ? args[0] : Undefined.instance;
                    if (value instanceof CharSequence text && text.length() > MAX_STRING) {
                        throw SandboxContextFactory.sizeLimit("string longer than " + MAX_STRING + " characters");
                    }
                    return value;
                }),
                ScriptableObject.READONLY | ScriptableObject.PERMANENT | ScriptableObject.DONTENUM);
        for (String owner : STATIC_OWNERS) {
            if (ScriptableObject.getProperty(scope, owner) instanceof ScriptableObject object) {
                if ("String".equals(owner)) {
                    object.delete("raw");
                }
                guardFunctions(cx, scope, object, owner, false, shared);
            }
        }
        for (String owner : PROTOTYPE_OWNERS) {
            if (ScriptableObject.getClassPrototype(scope, owner) instanceof ScriptableObject prototype) {
                guardFunctions(cx, scope, prototype, owner + ".prototype", "Array".equals(owner), shared);
            }
        }
        for (String owner : STATEFUL_PROTOTYPES) {
            if (ScriptableObject.getClassPrototype(scope, owner) instanceof ScriptableObject prototype) {
                refuseSharedReceiver(cx, scope, prototype, owner + ".prototype", shared);
            }
        }
        if (ScriptableObject.getFunctionPrototype(scope) instanceof ScriptableObject functions
                && functions.get("apply", functions) instanceof Callable apply) {
            Callable bounded = APPLY.apply(apply);
            functions.put("apply", functions, new GuardedFunction(cx, scope, "apply", 2, (c, s, thisObj, args) -> {
                SandboxContextFactory.checkBudget(c);
                return bounded.call(c, s, thisObj, args);
            }));
        }
    }

    /** The error for a change of a shared standard object. */
    static RuntimeException readOnly(String what) {
        return ScriptRuntime.typeError("the standard objects are read-only in rules (" + what + ")");
    }

    private static void guardFunctions(
            Context cx,
            Scriptable scope,
            ScriptableObject owner,
            String ownerName,
            boolean arrayMethods,
            Predicate<Object> shared) {
        boolean definers = "Object".equals(ownerName);
        for (Method method : METHODS.computeIfAbsent(ownerName, n -> methods(owner, n))) {
            if (!(owner.get(method.name(), owner) instanceof Callable original)) {
                continue;
            }
            Callable body = method.special().apply(original);
            String name = method.name();
            boolean receiverMustBeOwn = arrayMethods;
            boolean targetMustBeOwn = definers && DEFINERS.contains(name);
            owner.put(name, owner, new GuardedFunction(cx, scope, name, method.arity(), (c, s, thisObj, args) -> {
                SandboxContextFactory.checkBudget(c);
                if ((receiverMustBeOwn && shared.test(thisObj))
                        || (targetMustBeOwn && args.length > 0 && shared.test(args[0]))) {
                    throw readOnly(ownerName + "." + name);
                }
                checkReceiver(thisObj, name, arrayMethods);
                checkArguments(args, name);
                Object result = body.call(c, s, thisObj, args);
                checkResult(result, name);
                SandboxContextFactory.checkBudget(c);
                return result;
            }));
        }
    }

    /** Wraps each method of a stateful prototype so that it refuses that (shared) prototype as its receiver. */
    private static void refuseSharedReceiver(
            Context cx, Scriptable scope, ScriptableObject owner, String ownerName, Predicate<Object> shared) {
        for (Method method : METHODS.computeIfAbsent(ownerName, n -> methods(owner, n))) {
            if (!(owner.get(method.name(), owner) instanceof Callable original)) {
                continue;
            }
            String name = method.name();
            owner.put(name, owner, new GuardedFunction(cx, scope, name, method.arity(), (c, s, thisObj, args) -> {
                if (shared.test(thisObj)) {
                    throw readOnly(ownerName + "." + name);
                }
                return original.call(c, s, thisObj, args);
            }));
        }
    }

    /** The function-valued data properties of a standard object: the same for every evaluation, so listed once. */
    private static List<Method> methods(ScriptableObject owner, String ownerName) {
        List<Method> found = new java.util.ArrayList<>();
        for (Object id : owner.getAllIds()) {
            if (!(id instanceof String name)
                    || "constructor".equals(name)
                    || owner.getGetterOrSetter(name, 0, false) instanceof Scriptable
                    || owner.getGetterOrSetter(name, 0, true) instanceof Scriptable) {
                continue;
            }
            if (owner.get(name, owner) instanceof Scriptable function && function instanceof Callable) {
                int arity = ScriptRuntime.toInt32(ScriptableObject.getProperty(function, "length"));
                found.add(new Method(name, arity, special(ownerName + "." + name)));
            }
        }
        return List.copyOf(found);
    }

    private record Method(String name, int arity, UnaryOperator<Callable> special) {}

    /**
     * The built-ins whose output can outgrow their input: sized before, or built here. Chosen once
     * per method name ({@link #methods}); applied to the shared built-in.
     */
    private static UnaryOperator<Callable> special(String qualifiedName) {
        switch (qualifiedName) {
            case "String.prototype.repeat":
                return original -> (c, s, thisObj, args) -> {
                    double count = args.length > 0 ? ScriptRuntime.toNumber(args[0]) : 0;
                    refuseString(count * stringLength(thisObj), "String.repeat");
                    return original.call(c, s, thisObj, args);
                };
            case "String.prototype.padStart":
            case "String.prototype.padEnd":
                return original -> (c, s, thisObj, args) -> {
                    refuseString(args.length > 0 ? ScriptRuntime.toNumber(args[0]) : 0, "String.padStart/padEnd");
                    return original.call(c, s, thisObj, args);
                };
            case "String.prototype.concat":
                return original -> (c, s, thisObj, args) -> {
                    Object[] strings = new Object[args.length];
                    double total = stringLength(thisObj);
                    for (int i = 0; i < args.length; i++) {
                        CharSequence text = ScriptRuntime.toCharSequence(args[i]);
                        strings[i] = text;
                        total += text.length();
                    }
                    refuseString(total, "String.concat");
                    return original.call(c, s, thisObj, strings);
                };
            case "String.prototype.replace":
            case "String.prototype.replaceAll":
                return original ->
                        (c, s, thisObj, args) -> original.call(c, s, thisObj, boundedReplacement(s, thisObj, args));
            case "Array.prototype.join":
                return original -> (c, s, thisObj, args) -> join(
                        c,
                        s,
                        thisObj,
                        args.length > 0 && !Undefined.isUndefined(args[0])
                                ? ScriptRuntime.toCharSequence(args[0])
                                : ",",
                        false);
            case "Array.prototype.toString":
                return original -> (c, s, thisObj, args) -> join(c, s, thisObj, ",", false);
            case "Array.prototype.toLocaleString":
                return original -> (c, s, thisObj, args) -> join(c, s, thisObj, ",", true);
            case "Array.prototype.concat":
                return original -> (c, s, thisObj, args) -> {
                    double total = ScriptRuntime.isArrayObject(thisObj) ? length(thisObj) : 1;
                    for (Object arg : args) {
                        total += arg instanceof Scriptable array && ScriptRuntime.isArrayObject(array)
                                ? length(array)
                                : 1;
                    }
                    refuseArray(total, "Array.concat");
                    return original.call(c, s, thisObj, args);
                };
            case "Array.prototype.flat":
                return original -> (c, s, thisObj, args) -> {
                    double depth =
                            args.length > 0 && !Undefined.isUndefined(args[0]) ? ScriptRuntime.toInteger(args[0]) : 1;
                    refuseArray(
                            flatCount(thisObj, depth, Collections.newSetFromMap(new IdentityHashMap<>())),
                            "Array.flat");
                    return original.call(c, s, thisObj, args);
                };
            case "Array.prototype.flatMap":
                return original -> (c, s, thisObj, args) -> original.call(c, s, thisObj, countingMapper(s, args));
            case "Array.from":
                return original -> (c, s, thisObj, args) -> {
                    if (args.length > 0 && args[0] instanceof Scriptable source && !(source instanceof Callable)) {
                        refuseArray(length(source), "Array.from");
                    }
                    return original.call(c, s, thisObj, args);
                };
            case "Function.prototype.apply":
                return original -> (c, s, thisObj, args) -> {
                    refuseArgumentList(args, 1);
                    return original.call(c, s, thisObj, args);
                };
            case "JSON.stringify":
                return original -> (c, s, thisObj, args) -> {
                    if (args.length > 1 && args[1] instanceof Callable) {
                        throw ScriptRuntime.typeError(
                                "JSON.stringify with a replacer function is not available in rules");
                    }
                    JsonSize.check(args.length > 0 ? args[0] : Undefined.instance, args.length > 2 ? args[2] : null);
                    return original.call(c, s, thisObj, args);
                };
            default:
                return UnaryOperator.identity();
        }
    }

    private static void checkReceiver(Object thisObj, String name, boolean arrayMethod) {
        if (thisObj instanceof Scriptable object && "String".equals(object.getClassName())) {
            refuseString(stringLength(object), "String." + name);
        } else if (arrayMethod && thisObj instanceof Scriptable object) {
            refuseArray(length(object), "Array." + name);
        }
    }

    private static void checkArguments(Object[] args, String name) {
        for (Object arg : args) {
            if (arg instanceof CharSequence text) {
                refuseString(text.length(), name);
            }
        }
    }

    private static void checkResult(Object result, String name) {
        if (result instanceof CharSequence text && text.length() > MAX_STRING) {
            throw SandboxContextFactory.sizeLimit(name + " made a string longer than " + MAX_STRING + " characters");
        }
        if (result instanceof Scriptable array && ScriptRuntime.isArrayObject(array) && length(array) > MAX_ARRAY) {
            throw SandboxContextFactory.sizeLimit(name + " made an array longer than " + MAX_ARRAY + " elements");
        }
    }

    private static void refuseString(double length, String what) {
        if (length > MAX_STRING) {
            throw ScriptRuntime.rangeError(what + " would pass the rule limit of " + MAX_STRING + " characters");
        }
    }

    private static void refuseArray(double length, String what) {
        if (length > MAX_ARRAY) {
            throw ScriptRuntime.rangeError(what + " over more than " + MAX_ARRAY + " elements passes the rule limit");
        }
    }

    private static void refuseArgumentList(Object[] args, int index) {
        if (args.length > index && args[index] instanceof Scriptable list) {
            refuseArray(length(list), "an argument list");
        }
    }

    private static double stringLength(Object value) {
        return value instanceof CharSequence text
                ? text.length()
                : ScriptRuntime.toCharSequence(value).length();
    }

    private static double length(Scriptable object) {
        Object length = ScriptableObject.getProperty(object, "length");
        return length == Scriptable.NOT_FOUND ? 0 : ScriptRuntime.toNumber(length);
    }

    /** {@code Array.prototype.join} with a running bound on the text and the budget checked as it goes. */
    private static Object join(Context cx, Scriptable scope, Object thisObj, CharSequence separator, boolean locale) {
        Scriptable array = ScriptRuntime.toObject(cx, scope, thisObj);
        @SuppressWarnings("unchecked")
        Set<Scriptable> joining = (Set<Scriptable>) cx.getThreadLocal(JOINING);
        if (joining == null) {
            joining = Collections.newSetFromMap(new IdentityHashMap<>());
            cx.putThreadLocal(JOINING, joining);
        }
        if (!joining.add(array)) {
            return ""; // a cycle: as Rhino's own join
        }
        try {
            long length = (long) length(array);
            StringBuilder text = new StringBuilder();
            for (long i = 0; i < length; i++) {
                if (i > 0) {
                    append(text, separator);
                }
                Object element = ScriptableObject.getProperty(array, (int) i);
                if (element == Scriptable.NOT_FOUND || element == null || Undefined.isUndefined(element)) {
                    continue;
                }
                if (locale) {
                    Scriptable object = ScriptRuntime.toObject(cx, array, element);
                    Object method = ScriptableObject.getProperty(object, "toLocaleString");
                    element = method instanceof Callable callable
                            ? callable.call(cx, array, object, ScriptRuntime.emptyArgs)
                            : element;
                }
                append(text, ScriptRuntime.toCharSequence(element));
                if ((i & 1023) == 1023) {
                    SandboxContextFactory.checkBudget(cx);
                }
            }
            return text.toString();
        } finally {
            joining.remove(array);
        }
    }

    private static void append(StringBuilder text, CharSequence piece) {
        if (text.length() + (long) piece.length() > MAX_STRING) {
            throw SandboxContextFactory.sizeLimit("Array.join made a string longer than " + MAX_STRING + " characters");
        }
        text.append(piece);
    }

    private static double flatCount(Object value, double depth, Set<Object> path) {
        if (!(value instanceof Scriptable array) || !ScriptRuntime.isArrayObject(array)) {
            return 1;
        }
        if (!path.add(array)) {
            throw ScriptRuntime.rangeError("Array.flat over a cyclic array");
        }
        double length = length(array);
        refuseArray(length, "Array.flat");
        double count = 0;
        for (int i = 0; i < length && count <= MAX_ARRAY; i++) {
            Object element = ScriptableObject.getProperty(array, i);
            count += depth >= 1 ? flatCount(element, depth - 1, path) : 1;
        }
        path.remove(array);
        return count;
    }

    /** {@code flatMap}'s callback, counting the elements its results add. */
    private static Object[] countingMapper(Scriptable scope, Object[] args) {
        if (args.length == 0 || !(args[0] instanceof Callable mapper)) {
            return args;
        }
        long[] count = {0};
        Object[] bounded = args.clone();
        bounded[0] = new LambdaFunction(scope, "mapper", 3, (c, s, thisObj, mapperArgs) -> {
            Object result = mapper.call(c, s, thisObj, mapperArgs);
            count[0] +=
                    result instanceof Scriptable array && ScriptRuntime.isArrayObject(array) ? (long) length(array) : 1;
            if (count[0] > MAX_ARRAY) {
                throw SandboxContextFactory.sizeLimit(
                        "Array.flatMap made an array longer than " + MAX_ARRAY + " elements");
            }
            return result;
        });
        return bounded;
    }

    /**
     * The arguments of {@code replace}/{@code replaceAll} with the replacement turned into a
     * function that counts what it adds: a callback's results, or the expansion of a replacement
     * string's {@code $} patterns ({@link Substitution}), which could otherwise multiply the text.
     */
    private static Object[] boundedReplacement(Scriptable scope, Object thisObj, Object[] args) {
        if (args.length < 2) {
            return args;
        }
        double subject = stringLength(thisObj);
        long[] added = {0}; // characters added by replacements minus those of the matches they replace
        Object replacement = args[1];
        Callable produce;
        if (replacement instanceof Callable callback) {
            produce = callback;
        } else {
            String template = ScriptRuntime.toCharSequence(replacement).toString();
            if (template.indexOf('$') < 0 && subject + (subject + 1) * template.length() <= MAX_STRING) {
                Object[] plain = args.clone();
                plain[1] = template;
                return plain;
            }
            produce = (c, s, thisArg, matchArgs) -> Substitution.expand(template, matchArgs, MAX_STRING);
        }
        Object[] bounded = args.clone();
        bounded[1] = new LambdaFunction(scope, "replacer", 1, (c, s, thisArg, matchArgs) -> {
            CharSequence piece = ScriptRuntime.toCharSequence(produce.call(c, s, thisArg, matchArgs));
            added[0] += piece.length()
                    - (matchArgs.length > 0
                            ? ScriptRuntime.toCharSequence(matchArgs[0]).length()
                            : 0);
            if (subject + added[0] > MAX_STRING) {
                throw SandboxContextFactory.sizeLimit(
                        "String.replace made a string longer than " + MAX_STRING + " characters");
            }
            return piece;
        });
        return bounded;
    }
}
