package dev.weft.connector.openapi;

/**
 * An OpenAPI document that cannot be read: not JSON or YAML, or neither OpenAPI 3.x nor Swagger 2.0. The
 * message names the document and, when the parser knows it, the line and column.
 */
public final class DocumentException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;

    DocumentException(String source, int line, int column, String problem) {
        super(source + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "") + ": " + problem);
        this.line = line;
    }

    /** The line (from 1) where the parser stopped, or 0 when the problem is the document's content. */
    public int line() {
        return line;
    }
}
