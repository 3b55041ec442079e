package dev.weft.engine.flow;

/**
 * One thing wrong with a flow file: where, the JSON path of the offending value (for example
 * {@code /steps/2/next}) and a message that names the step and what was expected.
 */
public record Problem(SourceLocation location, String path, String message) {
    /** {@code file:line:column: message}, the format of {@code weft validate}. */
    @Override
    public String toString() {
        return location + ": " + message;
    }
}
