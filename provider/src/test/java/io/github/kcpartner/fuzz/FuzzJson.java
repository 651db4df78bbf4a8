package io.github.kcpartner.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON-shaped values built from the fuzzer's bytes (strings, numbers, booleans, null, lists and
 * objects, nested a few levels, object names mostly from the names the target reads), so that a
 * fuzz target reaches the code behind the JSON parser: the parser is a library the fuzzer does not
 * instrument, and random text almost never parses.
 */
public final class FuzzJson {

    private static final int MAX_DEPTH = 4;
    private static final int MAX_SIZE = 6;

    private final FuzzedDataProvider data;
    private final List<String> names;

    public FuzzJson(FuzzedDataProvider data, List<String> names) {
        this.data = data;
        this.names = names;
    }

    /** An object with up to six members. */
    public Map<String, Object> object() {
        return object(0);
    }

    /** Any JSON value. */
    public Object value() {
        return value(0);
    }

    private Object value(int depth) {
        int kind = data.consumeInt(0, depth >= MAX_DEPTH ? 5 : 7);
        return switch (kind) {
            case 0 -> data.consumeString(64);
            case 1 -> data.consumeLong();
            case 2 -> data.consumeRegularDouble();
            case 3 -> data.consumeBoolean();
            case 4 -> null;
            case 5 -> data.pickValue(names);
            case 6 -> list(depth + 1);
            default -> object(depth + 1);
        };
    }

    private List<Object> list(int depth) {
        int size = data.consumeInt(0, MAX_SIZE);
        List<Object> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(value(depth));
        }
        return list;
    }

    private Map<String, Object> object(int depth) {
        int size = data.consumeInt(0, MAX_SIZE);
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            String name = data.consumeBoolean() ? data.pickValue(names) : data.consumeString(16);
            map.put(name, value(depth));
        }
        return map;
    }
}
