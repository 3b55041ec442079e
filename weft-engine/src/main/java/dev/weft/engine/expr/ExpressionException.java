package dev.weft.engine.expr;

/**
 * An expression that does not parse, or that failed while it was evaluated (an error in the data, a
 * forbidden function, a time, depth or size bound). {@link #offset()} is the character position within the
 * template string where the problem is, or -1 when unknown; {@link #path()} is the JSON pointer of that
 * string within a {@link JsonTemplate} ({@code ""} for a lone {@link Template}).
 */
public final class ExpressionException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int offset;
    private final String path;

    public ExpressionException(String message, int offset, Throwable cause) {
        this(message, offset, "", cause);
    }

    public ExpressionException(String message, int offset, String path, Throwable cause) {
        super(message, cause);
        this.offset = offset;
        this.path = path == null ? "" : path;
    }

    public int offset() {
        return offset;
    }

    /** The JSON pointer (RFC 6901) of the offending string, {@code ""} when not inside a JSON value. */
    public String path() {
        return path;
    }

    /** This error located at {@code pointer} within an enclosing JSON value. */
    ExpressionException at(String pointer) {
        ExpressionException located = new ExpressionException(getMessage(), offset, pointer, getCause());
        located.setStackTrace(getStackTrace());
        return located;
    }

    @Override
    public String toString() {
        String where = path.isEmpty() ? "" : " at " + path;
        return getClass().getSimpleName() + where + (offset >= 0 ? " (offset " + offset + ")" : "") + ": "
                + getMessage();
    }
}
