package dev.weft.engine.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * The latest state of one step path of an execution. A path names the step within nested
 * sequences: {@code fetch}, {@code items[3]/fetch}, {@code both/left/fetch}, {@code compensate:charge}.
 *
 * @param attempt 1 for the first attempt
 * @param input what the step was given, its {@code with} (or equivalent) resolved; null when it takes
 *     nothing
 * @param output the step's output; null when it is stored out of line (see {@code outputRef})
 * @param outputRef the content hash of an output stored as a payload, or null
 * @param dueAt for WAITING: when the timer fires, the retry is due or the await times out
 * @param seq the order in which steps completed within the execution (compensation runs in reverse)
 */
public record StepRecord(
        String executionId,
        String path,
        String stepId,
        String type,
        StepStatus status,
        int attempt,
        JsonNode input,
        JsonNode output,
        String outputRef,
        JsonNode error,
        Instant startedAt,
        Instant finishedAt,
        Instant dueAt,
        long seq) {
}
