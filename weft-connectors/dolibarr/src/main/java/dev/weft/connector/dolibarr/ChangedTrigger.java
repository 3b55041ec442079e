package dev.weft.connector.dolibarr;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.weft.connector.kit.changes.Change;
import dev.weft.connector.kit.changes.ChangeCursor;
import dev.weft.connector.kit.changes.CursorFormat;
import dev.weft.connector.kit.changes.MarkOrder;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code dolibarr.changed} trigger: polls one kind of record for those created or changed since the
 * last poll, by Dolibarr's modification time ({@code t.tms}, answered as {@code date_modification}), oldest
 * first. The cursor (the kit's {@link ChangeCursor}) holds the last modification time taken and the ids taken at
 * that second, so that records sharing it are neither missed (the filter is {@code >=}) nor taken twice, and the
 * page to read when a whole page shares that second. Stateless.
 */
final class ChangedTrigger {
    static final String NAME = "dolibarr.changed";
    private static final Inputs CONFIG = Inputs.ofTrigger(NAME);
    private static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Set<String> RESOURCES = Set.of("thirdparties", "products", "orders", "invoices");

    static final TriggerSpec SPEC = new TriggerSpec(NAME,
            "Starts one execution per record of `resource` (third parties, products, orders or invoices)"
                    + " created or changed since the last poll (every `every`, 30 s by default), oldest first,"
                    + " by Dolibarr's modification time (`t.tms`, answered as `date_modification`). Each change"
                    + " of a record is one event, exactly once across polls and restarts: the event id is the"
                    + " resource, the record's id and its modification time. Without `since` the first poll"
                    + " starts at the time it runs (no backfill); with it, records changed from then on are"
                    + " events too. `timezone` is the time zone of Dolibarr's database clock, in which the"
                    + " filter's time is written (UTC by default).",
            TriggerKind.POLLING,
            Operations
                    .parse("""
                            {"type": "object", "required": ["resource"], "additionalProperties": false, "properties": {
                              "resource": {"type": "string", "enum": ["thirdparties", "products", "orders", "invoices"]},
                              "since": {"type": "string", "pattern": "^\\\\d{4}-\\\\d{2}-\\\\d{2} \\\\d{2}:\\\\d{2}:\\\\d{2}$",
                                        "description": "the first poll's lower bound, as YYYY-MM-DD HH:MM:SS in the database's time zone"},
                              "timezone": {"type": "string", "default": "UTC", "description": "an IANA zone such as Europe/Paris"}}}"""),
            Operations
                    .parse("""
                            {"type": "object", "required": ["resource", "record"], "properties": {
                              "resource": {"type": "string"},
                              "record": {"type": "object", "description": "the record as Dolibarr's list answers it"}}}"""),
            List.of(new Example("Invoices created or changed, from the first poll on",
                    Operations.parse("{\"resource\": \"invoices\"}"),
                    Operations.parse("{\"resource\": \"invoices\", \"record\": {\"id\": \"7\", \"ref\":"
                            + " \"FA2612-0007\", \"date_modification\": 1796554800}}"))));

    private ChangedTrigger() {
    }

    /** How the cursor is stored: {@code {"resource", "since": <Unix seconds>, "seen": [ids], "page"}}. */
    static final CursorFormat CURSOR = CursorFormat.of(NAME, MarkOrder.NUMBER).withPageNumber("page", 0);

    /** What to ask for: the resource, and the cursor holding the filter's lower bound and the ids taken at it. */
    record Query(String resource, String pathAndQuery, ChangeCursor cursor) {
    }

    static Query query(PollRequest request, Instant now) throws ConnectorException {
        JsonNode config = request.config();
        String resource = CONFIG.required(config, "resource", "invoices");
        if (!RESOURCES.contains(resource)) {
            throw CONFIG.invalid("resource", "one of " + RESOURCES + ", but was '" + resource + "'");
        }
        ZoneId zone = zone(config);
        ObjectNode scope = JsonNodeFactory.instance.objectNode().put("resource", resource);
        ChangeCursor cursor = CURSOR.read(request.cursor(), scope).orElse(null);
        if (cursor == null) {
            long since = now.getEpochSecond();
            if (config.hasNonNull("since")) {
                try {
                    since = LocalDateTime.parse(config.get("since").asText(), SQL_TIME).atZone(zone)
                            .toEpochSecond();
                } catch (DateTimeParseException e) {
                    throw CONFIG.invalid("since", "YYYY-MM-DD HH:MM:SS, such as 2026-12-01 00:00:00");
                }
            }
            cursor = CURSOR.start(scope, JsonNodeFactory.instance.numberNode(since));
        }
        String from = SQL_TIME.format(Instant.ofEpochSecond(cursor.mark().longValue()).atZone(zone));
        String filter = "(t.tms:>=:'" + from + "')";
        String path = "/" + resource + "?sortfield=t.tms&sortorder=ASC&limit=" + request.max() + "&page="
                + cursor.pagingNumber() + "&sqlfilters="
                + java.net.URLEncoder.encode(filter, java.nio.charset.StandardCharsets.UTF_8);
        return new Query(resource, path, cursor);
    }

    private static ZoneId zone(JsonNode config) throws ConnectorException {
        String name = config.path("timezone").asText("UTC");
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            throw CONFIG.invalid("timezone",
                    "an IANA time zone such as Europe/Paris or UTC, but was '" + name + "'");
        }
    }

    /** The events of one page of records, and the cursor after them. */
    static PollResult result(Query query, JsonNode records, int max) {
        List<Change> page = new ArrayList<>();
        for (JsonNode record : records) {
            page.add(new Change(record.path("id").asText(),
                    JsonNodeFactory.instance.numberNode(modified(record)),
                    record));
        }
        // A full page may have more behind it; one whose records all shared the cursor's second is read on
        // from its next page, or it would be read again for ever.
        ChangeCursor.Step step = query.cursor().take(page, page.size() >= max);
        List<Event> events = new ArrayList<>();
        for (Change change : step.taken()) {
            ObjectNode data = JsonNodeFactory.instance.objectNode().put("resource", query.resource());
            data.set("record", change.record());
            events.add(new Event(query.resource() + ":" + change.id() + ":" + change.mark().asLong(), data));
        }
        return new PollResult(events, step.next().toJson(), page.size() >= max);
    }

    /** The record's modification time in Unix seconds ({@code date_modification}, else its creation). */
    private static long modified(JsonNode record) {
        JsonNode m = record.hasNonNull("date_modification")
                ? record.get("date_modification")
                : record.path("date_creation");
        return m.canConvertToLong()
                ? m.asLong()
                : m.asText().matches("\\d+") ? Long.parseLong(m.asText()) : 0;
    }
}
