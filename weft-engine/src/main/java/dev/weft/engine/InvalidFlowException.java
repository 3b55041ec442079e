package dev.weft.engine;

import dev.weft.engine.flow.Problem;
import java.util.List;
import java.util.stream.Collectors;

/** A flow that cannot be deployed, with every problem found, each located in its file. */
public final class InvalidFlowException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public InvalidFlowException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
