package dev.weft.engine.flow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A YAML or JSON document read for binding, with the problems found in it placed at their file, line and
 * column: what the flow reader uses, for other kinds of file (sync jobs). Not thread-safe: one per reading.
 */
public final class SourceDocument {
    private final SourceTree tree;
    private final Problems problems;

    private SourceDocument(SourceTree tree, Problems problems) {
        this.tree = tree;
        this.problems = problems;
    }

    /** Parses {@code text}; {@code fileName} chooses the syntax ({@code .json} or YAML) and names the file. */
    public static SourceDocument parse(String fileName, String text) {
        List<Problem> syntax = new ArrayList<>();
        SourceTree tree = SourceTree.parse(fileName, text, syntax);
        Problems problems = new Problems(tree);
        syntax.forEach(problems::add);
        return new SourceDocument(tree, problems);
    }

    /** The document's root, or null when it does not parse. */
    public JsonNode root() {
        return tree.root();
    }

    /** A problem with the value at {@code pointer} (a JSON pointer). */
    public void problem(String pointer, String message) {
        problems.at(pointer, message);
    }

    /** A problem with a member's name, such as an unknown field. */
    public void problemAtKey(String pointer, String message) {
        problems.atKey(pointer, message);
    }

    /** A problem inside a string at {@code offset}, such as an expression that does not parse. */
    public void problemInString(String pointer, int offset, String message) {
        problems.inString(pointer, offset, message);
    }

    /** A required member {@code field} of the object at {@code objectPointer} is absent. */
    public void missing(String objectPointer, String field, String message) {
        problems.missing(objectPointer, field, message);
    }

    /** Every problem so far, in file order. */
    public List<Problem> problems() {
        return problems.sorted();
    }
}
