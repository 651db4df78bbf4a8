package io.github.kcpartner.script;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.mozilla.javascript.Callable;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.IdScriptableObject;
import org.mozilla.javascript.NativeObject;
import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.SymbolKey;

/**
 * The standard objects of one engine, made once, guarded ({@link BuiltinGuards}) and locked, and
 * shared by every evaluation: each evaluation runs in a fresh scope whose prototype is the shared
 * global object ({@link #newRunScope}), so its own globals ({@code var}, assignments, function
 * declarations, {@code globalThis.x}) live and die with that scope.
 *
 * <p>Locking, for every object reachable from the shared global (properties, accessors,
 * prototypes) and from the prototypes only instances reach (iterators, generators):
 * <ul>
 * <li>each writable data property becomes a permanent, read-only accessor: reading gives the
 * built-in value; assigning it on a rule's own object that inherits it gives that object its own
 * property (as an ordinary assignment would, so {@code err.name = 'X'} and
 * {@code Thing.prototype.toString = f} still work), assigning it on a shared object is a
 * {@code TypeError};</li>
 * <li>the other properties (symbol-keyed, indexed, already read-only) become permanent and
 * read-only;</li>
 * <li>the object is made non-extensible and sealed: no property can be added, deleted or
 * redefined ({@code Object.defineProperty} on a shared object is refused by the guard too, as
 * Rhino would let a descriptor replace a permanent accessor), and no prototype can be set.</li>
 * </ul>
 * Built-ins that change an internal slot of their receiver (the {@code Date}, {@code RegExp},
 * {@code Map}, {@code Set} and {@code Array} methods) refuse a shared receiver
 * (see {@link BuiltinGuards}). Immutable after construction, so evaluations on several threads read it
 * concurrently.
 */
final class SharedScope {

    private static final Logger LOG = Logger.getLogger(SharedScope.class);

    private static final List<SymbolKey> WELL_KNOWN = List.of(
            SymbolKey.ITERATOR,
            SymbolKey.TO_STRING_TAG,
            SymbolKey.SPECIES,
            SymbolKey.HAS_INSTANCE,
            SymbolKey.IS_CONCAT_SPREADABLE,
            SymbolKey.IS_REGEXP,
            SymbolKey.TO_PRIMITIVE,
            SymbolKey.MATCH,
            SymbolKey.MATCH_ALL,
            SymbolKey.REPLACE,
            SymbolKey.SEARCH,
            SymbolKey.SPLIT,
            SymbolKey.UNSCOPABLES);

    /** Objects that only instances lead to: found once, by making such instances. */
    private static final String HIDDEN = String.join(
            "\n",
            "(function () {",
            "  var found = [], get = Object.getPrototypeOf;",
            "  function add(make) { try { var o = make(); if (o !== null && o !== undefined) { found.push(o); } } catch (e) { } }",
            "  add(function () { return get([][Symbol.iterator]()); });",
            "  add(function () { return get(get([][Symbol.iterator]())); });",
            "  add(function () { return get(''[Symbol.iterator]()); });",
            "  add(function () { return get(new Map().entries()); });",
            "  add(function () { return get(new Set().values()); });",
            "  add(function () { return get('a'.matchAll(/a/g)); });",
            "  add(function () { return get(function* () { }); });",
            "  add(function () { return get(function* () { }()); });",
            "  add(function () { return get(get(function* () { }())); });",
            "  add(function () { return (function () { 'use strict'; return Object.getOwnPropertyDescriptor(arguments, 'callee').get; })(); });",
            "  add(function () { return get(Promise.resolve(1)); });",
            "  return found;",
            "})()");

    private final ScriptableObject global;
    private final Set<Scriptable> shared;
    private final Object stringGuard;

    private SharedScope(ScriptableObject global, Set<Scriptable> shared) {
        this.global = global;
        this.shared = shared;
        this.stringGuard = global.get(RuleRewriter.GUARD, global);
    }

