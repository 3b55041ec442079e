package dev.weft.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Example;
import dev.weft.connector.OperationSpec;
import dev.weft.engine.CallRouter;
import dev.weft.sync.SyncInputException;
import dev.weft.sync.SyncService;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The platform's own operation {@value #CHANGED} beside the gateway's: a flow step tells a sync job that
 * records of a side changed (change events), so that a webhook with a system's own payload, or a connector
 * trigger, feeds a job through a flow that maps its event to keys. It reaches no system (nothing leaves the
 * platform), and works in the calling execution's tenant only. Every other call goes to the gateway.
 * Thread-safe.
 */
final class SyncOperations implements CallRouter {
    /** The operation's name: {@code with: {job, side, keys}}. */
    static final String CHANGED = SyncService.CHANGED_OPERATION;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OperationSpec SPEC = spec();

    private final CallRouter gateway;
    private final SyncService sync;

    SyncOperations(CallRouter gateway, SyncService sync) {
        this.gateway = gateway;
        this.sync = sync;
    }

    /** The names flows may call: the connectors' and this one. */
    static Set<String> withConnectors(Set<String> connectorOperations) {
        Set<String> all = new TreeSet<>(connectorOperations);
        all.add(CHANGED);
        return all;
    }

    @Override
    public OperationSpec operation(String name) {
        return CHANGED.equals(name) ? SPEC : gateway.operation(name);
    }

    @Override
    public Set<String> operationNames() {
        return withConnectors(gateway.operationNames());
    }

    @Override
    public String problem(String tenant, String system, String operation) {
        if (!CHANGED.equals(operation)) {
            return gateway.problem(tenant, system, operation);
        }
        return system == null ? null : CHANGED + " reaches no system: remove 'system' from the step";
    }

    @Override
    public JsonNode call(String tenant, String system, Call call) throws ConnectorException {
        if (!CHANGED.equals(call.operation())) {
            return gateway.call(tenant, system, call);
        }
        JsonNode in = call.input();
        List<JsonNode> keys = new ArrayList<>();
        in.path("keys").forEach(keys::add);
        try {
            int added = sync.changed(tenant, in.path("job").asText(""), in.path("side").asText(null), keys);
            ObjectNode out = JSON.createObjectNode();
            out.put("accepted", keys.size());
            out.put("new", added);
            return out;
        } catch (SyncInputException e) {
            throw ConnectorException.permanent(e.code(), CHANGED + ": " + e.getMessage(), null, null);
        }
    }

    private static OperationSpec spec() {
        try {
            JsonNode input = JSON.readTree(
                    """
                            {"type": "object", "required": ["job", "side", "keys"], "additionalProperties": false,
                             "properties": {
                               "job": {"type": "string", "description": "The sync job's id"},
                               "side": {"enum": ["left", "right"], "description": "The side whose records changed"},
                               "keys": {"type": "array", "minItems": 1, "maxItems": 10000,
                                        "description": "Each the key fields' values in order, such as [42], or a record holding them"}}}
                            """);
            JsonNode output = JSON.readTree("""
                    {"type": "object", "properties": {
                       "accepted": {"type": "integer"},
                       "new": {"type": "integer", "description": "Keys that were not waiting already"}}}
                    """);
            return new OperationSpec(CHANGED,
                    "Tells a data sync job that records of a side changed: the keys are"
                            + " kept durably and the job's next run, queued now, reads those records by key and syncs them"
                            + " (docs/sync.md, 'Change events').",
                    input, output, true, List.<Example>of());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
