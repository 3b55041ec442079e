package dev.weft.engine.flow;

/**
 * Maps a JSON Pointer into a flow document to where it was written. Validation works on the model and
 * knows only pointers; this is what turns them into lines and columns.
 */
interface Locator {

    /** Where the value at {@code pointer} starts, or the nearest enclosing value that exists. */
    SourceLocation at(String pointer);

    /** Where the key of the member at {@code pointer} is written, or the value's location when unknown. */
    SourceLocation key(String pointer);

    /**
     * Where character {@code offset} of the string at {@code pointer} is, when the string is written on
     * one line; otherwise where the string starts.
     */
    SourceLocation inString(String pointer, int offset);

    /** For a flow that was not read from a file: every location is line 0, column 0 of {@code name}. */
    static Locator unknown(String name) {
        SourceLocation nowhere = new SourceLocation(name, 0, 0);
        return new Locator() {
            @Override
            public SourceLocation at(String pointer) {
                return nowhere;
            }

            @Override
            public SourceLocation key(String pointer) {
                return nowhere;
            }

            @Override
            public SourceLocation inString(String pointer, int offset) {
                return nowhere;
            }
        };
    }
}
