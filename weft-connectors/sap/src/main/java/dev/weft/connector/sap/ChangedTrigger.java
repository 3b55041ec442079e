package dev.weft.connector.sap;

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
import dev.weft.connector.kit.changes.Settle;
import dev.weft.connector.kit.odata.ODataQuery;
import dev.weft.connector.kit.odata.ODataVersion;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code sap.changed} trigger: polls an entity set for records created or changed since the last poll,
 * by a last-changed property ({@code LastChangeDateTime} by default), oldest first. The cursor (the kit's
 * {@link ChangeCursor}) holds the last change time taken, the keys taken at it (the filter is {@code ge}), and the
 * {@code $skip} to read when a whole page shares that time.
 *
 * <p>An S/4HANA application sets the last-changed time in the dialog step, and its asynchronous update task
 * writes the record later (seconds, or minutes when the update work processes queue), so a record can become
 * visible after a poll that read later times. The filter is therefore bounded above by the kit's
 * {@link Settle} ({@code lt now - settle}, in whole seconds): a time is read only once the changes stamped with
 * it are written, and the mark never passes one that was not. Stateless.
 */
final class ChangedTrigger {
    static final String NAME = "sap.changed";
    private static final Inputs CONFIG = Inputs.ofTrigger(NAME);
    private static final Pattern V2_DATE = Pattern.compile("/Date\\((-?\\d+)([+-]\\d{4})?\\)/");
    private static final DateTimeFormatter FRACTION = DateTimeFormatter.ofPattern(
            "yyyy-MM-dd'T'HH:mm:ss.SSSSSSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter WHOLE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    /**
     * How old a change must be to be read, by default: the update task that writes a change runs after its
     * time was set, and can queue for minutes on a busy system.
     */
    static final Settle SETTLE = new Settle(NAME, Duration.ofMinutes(5));

    static final TriggerSpec SPEC = new TriggerSpec(NAME,
            "Starts one execution per record of `entitySet` created or changed since the last poll (every"
                    + " `every`, 30 s by default), oldest first, by its last-changed `property`"
                    + " (`LastChangeDateTime`, an Edm.DateTimeOffset, by default; `propertyType: DateTime` for an"
                    + " Edm.DateTime in UTC). `keys` are the entity's key properties, which order records changed"
                    + " at the same time and make the event id (entity set, key values, change time): each"
                    + " change is one event, exactly once across polls and restarts. `filter` narrows the"
                    + " records. Without `since` the first poll starts at the time it runs (no backfill). SAP sets"
                    + " the last-changed time before the change's update task writes it, so a poll takes changes"
                    + " older than `settle` only (" + SETTLE.defaultText() + " by default): a change written"
                    + " more than `settle` after its time may be missed.",
            TriggerKind.POLLING,
            SapConnector
                    .parse("""
                            {"type": "object", "required": ["entitySet", "keys"], "additionalProperties": false, "properties": {
                              "entitySet": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$", "description": "such as A_SalesOrder or A_BusinessPartner"},
                              "keys": {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}, "description": "the key properties, such as [\\"SalesOrder\\"]"},
                              "property": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$", "default": "LastChangeDateTime"},
                              "propertyType": {"enum": ["DateTimeOffset", "DateTime"], "default": "DateTimeOffset"},
                              "filter": {"type": "string"},
                              "select": {"type": "array", "items": {"type": "string"}},
                              "since": {"type": "string", "format": "date-time", "description": "the first poll's lower bound, such as 2026-12-01T00:00:00Z"},
                              "settle": %s}}"""
                            .formatted(SETTLE.schema(
                                    "SAP sets the last-changed time before the update task writes the change"))),
            SapConnector
                    .parse("""
                            {"type": "object", "required": ["entitySet", "record"], "properties": {
                              "entitySet": {"type": "string"},
                              "record": {"type": "object", "description": "the record as the service answers it"}}}"""),
            List.of(new Example("Sales orders created or changed",
                    SapConnector.parse("{\"entitySet\": \"A_SalesOrder\", \"keys\": [\"SalesOrder\"]}"),
                    SapConnector.parse("{\"entitySet\": \"A_SalesOrder\", \"record\": {\"SalesOrder\": \"1\","
                            + " \"SoldToParty\": \"17100001\", \"LastChangeDateTime\":"
                            + " \"/Date(1796547600000+0000)/\"}}"))));

    private ChangedTrigger() {
    }

    /** How the cursor is stored: {@code {"entitySet", "since": "<ISO instant>", "seen": [keys], "skip"}}. */
    static final CursorFormat CURSOR = CursorFormat.of(NAME, MarkOrder.TIME).withOffset("skip");

    record Query(String entitySet, List<String> keys, String property, String path, ChangeCursor cursor) {
    }

    static Query query(PollRequest request, ODataVersion version, Instant now) throws ConnectorException {
        JsonNode config = request.config();
        String entitySet = ODataQuery.name(CONFIG.text(config, "entitySet", null), CONFIG, "entitySet",
                "A_SalesOrder");
        List<String> keys = new ArrayList<>();
        for (String key : CONFIG.strings(config, "keys", "SalesOrder")) {
            keys.add(ODataQuery.name(key, CONFIG, "keys", "SalesOrder"));
        }
        String property = ODataQuery.name(CONFIG.text(config, "property", "LastChangeDateTime"), CONFIG,
                "property", "LastChangeDateTime");
        boolean dateTime = "DateTime".equals(CONFIG.text(config, "propertyType", "DateTimeOffset"));
        ObjectNode scope = JsonNodeFactory.instance.objectNode().put("entitySet", entitySet);
        ChangeCursor cursor = CURSOR.read(request.cursor(), scope).orElse(null);
        if (cursor == null) {
            Instant start;
            if (config.hasNonNull("since")) {
                try {
                    start = Instant.parse(config.get("since").asText());
                } catch (DateTimeParseException e) {
                    throw CONFIG.invalid("since", "must be a UTC time such as 2026-12-01T00:00:00Z, but was '"
                            + config.get("since").asText() + "'");
                }
            } else {
                start = now.truncatedTo(ChronoUnit.SECONDS);
            }
            cursor = CURSOR.start(scope, JsonNodeFactory.instance.textNode(start.toString()));
        }
        Instant since = OffsetDateTime.parse(cursor.mark().textValue()).toInstant();
        int skip = cursor.pagingNumber();
        Instant bound = SETTLE.bound(config, now, ChronoUnit.SECONDS);
        String filter = property + " ge " + literal(since, version, dateTime) + " and " + property + " lt "
                + literal(bound, version, dateTime);
        String narrower = CONFIG.text(config, "filter", null);
        if (narrower != null && !narrower.isBlank()) {
            filter += " and (" + narrower + ")";
        }
        List<String> order = new ArrayList<>();
        order.add(property + " asc");
        keys.forEach(k -> order.add(k + " asc"));
        ODataQuery q = new ODataQuery().list("$select", SapClient.strings(config, "select"))
                .option("$filter", filter).option("$orderby", String.join(",", order))
                .option("$top", Integer.toString(request.max()));
        if (skip > 0) {
            q.option("$skip", Integer.toString(skip));
        }
        return new Query(entitySet, List.copyOf(keys), property, "/" + entitySet + q, cursor);
    }

    /** A time as the service's filter reads it: v4's ISO time, v2's {@code datetimeoffset'…'} or {@code datetime'…'}. */
    private static String literal(Instant at, ODataVersion version, boolean dateTime) {
        String time = (at.getNano() == 0 ? WHOLE : FRACTION).format(at);
        return version == ODataVersion.V4
                ? time + "Z"
                : dateTime ? "datetime'" + time + "'" : "datetimeoffset'" + time + "Z'";
    }

    static PollResult result(Query query, JsonNode records, int max) throws ConnectorException {
        List<Change> page = new ArrayList<>();
        for (JsonNode record : records) {
            List<String> values = new ArrayList<>();
            for (String k : query.keys()) {
                if (!record.hasNonNull(k)) {
                    throw CONFIG.invalid("keys", "names " + k + ", which the records of " + query.entitySet()
                            + " do not have (or `select` leaves out): give the entity's key properties");
                }
                values.add(record.get(k).asText());
            }
            Instant changed = time(record.get(query.property()), query);
            page.add(new Change(String.join(",", values),
                    JsonNodeFactory.instance.textNode(changed.toString()),
                    record));
        }
        // A full page whose records all share the cursor's time: the next poll reads past it, or it would read
        // this page again for ever.
        ChangeCursor.Step step = query.cursor().take(page, page.size() >= max);
        List<Event> events = new ArrayList<>();
        for (Change change : step.taken()) {
            ObjectNode data = JsonNodeFactory.instance.objectNode().put("entitySet", query.entitySet());
            data.set("record", change.record());
            events.add(
                    new Event(query.entitySet() + ":" + change.id() + ":" + change.mark().textValue(), data));
        }
        return new PollResult(events, step.next().toJson(), page.size() >= max);
    }

    /** A v2 {@code /Date(ms+0000)/} or a v4 ISO time. */
    private static Instant time(JsonNode value, Query query) throws ConnectorException {
        String text = value == null ? "" : value.asText("");
        Matcher m = V2_DATE.matcher(text);
        if (m.matches()) {
            return Instant.ofEpochMilli(Long.parseLong(m.group(1)));
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw CONFIG.invalid("property", "names " + query.property() + ", whose value '" + text
                    + "' is not"
                    + " a time: give a last-changed property of type Edm.DateTimeOffset or Edm.DateTime");
        }
    }
}