    /** Makes, guards and locks the standard objects; {@code cx} must not be running a rule. */
    static SharedScope create(Context cx) {
        long start = System.nanoTime();
        Set<Scriptable> shared = Collections.newSetFromMap(new IdentityHashMap<>());
        ScriptableObject global = cx.initSafeStandardObjects(null, false);
        BuiltinGuards.install(cx, global, shared::contains);
        List<Scriptable> roots = new ArrayList<>();
        roots.add(global);
        if (cx.evaluateString(global, HIDDEN, "shared-scope", 1, null) instanceof Scriptable hidden) {
            long length = (long) ScriptRuntime.toNumber(ScriptableObject.getProperty(hidden, "length"));
            for (int i = 0; i < length; i++) {
                if (ScriptableObject.getProperty(hidden, i) instanceof Scriptable object) {
                    roots.add(object);
                }
            }
        }
        List<ScriptableObject> reached = reach(roots);
        for (ScriptableObject object : reached) {
            Map<SymbolKey, Object> symbols = symbols(object);
            accessorsFor(cx, global, object, shared);
            symbols.forEach((symbol, value) -> {
                if (!object.has(symbol, object)) {
                    // Rhino's id-based built-ins keep a method and its symbol alias (values and
                    // Symbol.iterator) in one entry: redefining the method loses the alias
                    object.put(symbol, object, value);
                }
            });
        }
        // the accessors hide their values from a second walk; it starts from every object of the
        // first and adds the accessors' own functions, which are shared objects too
        for (ScriptableObject object : reach(new ArrayList<>(reached))) {
            freeze(object);
            object.preventExtensions();
            object.sealObject();
            shared.add(object);
        }
        verify(shared);
        LOG.debugf(
                "Shared rule scope: %d objects locked in %d ms",
                shared.size(), (System.nanoTime() - start) / 1_000_000);
        return new SharedScope(global, Collections.unmodifiableSet(shared));
    }

    /**
     * A fresh global scope for one evaluation: the shared objects through its prototype, its own
     * {@code globalThis} and the string guard, nothing else. The guard is the scope's own
     * permanent read-only property, so that a rule cannot shadow the shared one
     * ({@code Object.defineProperty(globalThis, '__kcp' + 'Str', ...)}) and make {@code +}
     * unguarded.
     */
    ScriptableObject newRunScope() {
        NativeObject scope = new NativeObject();
        scope.setPrototype(global);
        scope.setParentScope(null);
        scope.defineProperty("globalThis", scope, ScriptableObject.DONTENUM);
        scope.defineProperty(
                RuleRewriter.GUARD,
                stringGuard,
                ScriptableObject.READONLY | ScriptableObject.PERMANENT | ScriptableObject.DONTENUM);
        return scope;
    }

    private static Map<SymbolKey, Object> symbols(ScriptableObject object) {
        Map<SymbolKey, Object> found = new HashMap<>();
        for (SymbolKey symbol : WELL_KNOWN) {
            if (object.has(symbol, object)) {
                found.put(symbol, object.get(symbol, object));
            }
        }
        return found;
    }

    /** Every object reachable from {@code roots}, without running an accessor. */
    private static List<ScriptableObject> reach(List<Scriptable> roots) {
        Set<Scriptable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<ScriptableObject> order = new ArrayList<>();
        Deque<Scriptable> next = new ArrayDeque<>(roots);
        while (!next.isEmpty()) {
            Scriptable object = next.pop();
            if (!seen.add(object)) {
                continue;
            }
            if (object instanceof ScriptableObject so) {
                order.add(so);
                for (Object id : so.getAllIds()) {
                    children(so, id, next);
                }
                for (SymbolKey symbol : WELL_KNOWN) {
                    if (so.has(symbol, so) && so.get(symbol, so) instanceof Scriptable child) {
                        next.push(child);
                    }
                }
            }
            if (object.getPrototype() != null) {
                next.push(object.getPrototype());
            }
        }
        return order;
    }

    private static void children(ScriptableObject object, Object id, Deque<Scriptable> next) {
        try {
            if (id instanceof String name) {
                Object getter = object.getGetterOrSetter(name, 0, false);
                Object setter = object.getGetterOrSetter(name, 0, true);
                if (getter instanceof Scriptable || setter instanceof Scriptable) {
                    push(next, getter);
                    push(next, setter);
                    return;
                }
                push(next, object.get(name, object));
            } else if (id instanceof Integer index) {
                push(next, object.get(index, object));
            }
        } catch (RuntimeException e) {
            // a built-in slot that refuses this receiver: nothing to walk
        }
    }

    private static void push(Deque<Scriptable> next, Object value) {
        if (value instanceof Scriptable object) {
            next.push(object);
        }
    }

