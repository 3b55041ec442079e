package dev.weft.engine;

import java.util.List;

/** Execution input that does not match the flow's {@code input} schema; each problem names the field. */
public final class InvalidInputException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InvalidInputException(String flow, List<String> problems) {
        super("input of flow " + flow + " is invalid: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
