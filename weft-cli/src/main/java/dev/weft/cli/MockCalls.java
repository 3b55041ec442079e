package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.OperationSpec;
import dev.weft.engine.CallRouter;
import dev.weft.engine.flow.Flow;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code --mock FILE}: answers the {@code call} steps named in a fixture file with the output written there
 * instead of calling anything, and says so on standard error for each one; every other call goes to the
 * router it wraps. The JSON file maps step ids to outputs: {@code {"manager": {"status": 200, "body":
 * {...}}}}. A call's step is read from its idempotency key ({@code <execution id>:<step path>}); a step
 * inside a parallel branch or a foreach is matched by its own id. Thread-safe.
 */
final class MockCalls implements CallRouter {
    private final CallRouter next;
    private final Map<String, JsonNode> outputs;
    private final Path file;
    private final PrintStream log;

    private MockCalls(CallRouter next, Map<String, JsonNode> outputs, Path file, PrintStream log) {
        this.next = next;
        this.outputs = outputs;
        this.file = file;
        this.log = log;
    }

    /** Reads {@code file}; throws {@link IllegalArgumentException} (exit 2) naming it when it is unusable. */
    static MockCalls read(Path file, CallRouter next, PrintStream log) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("--mock " + file + " cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(
                    "--mock " + file + " must map step ids to the outputs their calls"
                            + " answer with, such as {\"manager\": {\"status\": 200, \"body\": {}}}");
        }
        Map<String, JsonNode> outputs = new TreeMap<>();
        root.properties().forEach(e -> outputs.put(e.getKey(), e.getValue()));
        return new MockCalls(next, Map.copyOf(outputs), file, log);
    }

    /**
     * Refuses fixtures that name no {@code call} step of {@code flow} ({@link IllegalArgumentException},
     * exit 2): a misspelt step id would let the real call go out instead.
     */
    void checkAgainst(Flow flow) {
        Set<String> calls = flow.callStepIds();
        // A key is a call step's id, or a path ending in one (items[2]/fetch), as call() matches them.
        List<String> unknown = outputs.keySet().stream()
                .filter(key -> !calls.contains(key.substring(key.lastIndexOf('/') + 1))).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("--mock " + file + " names " + String.join(", ", unknown)
                    + ", which " + (unknown.size() == 1 ? "is" : "are") + " not the id of a call step of "
                    + flow.qualifiedName() + "; its call steps are: "
                    + (calls.isEmpty() ? "(none)" : String.join(", ", calls)));
        }
    }

    @Override
    public OperationSpec operation(String name) {
        return next.operation(name);
    }

    @Override
    public Set<String> operationNames() {
        return next.operationNames();
    }

    @Override
    public String problem(String tenant, String system, String operation) {
        return next.problem(tenant, system, operation);
    }

    @Override
    public JsonNode call(String tenant, String system, Call call) throws ConnectorException {
        String key = call.idempotencyKey();
        String path = key.substring(key.indexOf(':') + 1);
        JsonNode output = outputs.get(path);
        String stepId = path;
        if (output == null) {
            stepId = path.substring(path.lastIndexOf('/') + 1);
            output = outputs.get(stepId);
        }
        if (output == null) {
            return next.call(tenant, system, call);
        }
        log.println("  mocked: " + call.operation() + " of step " + stepId + " answered from " + file
                + " (nothing was called)");
        return output.deepCopy();
    }
}
