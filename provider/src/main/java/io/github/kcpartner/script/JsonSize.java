package io.github.kcpartner.script;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.mozilla.javascript.Callable;
import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.Symbol;
import org.mozilla.javascript.Undefined;

/**
 * Sizes the text {@code JSON.stringify} would make before it runs, so that a value that shares
 * one big string or array many times over cannot make the built-in build a huge text. Counts
 * generously (every escape at its longest, the indentation at every level) and refuses past
 * {@link BuiltinGuards#MAX_STRING} characters or nodes, and a {@code toJSON} method of the rule's
 * own (whose result it cannot see).
 */
final class JsonSize {

    private final long limit = BuiltinGuards.MAX_STRING;
    private final int gap;
    private final Set<Scriptable> path = Collections.newSetFromMap(new IdentityHashMap<>());
    private long size;
    private long nodes;

    private JsonSize(int gap) {
        this.gap = gap;
    }

    /** Refuses (a {@code RangeError} or {@code TypeError}) a value whose JSON text could pass the limit. */
    static void check(Object value, Object space) {
        int gap = 0;
        if (space instanceof Number || space instanceof CharSequence) {
            gap = space instanceof Number n
                    ? (int) Math.max(0, Math.min(10, n.doubleValue()))
                    : Math.min(10, ((CharSequence) space).length());
        }
        new JsonSize(gap).add(value, 0);
    }

    private void add(Object value, int depth) {
        if (++nodes > limit) {
            throw tooBig();
        }
        if (value == null) {
            grow(4);
        } else if (value instanceof CharSequence text) {
            grow(quoted(text));
        } else if (value instanceof Number || value instanceof Boolean) {
            grow(24);
        } else if (value instanceof Scriptable object && !(value instanceof Callable) && !(value instanceof Symbol)) {
            addObject(object, depth);
        }
    }

    private void addObject(Scriptable object, int depth) {
        String kind = object.getClassName();
        if ("String".equals(kind)) {
            grow(quoted(ScriptRuntime.toCharSequence(object)));
            return;
        }
        if ("Number".equals(kind) || "Boolean".equals(kind) || "Date".equals(kind)) {
            grow(32);
            return;
        }
        if (ScriptableObject.getProperty(object, "toJSON") instanceof Callable) {
            throw ScriptRuntime.typeError("JSON.stringify of an object with its own toJSON is not available in rules");
        }
        if (!path.add(object)) {
            return; // a cycle: JSON.stringify itself refuses it
        }
        long indent = (long) gap * (depth + 1) + 2;
        if (ScriptRuntime.isArrayObject(object)) {
            double length = ScriptRuntime.toNumber(ScriptableObject.getProperty(object, "length"));
            if (length > BuiltinGuards.MAX_ARRAY) {
                throw tooBig();
            }
            grow(2);
            for (int i = 0; i < length; i++) {
                grow(indent);
                add(ScriptableObject.getProperty(object, i), depth + 1);
            }
        } else {
            grow(2);
            for (Object id : object.getIds()) {
                String key = String.valueOf(id);
                grow(indent + quoted(key) + 2);
                Object member = id instanceof Integer index
                        ? ScriptableObject.getProperty(object, index)
                        : ScriptableObject.getProperty(object, key);
                add(member == Scriptable.NOT_FOUND || Undefined.isUndefined(member) ? null : member, depth + 1);
            }
        }
        path.remove(object);
    }

    private static long quoted(CharSequence text) {
        long length = 2;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            length += ch < 0x20 || ch == '"' || ch == '\\' || Character.isSurrogate(ch) ? 6 : 1;
        }
        return length;
    }

    private void grow(long amount) {
        size += amount;
        if (size > limit) {
            throw tooBig();
        }
    }

    private RuntimeException tooBig() {
        return ScriptRuntime.rangeError("JSON.stringify would pass the rule limit of " + limit + " characters");
    }
}
