package dev.weft.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.StepRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

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

    static ObjectNode execution(ExecutionRecord e) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", e.id());
        o.put("flow", e.namespace() + "/" + e.flowId());
        o.put("version", e.flowVersion());
        o.put("status", e.status().wireName());
        o.set("input", e.input());
        if (e.output() != null) {
            o.set("output", e.output());
        }
        if (e.error() != null) {
            o.set("error", e.error());
        }
        time(o, "createdAt", e.createdAt());
        time(o, "updatedAt", e.updatedAt());
        time(o, "finishedAt", e.finishedAt());
        time(o, "dueAt", e.dueAt());
        if (e.parentId() != null) {
            o.put("parentId", e.parentId());
        }
        return o;
    }

    static ObjectNode step(StepRecord s) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("path", s.path());
        o.put("type", s.type());
        o.put("status", s.status().name().toLowerCase(java.util.Locale.ROOT));
        o.put("attempt", s.attempt());
        if (s.output() != null) {
            o.set("output", s.output());
        }
        if (s.outputRef() != null) {
            o.put("outputRef", s.outputRef());
        }
        if (s.error() != null) {
            o.set("error", s.error());
        }
        time(o, "startedAt", s.startedAt());
        time(o, "finishedAt", s.finishedAt());
        time(o, "dueAt", s.dueAt());
        return o;
    }

    private static void time(ObjectNode o, String name, Instant t) {
        if (t != null) {
            o.put(name, t.toString());
        }
    }
}
