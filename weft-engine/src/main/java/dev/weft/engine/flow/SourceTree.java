package dev.weft.engine.flow;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML or JSON document as a Jackson tree, with where every value and key was written. Built from
 * the streaming parser because the tree alone forgets positions, and problems must point at lines.
 */
final class SourceTree implements Locator {
    private static final JsonFactory JSON = new JsonFactory();
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Where a value starts, and on which line it ends (to tell one-line strings). */
    private record Span(int line, int column, int endLine) {
    }

    private final String file;
    private final List<String> lines;
    private final Map<String, Span> values = new HashMap<>();
    private final Map<String, Span> keys = new HashMap<>();
    private final Problems problems;
    private JsonNode root;

    private SourceTree(String file, String text) {
        this.file = file;
        this.lines = text.lines().toList();
        this.problems = new Problems(this);
    }

    /**
     * Parses {@code text}; syntax errors and duplicate keys are added to {@code problems}. The root is
     * null when the text does not parse.
     */
    static SourceTree parse(String file, String text, List<Problem> problems) {
        SourceTree tree = new SourceTree(file, text);
        boolean json = file.endsWith(".json");
        try (JsonParser parser = json ? JSON.createParser(text) : YAML.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                problems.add(new Problem(new SourceLocation(file, 1, 1), "",
                        "the file is empty; expected a flow object with at least 'id' and 'steps'"));
                return tree;
            }
            JsonNode root = tree.read(parser, "");
            if (parser.nextToken() != null) {
                problems.add(new Problem(tree.location(parser.currentTokenLocation()), "",
                        "a flow file holds one flow; remove what follows the first document"));
            }
            tree.root = root;
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            SourceLocation location = where == null || where.getLineNr() < 1
                    ? new SourceLocation(file, 1, 1)
                    : tree.location(where);
            problems.add(new Problem(location, "", "syntax error: " + describe(e)));
        } catch (IOException e) {
            throw new IllegalStateException("reading from a string failed", e);
        }
        problems.addAll(tree.problems.sorted());
        return tree;
    }

    JsonNode root() {
        return root;
    }

    String file() {
        return file;
    }

    private JsonNode read(JsonParser p, String pointer) throws IOException {
        JsonLocation start = p.currentTokenLocation();
        JsonNode node = switch (p.currentToken()) {
            case START_OBJECT -> readObject(p, pointer);
            case START_ARRAY -> readArray(p, pointer);
            case VALUE_STRING -> NODES.textNode(p.getText());
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> NODES.numberNode(p.getIntValue());
                case LONG -> NODES.numberNode(p.getLongValue());
                default -> NODES.numberNode(p.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> NODES.textNode(p.getText()); // YAML binary and other embedded scalars
        };
        // For a scalar, the current location is its end; strings written on one line can be pointed into.
        int endLine = node.isContainerNode() ? start.getLineNr() : p.currentLocation().getLineNr();
        values.put(pointer, new Span(start.getLineNr(), start.getColumnNr(), endLine));
        return node;
    }

    private ObjectNode readObject(JsonParser p, String pointer) throws IOException {
        ObjectNode object = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            String child = Pointers.child(pointer, name);
            JsonLocation at = p.currentTokenLocation();
            p.nextToken();
            JsonNode value = read(p, child);
            if (object.has(name)) {
                // Both YAML and JSON parsers keep the last value silently; a flow author never means that.
                problems.add(new Problem(location(at), child,
                        "duplicate key '" + name + "' (first written at line "
                                + keys.get(child).line() + ")"));
                continue;
            }
            keys.put(child, new Span(at.getLineNr(), at.getColumnNr(), at.getLineNr()));
            object.set(name, value);
        }
        return object;
    }

    private ArrayNode readArray(JsonParser p, String pointer) throws IOException {
        ArrayNode array = NODES.arrayNode();
        int index = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            array.add(read(p, Pointers.child(pointer, index++)));
        }
        return array;
    }

    private SourceLocation location(JsonLocation at) {
        return new SourceLocation(file, at.getLineNr(), at.getColumnNr());
    }

    @Override
    public SourceLocation at(String pointer) {
        for (String p = pointer; p != null; p = Pointers.parent(p)) {
            Span span = values.get(p);
            if (span != null) {
                return new SourceLocation(file, span.line(), span.column());
            }
        }
        return new SourceLocation(file, 1, 1);
    }

    @Override
    public SourceLocation key(String pointer) {
        Span span = keys.get(pointer);
        return span == null ? at(pointer) : new SourceLocation(file, span.line(), span.column());
    }

    @Override
    public SourceLocation inString(String pointer, int offset) {
        Span span = values.get(pointer);
        if (span == null || span.endLine() != span.line() || span.line() > lines.size()) {
            return at(pointer);
        }
        String line = lines.get(span.line() - 1);
        int column = span.column();
        char first = column - 1 < line.length() ? line.charAt(column - 1) : ' ';
        if (first == '"' || first == '\'') {
            column++; // the string's first character follows its opening quote
        }
        return new SourceLocation(file, span.line(), column + Math.max(0, offset));
    }

    /** Jackson's message without the parser's own location suffix, on one line. */
    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null
                ? e.getClass().getSimpleName()
                : e.getOriginalMessage();
        if (message.contains("Expected a field name") && message.contains("MappingStartEvent")) {
            return "a mapping cannot be used as a key; an expression must be quoted in YAML: \"{{ ... }}\"";
        }
        StringBuilder out = new StringBuilder();
        for (String line : message.split("\n")) {
            String s = line.strip();
            // SnakeYAML repeats the position with a caret picture: keep only the sentences.
            if (s.isEmpty() || s.startsWith("in 'reader'") || s.equals("^") || line.startsWith("    ")) {
                continue;
            }
            out.append(out.isEmpty() ? "" : ", ").append(s);
        }
        return out.toString();
    }
}
