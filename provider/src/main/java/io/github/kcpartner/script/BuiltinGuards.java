package io.github.kcpartner.script;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.mozilla.javascript.Callable;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.LambdaFunction;
import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.SymbolKey;

/**
 * Bounds the built-ins whose work, done in Java, grows with an argument and so escapes the
 * instruction observer: {@code 'x'.repeat(1e9)}, {@code padStart}, and the array methods that walk
 * a huge (sparse) {@code length}. A call that would pass {@link #MAX_STRING} characters or walk more
 * than {@link #MAX_ARRAY} elements throws a {@code RangeError} instead. Then seals every standard
 * object, so that one evaluation cannot change what the next one sees.
 */
final class BuiltinGuards {

    /** The longest string a guarded built-in may produce. */
    static final long MAX_STRING = 1L << 20;
    /** The longest array (by {@code length}) a guarded built-in may walk. */
    static final long MAX_ARRAY = 1L << 20;

    private static final List<String> ARRAY_WALKERS = List.of("fill", "join", "toString", "toLocaleString",
            "indexOf", "lastIndexOf", "includes", "reverse", "sort", "copyWithin", "every", "some", "forEach", "map",
            "filter", "reduce", "reduceRight", "find", "findIndex", "findLast", "findLastIndex", "flat", "flatMap",
            "slice", "splice", "concat", "toReversed", "toSorted", "toSpliced", "with", "at");

    private static final List<SymbolKey> WELL_KNOWN = List.of(SymbolKey.ITERATOR, SymbolKey.TO_STRING_TAG,
            SymbolKey.SPECIES, SymbolKey.HAS_INSTANCE, SymbolKey.IS_CONCAT_SPREADABLE, SymbolKey.IS_REGEXP,
            SymbolKey.TO_PRIMITIVE, SymbolKey.MATCH, SymbolKey.MATCH_ALL, SymbolKey.REPLACE, SymbolKey.SEARCH,
            SymbolKey.SPLIT, SymbolKey.UNSCOPABLES);

    private BuiltinGuards() {
    }

    /** Installs the guards into {@code scope}'s standard objects, then seals them all. */
    static void install(Context cx, ScriptableObject scope) {
        Scriptable string = ScriptableObject.getClassPrototype(scope, "String");
        guard(scope, string, "repeat", args -> {
            double count = args.length > 0 ? ScriptRuntime.toNumber(args[0]) : 0;
            return count;
        }, true);
        guard(scope, string, "padStart", args -> args.length > 0 ? ScriptRuntime.toNumber(args[0]) : 0, false);
        guard(scope, string, "padEnd", args -> args.length > 0 ? ScriptRuntime.toNumber(args[0]) : 0, false);

        Scriptable array = ScriptableObject.getClassPrototype(scope, "Array");
        for (String name : ARRAY_WALKERS) {
            Object original = ScriptableObject.getProperty(array, name);
            if (original instanceof Callable callable) {
                ScriptableObject.putProperty(array, name, new LambdaFunction(scope, name, 1,
                        (c, s, thisObj, args) -> {
                            checkLength(thisObj, name);
                            return callable.call(c, s, thisObj, args);
                        }));
            }
        }
        Scriptable arrayCtor = (Scriptable) ScriptableObject.getProperty(scope, "Array");
        Object from = ScriptableObject.getProperty(arrayCtor, "from");
        if (from instanceof Callable callable) {
            ScriptableObject.putProperty(arrayCtor, "from", new LambdaFunction(scope, "from", 1, (c, s, thisObj, args) -> {
                if (args.length > 0 && args[0] instanceof Scriptable source) {
                    checkLength(source, "from");
                }
                return callable.call(c, s, thisObj, args);
            }));
        }
        sealAll(scope);
    }

    private interface Size {
        double of(Object[] args);
    }

    private static void guard(Scriptable scope, Scriptable prototype, String name, Size size, boolean timesThis) {
        Object original = ScriptableObject.getProperty(prototype, name);
        if (!(original instanceof Callable callable)) {
            return;
        }
        ScriptableObject.putProperty(prototype, name, new LambdaFunction(scope, name, 1, (c, s, thisObj, args) -> {
            double requested = size.of(args);
            if (timesThis) {
                requested *= ScriptRuntime.toCharSequence(thisObj).length();
            }
            if (requested > MAX_STRING) {
                throw ScriptRuntime.rangeError("String." + name + " would pass the rule limit of " + MAX_STRING
                        + " characters");
            }
            return callable.call(c, s, thisObj, args);
        }));
    }

    private static void checkLength(Object target, String name) {
        if (!(target instanceof Scriptable object)) {
            return;
        }
        Object length = ScriptableObject.getProperty(object, "length");
        if (length != Scriptable.NOT_FOUND && ScriptRuntime.toNumber(length) > MAX_ARRAY) {
            throw ScriptRuntime.rangeError("Array." + name + " over more than " + MAX_ARRAY
                    + " elements passes the rule limit");
        }
    }

    /**
     * Seals every object reachable from the standard globals (constructors, prototypes,
     * functions) and freezes those that no instance inherits from (JSON, Math, the constructors'
     * own functions...). Prototypes are sealed only: a read-only inherited property would stop a
     * rule's own objects from setting a property of that name (e.g. an error's {@code message}).
     */
    private static void sealAll(ScriptableObject scope) {
        Set<Scriptable> reached = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Scriptable> inherited = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Scriptable> order = new ArrayList<>();
        walk(scope, reached, inherited, order);
        for (Scriptable object : order) {
            if (object instanceof ScriptableObject so && !so.isSealed()) {
                if (inherited.contains(so)) {
                    lockInheritedValues(scope, so);
                } else {
                    freeze(so);
                }
                so.preventExtensions(); // sealing alone still lets Object.defineProperty add properties
                so.sealObject();
            }
        }
    }

