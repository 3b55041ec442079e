package dev.weft.engine.flow;

/** A place in a flow file, 1-based, as editors show it. */
public record SourceLocation(String file, int line, int column) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
