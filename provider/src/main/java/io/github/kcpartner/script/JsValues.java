package io.github.kcpartner.script;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.NativeArray;
import org.mozilla.javascript.NativeJSON;
import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.Undefined;

/**
 * Copies values between Java and JavaScript: Java maps and lists become plain JavaScript
 * objects and arrays (never wrapped Java objects), and back.
 */
final class JsValues {

    private static final int MAX_DEPTH = 32;

    private JsValues() {}

    /** A plain JavaScript value for a Java value; unknown types become their string. */
    static Object toJs(Context cx, Scriptable scope, Object value) {
        return toJs(cx, scope, value, 0);
    }

    private static Object toJs(Context cx, Scriptable scope, Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("input nested too deeply");
        }
        if (value == null) {
            return null;
        }
        if (value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof Map<?, ?> map) {
            Scriptable object = cx.newObject(scope);
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                ScriptableObject.putProperty(
                        object, String.valueOf(entry.getKey()), toJs(cx, scope, entry.getValue(), depth + 1));
            }
            return object;
        }
        if (value instanceof Collection<?> collection) {
            Object[] items = new Object[collection.size()];
            int i = 0;
            for (Object item : collection) {
                items[i++] = toJs(cx, scope, item, depth + 1);
            }
            return cx.newArray(scope, items);
        }
        if (value instanceof Object[] array) {
            return toJs(cx, scope, List.of(array), depth);
        }
        return value.toString();
    }

    /**
     * A Java value for a JavaScript value: {@code String}, {@code Long} (integral numbers),
     * {@code Double}, {@code Boolean}, {@code List}, {@code Map} or {@code null}. Functions
     * and other host objects are refused.
     */
    static Object toJava(Object value) {
        return toJava(value, 0);
    }

    private static Object toJava(Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw ScriptRuntime.typeError("value nested too deeply");
        }
        if (value == null || value instanceof Undefined) {
            return null;
        }
        if (value instanceof CharSequence text) {
            if (text.length() > BuiltinGuards.MAX_STRING) {
                throw ScriptRuntime.rangeError(
                        "a string handed to the rule API is longer than " + BuiltinGuards.MAX_STRING + " characters");
            }
            return text.toString();
        }
        if (value instanceof Boolean) {
            return value;
        }
        if (value instanceof Number number) {
            double d = number.doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) <= (1L << 53)) {
                return (long) d;
            }
            return d;
        }
        if (value instanceof NativeArray array) {
            long length = array.getLength();
            if (length > BuiltinGuards.MAX_ARRAY) {
                throw ScriptRuntime.rangeError(
                        "an array handed to the rule API is longer than " + BuiltinGuards.MAX_ARRAY + " elements");
            }
            List<Object> list = new ArrayList<>((int) length);
            for (int i = 0; i < length; i++) {
                Object item = array.get(i, array);
                list.add(toJava(item == Scriptable.NOT_FOUND ? null : item, depth + 1));
            }
            return list;
        }
        if (value instanceof ScriptableObject object
                && !(value instanceof org.mozilla.javascript.Callable)
                && "Object".equals(object.getClassName())) {
            Object[] ids = object.getIds();
            if (ids.length > BuiltinGuards.MAX_ARRAY) {
                throw ScriptRuntime.rangeError(
                        "an object handed to the rule API has more than " + BuiltinGuards.MAX_ARRAY + " properties");
            }
            Map<String, Object> map = new LinkedHashMap<>();
            for (Object id : ids) {
                String key = String.valueOf(id);
                map.put(key, toJava(ScriptableObject.getProperty(object, key), depth + 1));
            }
            return map;
        }
        throw ScriptRuntime.typeError("unsupported value: " + ScriptRuntime.typeof(value));
    }

    /** A string for a parameter: strings as they are, objects and arrays as JSON text. */
    static String toParameter(Context cx, Scriptable scope, Object value) {
        if (value instanceof Scriptable && !(value instanceof org.mozilla.javascript.Callable)) {
            toJava(value); // refuses what JSON cannot carry
            return (String) NativeJSON.stringify(cx, scope, value, null, null);
        }
        Object plain = toJava(value);
        if (plain == null) {
            throw ScriptRuntime.typeError("a parameter value cannot be null or undefined");
        }
        return String.valueOf(plain);
    }

    /** One or more strings for an attribute: a string, a number, a boolean or an array of those. */
    static List<String> toStrings(Object value) {
        Object plain = toJava(value);
        List<String> values = new ArrayList<>();
        if (plain instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof List || item instanceof Map) {
                    throw ScriptRuntime.typeError("attribute values must be strings");
                }
                if (item != null) {
                    values.add(String.valueOf(item));
                }
            }
        } else if (plain instanceof Map) {
            throw ScriptRuntime.typeError("attribute values must be strings");
        } else if (plain != null) {
            values.add(String.valueOf(plain));
        }
        return values;
    }

    /** The string argument at {@code index}, refusing anything else. */
    static String string(Object[] args, int index, String what) {
        Object value = index < args.length ? toJava(args[index]) : null;
        if (!(value instanceof String s) || s.isEmpty()) {
            throw ScriptRuntime.typeError(what + " must be a non-empty string");
        }
        return s;
    }
}
