package dev.weft.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Durations;
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
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code hubspot.changed} trigger: searches one object type for records created or changed since the last
 * poll, by their last modification time ({@code lastmodifieddate} for contacts, {@code hs_lastmodifieddate}
 * for every other type, in milliseconds), oldest first. The cursor (the kit's {@link ChangeCursor}) holds the last
 * time taken and the ids taken at it, so that records sharing it are neither missed (the filter is {@code GTE}) nor taken twice, and the
 * search's {@code after} when a whole page shares that time. Stateless.
 */
final class ChangedTrigger {
    static final String NAME = "hubspot.changed";
    private static final Inputs CONFIG = Inputs.ofTrigger(NAME);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** How long a change may take to reach HubSpot's search index, by default. */
    static final Duration SETTLE = Duration.ofSeconds(10);

    static final TriggerSpec SPEC = new TriggerSpec(NAME,
            "Starts one execution per record of `objectType` (contacts, companies, deals, products, line_items"
                    + " or any other) created or changed since the last poll (every `every`, 30 s by default),"
                    + " oldest first, by its last modification time (`lastmodifieddate` for contacts,"
                    + " `hs_lastmodifieddate` for the others), through the CRM search API. Each change of a record"
                    + " is one event, exactly once across polls and restarts: the event id is the object type,"
                    + " the record's id and its modification time in milliseconds. `properties` chooses what the"
                    + " record carries (HubSpot's defaults without it). Without `since` the first poll starts at"
                    + " the time it runs (no backfill). HubSpot's search index lags changes by a few seconds, so a"
                    + " poll takes changes older than `settle` (10 s by default) only. HubSpot's search pages"
                    + " through 10,000 results of one query at most: should more than 10,000 records share one"
                    + " millisecond (a bulk import), the rest of them are skipped, with a warning in the log.",
            TriggerKind.POLLING,
            Operations
                    .parse("""
                            {"type": "object", "required": ["objectType"], "additionalProperties": false, "properties": {
                              "objectType": {"type": "string", "pattern": "^[A-Za-z0-9_-]+$", "description": "contacts, companies, deals, products, line_items, or another object type's name or id"},
                              "properties": {"type": "array", "items": {"type": "string", "minLength": 1}, "description": "the properties each record carries"},
                              "since": {"type": "string", "format": "date-time", "description": "the first poll's lower bound, an ISO-8601 time such as 2026-12-01T00:00:00Z"},
                              "settle": {"type": "string", "default": "10s", "description": "how old a change must be to be taken, as 10s or 1m: HubSpot's search index lags changes"}}}"""),
            Operations.parse("""
                    {"type": "object", "required": ["objectType", "record"], "properties": {
                      "objectType": {"type": "string"},
                      "record": %s}}""".formatted(Operations.RECORD)),
            List.of(new Example("Deals created or changed", Operations.parse(
                    "{\"objectType\": \"deals\", \"properties\": [\"dealname\", \"amount\", \"dealstage\","
                            + " \"hs_lastmodifieddate\"]}"),
                    Operations.parse(
                            "{\"objectType\": \"deals\", \"record\": {\"id\": \"9001\", \"properties\": {"
                                    + "\"dealname\": \"Ada Corp renewal\", \"amount\": \"4800\", \"dealstage\": \"closedwon\","
                                    + " \"hs_lastmodifieddate\": \"2026-12-06T09:00:00.000Z\"}, \"createdAt\":"
                                    + " \"2026-11-02T08:00:00.000Z\", \"updatedAt\": \"2026-12-06T09:00:00.000Z\","
                                    + " \"archived\": false}}"))));

    private ChangedTrigger() {
    }

    /**
     * How the cursor is stored: {@code {"objectType", "since": <ms>, "seen": [ids], "after": <token> or null}}.
     */
    static final CursorFormat CURSOR = CursorFormat.of(NAME, MarkOrder.NUMBER).withToken("after", true);

    /** What to ask for: the search's body, and the cursor with its lower bound and the ids taken at it already. */
    record Query(String objectType, String property, ChangeCursor cursor, ObjectNode body) {
        /** The search's lower bound, in milliseconds. */
        long since() {
            return cursor.mark().longValue();
        }
    }

    /** The result of one page, and whether records were skipped at the search's 10,000 results limit. */
    record Page(PollResult result, boolean skipped) {
    }

    /** The modification time property of an object type. */
    static String property(String objectType) {
        return objectType.equals("contacts") || objectType.equals("contact") || objectType.equals("0-1")
                ? "lastmodifieddate"
                : "hs_lastmodifieddate";
    }

    static Query query(PollRequest request, Instant now) throws ConnectorException {
        JsonNode config = request.config();
        String objectType = HubSpotClient.type(CONFIG, config, "objectType");
        String property = property(objectType);
        ObjectNode scope = NODES.objectNode().put("objectType", objectType);
        ChangeCursor cursor = CURSOR.read(request.cursor(), scope).orElse(null);
        if (cursor == null) {
            long start;
            if (config.hasNonNull("since")) {
                try {
                    start = OffsetDateTime.parse(config.get("since").asText()).toInstant().toEpochMilli();
                } catch (DateTimeParseException e) {
                    throw CONFIG.invalid("since", "must be an ISO-8601 time with its offset, such as"
                            + " 2026-12-01T00:00:00Z, but was '" + config.get("since").asText() + "'");
                }
            } else {
                start = now.toEpochMilli();
            }
            cursor = CURSOR.start(scope, NODES.numberNode(start));
        }
        long since = cursor.mark().longValue();
        String after = cursor.pagingToken();
        Duration settle = SETTLE;
        if (config.hasNonNull("settle")) {
            settle = Durations.parse(config.get("settle").asText()).filter(d -> !d.isNegative())
                    .orElseThrow(
                            () -> CONFIG.invalid("settle", "must be " + Durations.EXPECTED + ", but was '"
                                    + config.get("settle").asText() + "'"));
        }
        ObjectNode body = NODES.objectNode();
        ArrayNode filters = body.putArray("filterGroups").addObject().putArray("filters");
        filters.addObject().put("propertyName", property).put("operator", "GTE").put("value",
                Long.toString(since));
        filters.addObject().put("propertyName", property).put("operator", "LT").put("value",
                Long.toString(now.minus(settle).toEpochMilli()));
        body.putArray("sorts").addObject().put("propertyName", property).put("direction", "ASCENDING");
        ArrayNode properties = HubSpotClient.names(CONFIG, config, "properties");
        if (!properties.isEmpty()) {
            boolean named = false;
            for (JsonNode p : properties) {
                named |= p.asText().equals(property);
            }
            if (!named) {
                properties.add(property);
            }
            body.set("properties", properties);
        }
        body.put("limit", Math.min(request.max(), Operations.SEARCH_PAGE_MAX));
        if (after != null) {
            body.put("after", after);
        }
        return new Query(objectType, property, cursor, body);
    }

    /** The events of one page of search results, and the cursor after them. */
    static Page result(Query query, JsonNode answer, int max) {
        List<Change> page = new ArrayList<>();
        for (JsonNode record : answer.path("results")) {
            page.add(new Change(record.path("id").asText(),
                    NODES.numberNode(modified(record, query.property())),
                    record));
        }
        JsonNode next = answer.path("paging").path("next").path("after");
        int limit = Math.min(max, Operations.SEARCH_PAGE_MAX);
        // A full page that did not move past the cursor's time (all its records share it): the next poll reads
        // the next page of that time, or it would read this one again for ever.
        ChangeCursor.Step step = query.cursor().take(page,
                page.size() >= limit && next.isTextual() ? next.asText() : null);
        ChangeCursor cursor = step.next();
        boolean skipped = false;
        String after = cursor.pagingToken();
        if (after != null
                && (!after.matches("\\d{1,9}")
                        || Long.parseLong(after) + limit > Operations.SEARCH_RESULTS_MAX)) {
            // HubSpot answers 400 past its 10,000th result: move past this millisecond instead.
            skipped = true;
            cursor = cursor.restartAt(NODES.numberNode(cursor.mark().longValue() + 1));
        }
        List<Event> events = new ArrayList<>();
        for (Change change : step.taken()) {
            ObjectNode data = NODES.objectNode().put("objectType", query.objectType());
            data.set("record", change.record());
            events.add(new Event(query.objectType() + ":" + change.id() + ":" + change.mark().longValue(),
                    data));
        }
        return new Page(new PollResult(events, cursor.toJson(), next.isTextual()), skipped);
    }

    /** A record's modification time in milliseconds: its modification property, else {@code updatedAt}. */
    static long modified(JsonNode record, String property) {
        for (JsonNode value : new JsonNode[]{record.path("properties").path(property),
                record.path("updatedAt")}) {
            String text = value.asText("");
            if (text.matches("\\d{10,}")) {
                return Long.parseLong(text);
            }
            try {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            } catch (DateTimeParseException unreadable) {
                // try the next
            }
        }
        return 0;
    }
}
