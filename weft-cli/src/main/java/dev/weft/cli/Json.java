package dev.weft.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.engine.store.ExecutionStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** JSON in and out of the command line. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** A JSON value given as text, or as {@code @file}. */
    static JsonNode argument(String option, String value) {
        String text = value;
        try {
            if (value.startsWith("@")) {
                text = Files.readString(Path.of(value.substring(1)));
            }
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(option + " is not valid JSON (" + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
                    + "); give JSON text or @file");
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    option + ": cannot read " + value.substring(1) + ": " + e.getMessage());
        }
    }

    static String pretty(JsonNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An output stored out of line, read back for display. */
    static JsonNode payload(ExecutionStore store, String tenant, String hash) {
        return store.payload(tenant, hash).map(bytes -> {
            try {
                return MAPPER.readTree(bytes);
            } catch (IOException e) {
                return (JsonNode) MAPPER.getNodeFactory()
                        .textNode("(stored output " + hash + " is unreadable)");
            }
        }).orElse(MAPPER.nullNode());
    }
}
