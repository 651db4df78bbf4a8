package io.github.kcpartner.jims.client;

import java.util.List;

/** Thrown by the config builders' {@code build()} when validation fails; carries every problem. */
public final class JimsConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public JimsConfigException(List<ConfigProblem> problems) {
        super("Invalid JIMS configuration: " + problems);
        this.problems = List.copyOf(problems);
    }

    /** The problems, in the order found. */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
