package dev.weft.engine.expr;

/**
 * An expression that does not parse, or that failed while it was evaluated (an error in the data,
 * a time or depth bound). {@link #offset()} is the character position within the template string where
 * the problem is, or -1 when unknown.
 */
public final class ExpressionException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int offset;

    public ExpressionException(String message, int offset, Throwable cause) {
        super(message, cause);
        this.offset = offset;
    }

    public int offset() {
        return offset;
    }
}
