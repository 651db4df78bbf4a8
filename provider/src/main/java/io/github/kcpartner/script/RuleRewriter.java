package io.github.kcpartner.script;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.mozilla.javascript.CompilerEnvirons;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.Parser;
import org.mozilla.javascript.Token;
import org.mozilla.javascript.ast.AstNode;
import org.mozilla.javascript.ast.AstRoot;
import org.mozilla.javascript.ast.BigIntLiteral;
import org.mozilla.javascript.ast.InfixExpression;
import org.mozilla.javascript.ast.TaggedTemplateLiteral;
import org.mozilla.javascript.ast.TemplateLiteral;
import org.mozilla.javascript.ast.WithStatement;

/**
 * Prepares a rule's source for the sandbox. Rhino joins strings with {@code +} inside the
 * interpreter, where no built-in guard runs, and only copies the characters later: twenty-six
 * {@code s += s} make a string of a gigabyte in a few instructions. So every {@code a + b},
 * {@code a += b} and template literal becomes {@code __kcpStr(...)} around the same expression,
 * which stops the rule (uncatchable) when the result is a string longer than
 * {@link BuiltinGuards#MAX_STRING}. Only text is inserted, on the same line: line numbers in
 * errors stay those of the file. BigInt literals are refused (their arithmetic is unbounded
 * work in one instruction), and so are {@code with} and the reserved name.
 */
final class RuleRewriter {

    /** The global the rewritten code calls; a rule may not use this name itself. */
    static final String GUARD = "__kcpStr";

    private RuleRewriter() {}

    /**
     * @return the source with the guard calls inserted
     * @throws org.mozilla.javascript.EvaluatorException when the source does not parse, uses a
     *         BigInt literal or the reserved name
     */
    static String rewrite(Context cx, String source, String sourceName) {
        if (source.contains(GUARD)) {
            throw Context.reportRuntimeError(
                    "the name " + GUARD + " is reserved", sourceName, lineOf(source, source.indexOf(GUARD)), null, 0);
        }
        CompilerEnvirons env = new CompilerEnvirons();
        env.initFromContext(cx);
        env.setRecordingComments(false);
        env.setRecoverFromErrors(false);
        AstRoot root = new Parser(env, env.getErrorReporter()).parse(source, sourceName, 1);
        List<Edit> edits = new ArrayList<>();
        root.visit(node -> {
            if (node instanceof BigIntLiteral) {
                throw Context.reportRuntimeError(
                        "BigInt is not available in rules", sourceName, node.getLineno(), null, 0);
            }
            if (node instanceof WithStatement) {
                // an object in scope could stand in for the guard
                throw Context.reportRuntimeError(
                        "'with' is not available in rules", sourceName, node.getLineno(), null, 0);
            }
            if (wraps(node)) {
                int start = node.getAbsolutePosition();
                edits.add(new Edit(start, false));
                edits.add(new Edit(start + node.getLength(), true));
            }
            return true;
        });
        if (edits.isEmpty()) {
            return source;
        }
        // at one position, close the calls that end there before opening those that start there
        edits.sort(Comparator.comparingInt(Edit::position).thenComparing(e -> !e.close()));
        StringBuilder out = new StringBuilder(source.length() + edits.size() * 6);
        int from = 0;
        for (Edit edit : edits) {
            out.append(source, from, edit.position()).append(edit.close() ? ")" : GUARD + "(");
            from = edit.position();
        }
        return out.append(source, from, source.length()).toString();
    }

    private static boolean wraps(AstNode node) {
        if (node instanceof InfixExpression infix) {
            int operator = infix.getOperator();
            return operator == Token.ADD || operator == Token.ASSIGN_ADD;
        }
        return node instanceof TemplateLiteral && !(node.getParent() instanceof TaggedTemplateLiteral);
    }

    private static int lineOf(String source, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (source.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private record Edit(int position, boolean close) {}
}
