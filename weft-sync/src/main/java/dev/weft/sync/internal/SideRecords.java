package dev.weft.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.engine.CallRouter;
import dev.weft.sync.SideSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One side's records, read and written through the gateway ({@link CallRouter}): the record operations a
 * connector with record access declares, {@code <connector>.read_changes}, {@code lookup_records},
 * {@code write_records} and {@code delete_records} (see docs/design/data-sync.md). So a sync goes through
 * the same egress check, credentials, circuit breaker, retries, metrics and audit as every other call.
 * Thread-safe.
 */
final class SideRecords {
    static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A page of changed records and the position after it. */
    record Page(List<JsonNode> records, JsonNode next, boolean more) {
    }

    /** One record's write: ok, with the fields the target answered, or failed with its error. */
    record Written(boolean ok, JsonNode returned, String code, String message) {
    }

    private final CallRouter calls;
    private final String tenant;
    private final String connector;
    private final SideSpec side;
    private final Cancellation cancellation;

    SideRecords(CallRouter calls, String tenant, String connector, SideSpec side, Cancellation cancellation) {
        this.calls = calls;
        this.tenant = tenant;
        this.connector = connector;
        this.side = side;
        this.cancellation = cancellation;
    }

    SideSpec spec() {
        return side;
    }

    /** The records changed after {@code after} (null: from the start), or every record by key when full. */
    Page read(JsonNode after, int limit, boolean fullScan, String idempotencyKey) throws ConnectorException {
        ObjectNode in = base();
        in.set("key", names(side.key()));
        if (side.cursor() != null && !fullScan) {
            in.put("cursor", side.cursor());
        }
        if (after != null && !after.isNull()) {
            in.set("after", after);
        }
        in.put("limit", limit);
        JsonNode out = call("read_changes", in, idempotencyKey);
        List<JsonNode> records = new ArrayList<>(out.path("records").size());
        out.path("records").forEach(records::add);
        return new Page(records, out.get("next"), out.path("more").asBoolean(false));
    }

    /** The records whose {@code fields} equal one of {@code values} (each an array of the fields' values). */
    List<JsonNode> lookup(List<String> fields, Collection<JsonNode> values, String idempotencyKey)
            throws ConnectorException {
        List<JsonNode> found = new ArrayList<>();
        if (values.isEmpty()) {
            return found;
        }
        ObjectNode in = base();
        in.set("fields", names(fields));
        ArrayNode v = in.putArray("values");
        values.forEach(v::add);
        call("lookup_records", in, idempotencyKey).path("records").forEach(found::add);
        return found;
    }

    /** Upserts records matched on {@code key}; one result per record, in order. */
    List<Written> write(List<String> key, List<? extends JsonNode> records, List<String> returning,
            String idempotencyKey) throws ConnectorException {
        ObjectNode in = base();
        in.set("key", names(key));
        ArrayNode r = in.putArray("records");
        records.forEach(r::add);
        if (!returning.isEmpty()) {
            in.set("returning", names(returning));
        }
        JsonNode out = call("write_records", in, idempotencyKey);
        return results(out, records.size(), "write_records");
    }

    /** Deletes records by key (each an array of the key fields' values); one result per key. */
    List<Written> delete(Collection<JsonNode> keys, String idempotencyKey) throws ConnectorException {
        ObjectNode in = base();
        in.set("key", names(side.key()));
        ArrayNode k = in.putArray("keys");
        keys.forEach(k::add);
        return results(call("delete_records", in, idempotencyKey), keys.size(), "delete_records");
    }

    private List<Written> results(JsonNode out, int expected, String operation) throws ConnectorException {
        JsonNode results = out.path("results");
        if (!results.isArray() || results.size() != expected) {
            throw ConnectorException.permanent("sync.records", connector + "." + operation + " on system '"
                    + side.system() + "' answered " + results.size() + " results for " + expected
                    + " records: a connector with record access answers one result per record", null, null);
        }
        List<Written> written = new ArrayList<>(expected);
        for (JsonNode result : results) {
            written.add(result.path("ok").asBoolean(false)
                    ? new Written(true, result.get("returned"), null, null)
                    : new Written(false, null, result.path("code").asText("sync.refused"),
                            result.path("message").asText("the system refused the record")));
        }
        return written;
    }

    private ObjectNode base() {
        ObjectNode in = NODES.objectNode();
        in.put("table", side.type());
        return in;
    }

    private JsonNode call(String operation, ObjectNode input, String idempotencyKey)
            throws ConnectorException {
        return calls.call(tenant, side.system(),
                new Call(connector + "." + operation, input, idempotencyKey, CALL_TIMEOUT, cancellation));
    }

    private static ArrayNode names(List<String> names) {
        ArrayNode a = NODES.arrayNode();
        names.forEach(a::add);
        return a;
    }
}