    private static void walk(Scriptable object, Set<Scriptable> reached, Set<Scriptable> inherited, List<Scriptable> order) {
        if (object == null || !reached.add(object)) {
            return;
        }
        if (object instanceof ScriptableObject so) {
            for (Object id : so.getAllIds()) {
                try {
                    if ("prototype".equals(id) && so.get("prototype", so) instanceof Scriptable prototype) {
                        inherited.add(prototype);
                    }
                    children(so, id).forEach(child -> walk(child, reached, inherited, order));
                } catch (RuntimeException e) {
                    // a built-in accessor that refuses the prototype as receiver: no object to walk
                }
            }
            for (SymbolKey symbol : WELL_KNOWN) {
                if (so.has(symbol, so) && so.get(symbol, so) instanceof Scriptable child) {
                    walk(child, reached, inherited, order);
                }
            }
        }
        Scriptable prototype = object.getPrototype();
        if (prototype != null && !(object instanceof Callable)) {
            inherited.add(prototype); // a constructor's parent constructor (static functions) is still frozen
        }
        walk(prototype, reached, inherited, order);
        order.add(object);
    }

    /**
     * Makes every own property permanent and every data property read-only: Rhino's seal refuses
     * new and deleted properties but, on some built-ins (JSON's functions), not a changed value.
     */
    private static void freeze(ScriptableObject object) {
        for (Object id : object.getAllIds()) {
            try {
                if (id instanceof String name) {
                    boolean accessor = object.getGetterOrSetter(name, 0, false) instanceof Scriptable
                            || object.getGetterOrSetter(name, 0, true) instanceof Scriptable;
                    object.setAttributes(name, object.getAttributes(name) | ScriptableObject.PERMANENT
                            | (accessor ? 0 : ScriptableObject.READONLY));
                } else if (id instanceof Integer index) {
                    object.setAttributes(index, object.getAttributes(index) | ScriptableObject.PERMANENT
                            | ScriptableObject.READONLY);
                }
            } catch (RuntimeException e) {
                // a lazily made or host slot that takes no attributes: still sealed below
            }
        }
        for (SymbolKey symbol : WELL_KNOWN) {
            try {
                if (object.has(symbol, object)) {
                    object.setAttributes(symbol, object.getAttributes(symbol) | ScriptableObject.PERMANENT
                            | ScriptableObject.READONLY);
                }
            } catch (RuntimeException e) {
                // as above
            }
        }
    }

    /**
     * Rhino's seal keeps some prototypes' values writable (Error, Promise, typed arrays...). Each
     * such property becomes an accessor: reading gives the built-in value, and setting it on an
     * object that inherits it gives that object its own property (as an ordinary assignment
     * would), while setting it on the prototype itself has no effect. Values that the seal
     * already protects stay as they are.
     */
    private static void lockInheritedValues(ScriptableObject scope, ScriptableObject prototype) {
        Object sentinel = new Object();
        for (Object id : prototype.getAllIds()) {
            if (!(id instanceof String name) || prototype.getGetterOrSetter(name, 0, false) instanceof Scriptable
                    || prototype.getGetterOrSetter(name, 0, true) instanceof Scriptable) {
                continue;
            }
            try {
                Object value = prototype.get(name, prototype);
                int attributes = prototype.getAttributes(name);
                if ((attributes & ScriptableObject.READONLY) != 0 || !changesStick(prototype, name, value, sentinel)) {
                    continue;
                }
                prototype.delete(name);
                prototype.setGetterOrSetter(name, 0, new LambdaFunction(scope, "get " + name, 0,
                        (c, s, thisObj, args) -> value), false);
                prototype.setGetterOrSetter(name, 0, new LambdaFunction(scope, "set " + name, 1,
                        (c, s, thisObj, args) -> {
                            if (thisObj != prototype && thisObj instanceof ScriptableObject own) {
                                own.defineProperty(name, args.length > 0 ? args[0] : null, ScriptableObject.EMPTY);
                            }
                            return null;
                        }), true);
                prototype.setAttributes(name, (attributes & ScriptableObject.DONTENUM) | ScriptableObject.PERMANENT);
            } catch (RuntimeException e) {
                // a host slot that cannot be redefined: sealed below as it is
            }
        }
    }

    private static boolean changesStick(ScriptableObject prototype, String name, Object value, Object sentinel) {
        try {
            prototype.put(name, prototype, sentinel);
        } catch (RuntimeException e) {
            return false;
        }
        boolean stuck = prototype.get(name, prototype) == sentinel;
        if (stuck) {
            prototype.put(name, prototype, value);
        }
        return stuck;
    }

    /** A property's value, or its getter and setter: never runs an accessor. */
    private static List<Scriptable> children(ScriptableObject object, Object id) {
        List<Scriptable> found = new ArrayList<>(2);
        if (id instanceof String name) {
            Object getter = object.getGetterOrSetter(name, 0, false);
            Object setter = object.getGetterOrSetter(name, 0, true);
            if (getter instanceof Scriptable || setter instanceof Scriptable) {
                add(found, getter);
                add(found, setter);
                return found;
            }
            add(found, object.get(name, object));
        } else if (id instanceof Integer index) {
            add(found, object.get(index, object));
        }
        return found;
    }

    private static void add(List<Scriptable> found, Object value) {
        if (value instanceof Scriptable child) {
            found.add(child);
        }
    }
}
