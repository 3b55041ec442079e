package dev.weft.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.event.EventFeed;
import dev.weft.engine.flow.Step;
import dev.weft.engine.store.EventRecord;
import java.time.Instant;
import java.util.List;

/**
 * {@code emit} steps: the event is written to the feed in the same commit as the step's success, so it
 * exists exactly when the step succeeded, and a re-run after a crash before that commit writes it once.
 * Stateless.
 */
final class Emits {
    private Emits() {
    }

    static void start(Worker worker, ExecutionState state, Step.Emit step, String path, int attempt,
            JsonNode payload, Instant now, Writes writes) {
        String problem = EventFeed.problem(step.event(), payload);
        JsonNode schema = state.flow.flow().events().get(step.event());
        List<String> invalid = schema == null ? List.of() : worker.inputProblems(schema, payload);
        if (problem != null || !invalid.isEmpty()) {
            writes.failed(step, path, attempt, Errors.of("event.invalid", "step '" + step.id() + "': "
                    + (problem != null
                            ? problem
                            : "the payload of event '" + step.event() + "' does not fit the schema the"
                                    + " flow declares under events: " + String.join("; ", invalid)),
                    step.id()), now, now);
            return;
        }
        writes.event(EventRecord.of(state.record.tenantId(), step.event(), state.id(), payload, now));
        ObjectNode output = JsonNodeFactory.instance.objectNode();
        output.put("event", step.event());
        output.set("payload", payload);
        writes.succeeded(step, path, attempt, output, now, now);
    }
}
