package io.github.kcpartner.script;

import org.mozilla.javascript.BaseFunction;
import org.mozilla.javascript.Callable;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.Scriptable;

/**
 * A function made in Java: a built-in replaced by a guard, an accessor of a locked shared
 * object ({@link SharedScope}) or a function of the rule API. A plain function object with a
 * name and arity, no {@code prototype} property and no constructor: cheaper to make than Rhino's
 * {@code LambdaFunction} (which builds a prototype object for each), as every evaluation makes
 * the rule API's.
 */
final class GuardedFunction extends BaseFunction {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final int arity;
    private final transient Callable body;

    GuardedFunction(Context cx, Scriptable scope, String name, int arity, Callable body) {
        this.name = name;
        this.arity = arity;
        this.body = body;
        ScriptRuntime.setFunctionProtoAndParent(this, cx, scope);
    }

    @Override
    public Object call(Context cx, Scriptable scope, Scriptable thisObj, Object[] args) {
        return body.call(cx, scope, thisObj, args);
    }

    @Override
    public Scriptable construct(Context cx, Scriptable scope, Object[] args) {
        throw ScriptRuntime.typeError(name + " is not a constructor");
    }

    @Override
    public String getFunctionName() {
        return name;
    }

    @Override
    public int getArity() {
        return arity;
    }

    @Override
    public int getLength() {
        return arity;
    }
}
