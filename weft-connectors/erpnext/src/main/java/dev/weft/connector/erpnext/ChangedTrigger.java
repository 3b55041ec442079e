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
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code erpnext.changed} trigger: polls a doctype for documents created or changed since the last poll,
 * by their {@code modified} time, oldest first. Frappe writes {@code modified} as local text
 * ({@code YYYY-MM-DD HH:MM:SS.ffffff}, in the site's time zone), which sorts as it reads, so the cursor keeps it
 * as text: the last one taken, the names taken at it, and the offset when a whole page shares it. Stateless.
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

    record Query(String doctype, String pathAndQuery, String since, Set<String> seen, int start) {
    }

    static Query query(PollRequest request, Instant now) throws ConnectorException {
        JsonNode config = request.config();
        String doctype = CONFIG.required(config, "doctype", "Sales Invoice");
        String since;
        int start = 0;
        Set<String> seen = new LinkedHashSet<>();
        JsonNode cursor = request.cursor();
        if (cursor != null && cursor.path("doctype").asText().equals(doctype) && cursor.has("since")) {
            since = cursor.get("since").asText();
            cursor.path("seen").forEach(n -> seen.add(n.asText()));
            start = cursor.path("start").asInt(0);
        } else if (config.hasNonNull("since")) {
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
        q.put("limit_start", Integer.toString(start));
        q.put("limit_page_length", Integer.toString(request.max()));
        return new Query(doctype, "/api/resource/" + JsonApi.segment(doctype) + JsonApi.query(q), since, seen,
                start);
    }

    static PollResult result(Query query, JsonNode docs, int max) {
        List<Event> events = new ArrayList<>();
        String since = query.since();
        Set<String> seen = new LinkedHashSet<>(query.seen());
        int count = 0;
        for (JsonNode doc : docs) {
            count++;
            String name = doc.path("name").asText();
            String modified = doc.path("modified").asText(query.since());
            int order = modified.compareTo(query.since());
            if (order < 0 || order == 0 && query.seen().contains(name)) {
                continue;
            }
            if (modified.compareTo(since) > 0) {
                since = modified;
                seen.clear();
            }
            seen.add(name);
            ObjectNode data = JsonNodeFactory.instance.objectNode().put("doctype", query.doctype());
            data.set("doc", doc);
            events.add(new Event(query.doctype() + ":" + name + ":" + modified, data));
        }
        ObjectNode cursor = JsonNodeFactory.instance.objectNode().put("doctype", query.doctype()).put("since",
                since);
        cursor.putArray("seen").addAll(seen.stream().map(JsonNodeFactory.instance::textNode).toList());
        cursor.put("start", count >= max && since.equals(query.since()) ? query.start() + count : 0);
        return new PollResult(events, cursor, count >= max);
    }
}