    /**
     * Turns each writable, deletable data property of {@code object} into a read-only permanent
     * accessor (see the class comment).
     */
    private static void accessorsFor(Context cx, Scriptable scope, ScriptableObject object, Set<Scriptable> shared) {
        for (Object id : object.getAllIds()) {
            if (!(id instanceof String name)) {
                continue;
            }
            try {
                if (object.getGetterOrSetter(name, 0, false) instanceof Scriptable
                        || object.getGetterOrSetter(name, 0, true) instanceof Scriptable) {
                    continue;
                }
                int attributes = object.getAttributes(name);
                if ((attributes & (ScriptableObject.READONLY | ScriptableObject.PERMANENT)) != 0) {
                    continue; // frozen as it is
                }
                Object value = object.get(name, object);
                Callable getter = new GuardedFunction(cx, scope, "get " + name, 0, (c, s, thisObj, args) -> value);
                Callable setter = new GuardedFunction(cx, scope, "set " + name, 1, (c, s, thisObj, args) -> {
                    if (shared.contains(thisObj)) {
                        throw BuiltinGuards.readOnly("cannot set " + name);
                    }
                    if (thisObj instanceof ScriptableObject own && own.isExtensible()) {
                        own.defineProperty(name, args.length > 0 ? args[0] : null, ScriptableObject.EMPTY);
                    }
                    return null;
                });
                // a descriptor, not delete and define: Rhino's own built-ins keep their methods
                // outside the slots that delete and setAttributes reach
                ScriptableObject descriptor = new NativeObject();
                descriptor.defineProperty("get", getter, ScriptableObject.EMPTY);
                descriptor.defineProperty("set", setter, ScriptableObject.EMPTY);
                descriptor.defineProperty(
                        "enumerable", (attributes & ScriptableObject.DONTENUM) == 0, ScriptableObject.EMPTY);
                descriptor.defineProperty("configurable", Boolean.FALSE, ScriptableObject.EMPTY);
                object.defineOwnProperty(cx, name, descriptor);
            } catch (RuntimeException e) {
                LOG.debugf("Shared rule scope: %s left as it is (%s)", name, e.getMessage());
            }
        }
    }

    /**
     * Tries a direct assignment to every data property of every shared object: each must be
     * refused or have no effect. A built-in that Rhino lets change fails the engine's creation
     * instead of being shared writable.
     */
    private static void verify(Set<Scriptable> shared) {
        Object probe = new NativeObject();
        List<String> writable = new ArrayList<>();
        for (Scriptable object : shared) {
            if (!(object instanceof ScriptableObject so)) {
                continue;
            }
            for (Object id : so.getAllIds()) {
                if (id instanceof String name
                        && !isAccessor(so, name)
                        && changes(() -> so.get(name, so), value -> so.put(name, so, value), probe)) {
                    writable.add(so.getClassName() + "." + name);
                }
            }
            for (SymbolKey symbol : WELL_KNOWN) {
                if (so.has(symbol, so)
                        && changes(() -> so.get(symbol, so), value -> so.put(symbol, so, value), probe)) {
                    writable.add(so.getClassName() + "[" + symbol + "]");
                }
            }
        }
        if (!writable.isEmpty()) {
            throw new IllegalStateException("shared standard objects left writable: " + writable);
        }
    }

    /** Whether writing {@code probe} changes what is read; false when the read or the write throws. */
    private static boolean changes(Supplier<Object> read, Consumer<Object> write, Object probe) {
        try {
            Object before = read.get();
            write.accept(probe);
            return read.get() != before;
        } catch (RuntimeException refused) {
            return false;
        }
    }

    private static boolean isAccessor(ScriptableObject object, String name) {
        return object.getGetterOrSetter(name, 0, false) instanceof Scriptable
                || object.getGetterOrSetter(name, 0, true) instanceof Scriptable;
    }

    /** Makes every own property of {@code object} permanent and, for data properties, read-only. */
    private static void freeze(ScriptableObject object) {
        for (Object id : object.getAllIds()) {
            try {
                if (id instanceof String name) {
                    boolean accessor = object.getGetterOrSetter(name, 0, false) instanceof Scriptable
                            || object.getGetterOrSetter(name, 0, true) instanceof Scriptable;
                    object.setAttributes(
                            name,
                            object.getAttributes(name)
                                    | ScriptableObject.PERMANENT
                                    | (accessor ? 0 : ScriptableObject.READONLY));
                } else if (id instanceof Integer index) {
                    object.setAttributes(
                            index,
                            object.getAttributes(index) | ScriptableObject.PERMANENT | ScriptableObject.READONLY);
                }
            } catch (RuntimeException e) {
                // a host slot that takes no attributes: the seal still refuses changes
            }
        }
        for (SymbolKey symbol : WELL_KNOWN) {
            try {
                // on Rhino's id-based built-ins this would add an empty slot in front of the value;
                // their symbol properties are checked by verify()
                if (!(object instanceof IdScriptableObject) && object.has(symbol, object)) {
                    object.setAttributes(
                            symbol,
                            object.getAttributes(symbol) | ScriptableObject.PERMANENT | ScriptableObject.READONLY);
                }
            } catch (RuntimeException e) {
                // as above
            }
        }
    }
}
