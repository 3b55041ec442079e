package dev.weft.connector.erpnext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Event;
import dev.weft.connector.Example;
import dev.weft.connector.Inputs;
import dev.weft.connector.PollRequest;
import dev.weft.connector.PollResult;
import dev.weft.connector.TriggerKind;
import dev.weft.connector.TriggerSpec;
import dev.weft.connector.kit.JsonApi;
import dev.weft.connector.kit.changes.Change;
import dev.weft.connector.kit.changes.ChangeCursor;
import dev.weft.connector.kit.changes.CursorFormat;
import dev.weft.connector.kit.changes.MarkOrder;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code erpnext.changed} trigger: polls a doctype for documents created or changed since the last poll,
 * by their {@code modified} time, oldest first. Frappe writes {@code modified} as local text
 * ({@code YYYY-MM-DD HH:MM:SS.ffffff}, in the site's time zone), which sorts as it reads, so the cursor (the kit's
 * {@link ChangeCursor}) keeps it as text: the last one taken, the names taken at it, and the offset when a whole
 * page shares it. Stateless.
 */
final class ChangedTrigger {
    static final String NAME = "erpnext.changed";
    private static final Inputs CONFIG = Inputs.ofTrigger(NAME);
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    static final TriggerSpec SPEC = new TriggerSpec(NAME,
            "Starts one execution per document of `doctype` created or changed since the last poll (every"
                    + " `every`, 30 s by default), oldest first, by its `modified` time; each change is one event,"
                    + " exactly once across polls and restarts (the event id is the doctype, the name and the"
                    + " `modified` time). `fields` chooses what the event carries (default all: `[\"*\"]`)."
                    + " Without `since` the first poll starts at the time it runs (no backfill). `timezone` is the"
                    + " site's time zone (System Settings), in which Frappe writes `modified`; UTC by default.",
            TriggerKind.POLLING,
            ErpNextConnector
                    .parse("""
                            {"type": "object", "required": ["doctype"], "additionalProperties": false, "properties": {
                              "doctype": {"type": "string", "minLength": 1},
                              "fields": {"type": "array", "items": {"type": "string"}},
                              "since": {"type": "string", "pattern": "^\\\\d{4}-\\\\d{2}-\\\\d{2} \\\\d{2}:\\\\d{2}:\\\\d{2}",
                                        "description": "the first poll's lower bound, as YYYY-MM-DD HH:MM:SS in the site's time zone"},
                              "timezone": {"type": "string", "default": "UTC", "description": "an IANA zone such as Asia/Kolkata"}}}"""),
            ErpNextConnector.parse("""
                    {"type": "object", "required": ["doctype", "doc"], "properties": {
                      "doctype": {"type": "string"}, "doc": {"type": "object"}}}"""),
            List.of(new Example("Sales invoices created or changed", ErpNextConnector.parse(
                    "{\"doctype\": \"Sales Invoice\", \"fields\": [\"name\", \"customer\", \"grand_total\","
                            + " \"status\", \"modified\"], \"timezone\": \"Europe/Paris\"}"),
                    ErpNextConnector.parse(
                            "{\"doctype\": \"Sales Invoice\", \"doc\": {\"name\": \"ACC-SINV-2026-00007\","
                                    + " \"customer\": \"Ada Corp\", \"grand_total\": 216.0, \"status\": \"Unpaid\","
                                    + " \"modified\": \"2026-12-06 10:00:00.123456\"}}"))));

    private ChangedTrigger() {
    }

    /** How the cursor is stored: {@code {"doctype", "since": "<modified>", "seen": [names], "start"}}. */
    static final CursorFormat CURSOR = CursorFormat.of(NAME, MarkOrder.TEXT).withOffset("start");

    record Query(String doctype, String pathAndQuery, ChangeCursor cursor) {
    }

    static Query query(PollRequest request, Instant now) throws ConnectorException {
        JsonNode config = request.config();
        String doctype = CONFIG.required(config, "doctype", "Sales Invoice");
        ObjectNode scope = JsonNodeFactory.instance.objectNode().put("doctype", doctype);
        ChangeCursor cursor = CURSOR.read(request.cursor(), scope).orElse(null);
        if (cursor == null) {
            String since;
            if (config.hasNonNull("since")) {
                since = config.get("since").asText();
            } else {
                String zone = config.path("timezone").asText("UTC");
                try {
                    since = LOCAL.format(now.atZone(ZoneId.of(zone)));
                } catch (DateTimeException e) {
                    throw CONFIG.invalid("timezone",
                            "an IANA time zone such as Asia/Kolkata or UTC, but was '" + zone + "'");
                }
            }
            cursor = CURSOR.start(scope, JsonNodeFactory.instance.textNode(since));
        }
        String since = cursor.mark().textValue();
        ArrayNode filters = JsonNodeFactory.instance.arrayNode();
        filters.addArray().add("modified").add(">=").add(since);
        JsonNode fields = config.has("fields")
                ? config.get("fields")
                : JsonNodeFactory.instance.arrayNode().add("*");
        boolean modifiedRead = false;
        for (JsonNode f : fields) {
            modifiedRead |= f.asText().equals("*") || f.asText().equals("modified");
        }
        if (!modifiedRead || !fields.has(0)) {
            throw CONFIG.invalid("fields",
                    "the fields must include \"name\" and \"modified\" (or \"*\"): the trigger"
                            + " orders and remembers documents by them");
        }
        Map<String, String> q = new LinkedHashMap<>();
        q.put("fields", fields.toString());
        q.put("filters", filters.toString());
        q.put("order_by", "modified asc");
        q.put("limit_start", Integer.toString(cursor.pagingNumber()));
        q.put("limit_page_length", Integer.toString(request.max()));
        return new Query(doctype, "/api/resource/" + JsonApi.segment(doctype) + JsonApi.query(q), cursor);
    }

    static PollResult result(Query query, JsonNode docs, int max) {
        List<Change> page = new ArrayList<>();
        for (JsonNode doc : docs) {
            page.add(new Change(doc.path("name").asText(),
                    doc.path("modified").isTextual() ? doc.get("modified") : query.cursor().mark(), doc));
        }
        // A full page whose documents all share the cursor's time is read past by its offset next time.
        ChangeCursor.Step step = query.cursor().take(page, page.size() >= max);
        List<Event> events = new ArrayList<>();
        for (Change change : step.taken()) {
            ObjectNode data = JsonNodeFactory.instance.objectNode().put("doctype", query.doctype());
            data.set("doc", change.record());
            events.add(
                    new Event(query.doctype() + ":" + change.id() + ":" + change.mark().textValue(), data));
        }
        return new PollResult(events, step.next().toJson(), page.size() >= max);
    }
}
