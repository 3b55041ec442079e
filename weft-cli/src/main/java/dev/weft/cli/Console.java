package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.EngineListener;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.StepStatus;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * Prints an engine's progress for a person: one line when a step starts and one when it ends, on
 * standard error so that standard output carries only the result. Thread-safe.
 */
final class Console implements EngineListener {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private final PrintStream out;

    Console(PrintStream out) {
        this.out = out;
    }

    private void line(String executionId, String text) {
        out.println(LocalTime.now().format(TIME) + " " + shortId(executionId) + " " + text);
    }

    static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    @Override
    public void stepStarted(String executionId, String path, String type, int attempt) {
        line(executionId, "> " + path + " (" + type + ")" + (attempt > 1 ? " attempt " + attempt : ""));
    }

    @Override
    public void stepFinished(String executionId, String path, StepStatus status, JsonNode outputOrError) {
        String detail = "";
        if (status == StepStatus.FAILED && outputOrError != null && outputOrError.has("message")) {
            detail = ": " + outputOrError.get("message").asText();
        } else if (status == StepStatus.WAITING && outputOrError != null && outputOrError.has("message")) {
            detail = ", will retry: " + outputOrError.get("message").asText();
        }
        line(executionId, "< " + path + " " + status.name().toLowerCase(java.util.Locale.ROOT) + detail);
    }

    @Override
    public void executionFinished(ExecutionRecord e) {
        line(e.id(), "execution " + e.status().wireName());
    }

    @Override
    public void executionParked(ExecutionRecord e, boolean awaitingSignal) {
        if (awaitingSignal) {
            line(e.id(), "waiting for a signal: weft signal " + e.id() + " NAME --data JSON");
        } else if (e.dueAt() != null) {
            line(e.id(), "waiting until " + e.dueAt());
        }
    }
}
