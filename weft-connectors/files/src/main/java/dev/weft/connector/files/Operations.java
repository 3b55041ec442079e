package dev.weft.connector.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Inputs;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Base64;
import java.util.Comparator;
import java.util.Set;

/** Runs the {@code files.*} operations on a {@link Store}. Thread-safe: it holds only the store. */
final class Operations {
    static final int DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
    private final Store store;

    Operations(Store store) {
        this.store = store;
    }

    JsonNode invoke(Call call) throws ConnectorException {
        Inputs in = Inputs.ofOperation(call.operation());
        JsonNode input = call.input();
        Store.Budget budget = new Store.Budget(call.timeout(), call.cancellation());
        return switch (call.operation()) {
            case "files.list" -> {
                in.requireObject(input, Set.of("path", "glob"));
                RelativePath dir = RelativePath.of("path", in.text(input, "path", ""));
                PathMatcher glob = glob(in, in.text(input, "glob", null));
                ArrayNode entries = JsonNodeFactory.instance.arrayNode();
                store.list(dir, budget).stream().filter(e -> glob == null || glob.matches(Path.of(e.name())))
                        .sorted(Comparator.comparing(Entry::name)).forEach(e -> entries.add(e.toJson()));
                ObjectNode out = JsonNodeFactory.instance.objectNode();
                out.set("entries", entries);
                yield out;
            }
            case "files.read" -> {
                in.requireObject(input, Set.of("path", "encoding", "maxBytes"));
                RelativePath path = RelativePath.of("path", in.required(input, "path", "inbox/report.csv"));
                boolean base64 = base64(in, input);
                int maxBytes = in.integer(input, "maxBytes", DEFAULT_MAX_BYTES, 0, Integer.MAX_VALUE - 1);
                byte[] bytes = store.read(path, maxBytes, budget);
                Entry e = store.stat(path, budget);
                ObjectNode out = JsonNodeFactory.instance.objectNode();
                out.put("content", base64
                        ? Base64.getEncoder().encodeToString(bytes)
                        : utf8(in, path, bytes));
                out.put("size", bytes.length);
                out.put("modified", e == null ? null : e.modified().toString());
                yield out;
            }
            case "files.write" -> {
                in.requireObject(input,
                        Set.of("path", "content", "encoding", "overwrite", "createDirectories"));
                RelativePath path = RelativePath.of("path", in.required(input, "path", "outbox/report.csv"));
                requireFile(path, "path");
                String content = in.text(input, "content", null);
                if (content == null) {
                    throw in.invalid("content",
                            "is required: the file's text, or base64 with encoding base64");
                }
                byte[] bytes;
                try {
                    bytes = base64(in, input)
                            ? Base64.getDecoder().decode(content)
                            : content.getBytes(StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw in.invalid("content", "is not valid base64: " + e.getMessage());
                }
                Entry e = store.write(path, bytes, in.bool(input, "overwrite", false),
                        in.bool(input, "createDirectories", true), budget);
                yield pathAndSize(path, e == null ? bytes.length : e.size());
            }
            case "files.move" -> {
                in.requireObject(input, Set.of("from", "to", "overwrite"));
                RelativePath from = RelativePath.of("from", in.required(input, "from", "inbox/report.csv"));
                RelativePath to = RelativePath.of("to", in.required(input, "to", "done/report.csv"));
                requireFile(from, "from");
                requireFile(to, "to");
                Entry e = store.move(from, to, in.bool(input, "overwrite", false), budget);
                yield pathAndSize(to, e == null ? 0 : e.size());
            }
            case "files.delete" -> {
                in.requireObject(input, Set.of("path"));
                RelativePath path = RelativePath.of("path", in.required(input, "path", "done/report.csv"));
                ObjectNode out = JsonNodeFactory.instance.objectNode();
                out.put("deleted", store.delete(path, budget));
                yield out;
            }
            default -> throw ConnectorException.permanent("files.unknown_operation",
                    "the files connector has no operation '" + call.operation() + "'", null, null);
        };
    }

    /** The text of a file, refused when it is not UTF-8 rather than silently mangled. */
    private static String utf8(Inputs in, RelativePath path, byte[] bytes) throws ConnectorException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw in.invalid("encoding",
                    "is text, but '" + path + "' is not UTF-8: read it with encoding \"base64\"");
        }
    }

    private static void requireFile(RelativePath path, String field) throws ConnectorException {
        if (path.isRoot()) {
            throw Failures.outsideRoot(field, "names the root itself: give a file's path under it");
        }
    }

    private static ObjectNode pathAndSize(RelativePath path, long size) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("path", path.toString());
        out.put("size", size);
        return out;
    }

    private static boolean base64(Inputs in, JsonNode input) throws ConnectorException {
        String encoding = in.text(input, "encoding", "text");
        return switch (encoding) {
            case "text" -> false;
            case "base64" -> true;
            default -> throw in.invalid("encoding", "must be \"text\" (UTF-8) or \"base64\", but was \""
                    + encoding + "\"");
        };
    }

    static PathMatcher glob(Inputs in, String glob) throws ConnectorException {
        if (glob == null || glob.isEmpty()) {
            return null;
        }
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (IllegalArgumentException e) {
            throw in.invalid("glob", "is not a glob such as \"*.csv\": " + e.getMessage());
        }
    }
}
