package dev.weft.connector.wordpress;

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
import dev.weft.connector.kit.JsonApi;
import dev.weft.connector.kit.changes.Change;
import dev.weft.connector.kit.changes.ChangeCursor;
import dev.weft.connector.kit.changes.CursorFormat;
import dev.weft.connector.kit.changes.MarkOrder;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code wordpress.changed} trigger: polls posts or pages for those created or changed since the last
 * poll, by their {@code modified} time (the site's local time, {@code YYYY-MM-DDTHH:MM:SS}, which sorts as it
 * reads), oldest first ({@code orderby=modified&order=asc}). WordPress's {@code modified_after} is exclusive,
 * so the trigger asks from one second before its cursor and drops what it took: the cursor (the kit's
 * {@link ChangeCursor}) holds the last {@code modified} taken, the ids taken at it, and the page to read when a
 * whole page shares it. Stateless.
 */
final class ChangedTrigger {
    static final String NAME = "wordpress.changed";
    private static final Inputs CONFIG = Inputs.ofTrigger(NAME);
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final Set<String> TYPES = Set.of("posts", "pages");
    /** WordPress answers at most 100 records a page. */
    private static final int MAX_PER_PAGE = 100;

    static final TriggerSpec SPEC = new TriggerSpec(NAME,
            "Starts one execution per post (or page, with `type: pages`) created or changed since the last poll"
                    + " (every `every`, 30 s by default), oldest first, by its `modified` time. Each change is one"
                    + " event, exactly once across polls and restarts: the event id is the type, the id and"
                    + " `modified_gmt`. `status` chooses which (default `[\"publish\"]`; drafts and others need an"
                    + " application password of a user who may edit them). Without `since` the first poll starts at"
                    + " the time it runs, in the site's time zone as its REST index announces it (no backfill);"
                    + " with it, changes from then on are events too.",
            TriggerKind.POLLING,
            Operations
                    .parse("""
                            {"type": "object", "additionalProperties": false, "properties": {
                              "type": {"type": "string", "enum": ["posts", "pages"], "default": "posts"},
                              "status": {"type": "array", "minItems": 1, "items": {"type": "string", "enum": ["publish", "future", "draft", "pending", "private", "trash"]},
                                         "default": ["publish"]},
                              "since": {"type": "string", "pattern": "^\\\\d{4}-\\\\d{2}-\\\\d{2}T\\\\d{2}:\\\\d{2}:\\\\d{2}$",
                                        "description": "the first poll's lower bound, YYYY-MM-DDTHH:MM:SS in the site's time zone"}}}"""),
            Operations
                    .parse("""
                            {"type": "object", "required": ["type", "record"], "properties": {
                              "type": {"type": "string"},
                              "record": {"type": "object", "description": "the post or page as WordPress's list answers it"}}}"""),
            List.of(new Example("Posts published or changed, drafts included",
                    Operations.parse("{\"type\": \"posts\", \"status\": [\"publish\", \"draft\"]}"),
                    Operations.parse("{\"type\": \"posts\", \"record\": {\"id\": 12, \"status\": \"publish\","
                            + " \"modified\": \"2026-12-06T10:00:00\", \"modified_gmt\": \"2026-12-06T09:00:00\","
                            + " \"title\": {\"rendered\": \"Spring sale\"}}}"))));

    private ChangedTrigger() {
    }

    /** The site's local time now (read from its REST index when the first poll needs it). */
    @FunctionalInterface
    interface SiteClock {
        LocalDateTime now() throws ConnectorException;
    }

    /** How the cursor is stored: {@code {"type", "since": "<modified>", "seen": [ids], "page"}}, pages from 1. */
    static final CursorFormat CURSOR = CursorFormat.of(NAME, MarkOrder.TEXT).withPageNumber("page", 1);

    /** What to ask for: the route and its parameters, and the cursor (its time, the ids taken at it, the page). */
    record Query(String type, String route, Map<String, String> parameters, ChangeCursor cursor,
            int perPage) {
        /** The cursor's time, the site's local {@code modified}. */
        String since() {
            return cursor.mark().textValue();
        }
    }

    static Query query(PollRequest request, SiteClock clock) throws ConnectorException {
        JsonNode config = request.config();
        String type = CONFIG.text(config, "type", "posts");
        if (!TYPES.contains(type)) {
            throw CONFIG.invalid("type", "must be posts or pages, but was '" + type + "'");
        }
        List<String> status = config.has("status")
                ? CONFIG.strings(config, "status", "publish")
                : List.of("publish");
        ObjectNode scope = JsonNodeFactory.instance.objectNode().put("type", type);
        ChangeCursor cursor = CURSOR.read(request.cursor(), scope).orElse(null);
        if (cursor == null) {
            String since;
            if (config.hasNonNull("since")) {
                since = CONFIG.text(config, "since", null);
                try {
                    LocalDateTime.parse(since, LOCAL);
                } catch (DateTimeParseException e) {
                    throw CONFIG.invalid("since",
                            "must be YYYY-MM-DDTHH:MM:SS in the site's time zone, such as"
                                    + " 2026-12-01T00:00:00, but was '" + since + "'");
                }
            } else {
                since = LOCAL.format(clock.now());
            }
            cursor = CURSOR.start(scope, JsonNodeFactory.instance.textNode(since));
        }
        String since = cursor.mark().textValue();
        LocalDateTime from;
        try {
            from = LocalDateTime.parse(since, LOCAL);
        } catch (DateTimeParseException e) {
            throw ConnectorException.permanent("wordpress.cursor",
                    NAME + ": the stored cursor is damaged: its"
                            + " 'since' must be YYYY-MM-DDTHH:MM:SS, but was '" + JsonApi.abbreviate(since)
                            + "': reset the trigger's cursor to start over",
                    null, null);
        }
        int page = Math.max(1, cursor.pagingNumber());
        int perPage = Math.min(MAX_PER_PAGE, Math.max(1, request.max()));
        Map<String, String> parameters = new LinkedHashMap<>();
        // modified_after is exclusive: ask from a second before, and drop what the cursor says was taken.
        parameters.put("modified_after", LOCAL.format(from.minusSeconds(1)));
        parameters.put("orderby", "modified");
        parameters.put("order", "asc");
        parameters.put("status", String.join(",", status));
        parameters.put("per_page", Integer.toString(perPage));
        parameters.put("page", Integer.toString(page));
        return new Query(type, "/wp/v2/" + type, parameters, cursor, perPage);
    }

    /** The events of one page of records, and the cursor after them. */
    static PollResult result(Query query, JsonNode records) {
        List<Change> page = new ArrayList<>();
        for (JsonNode record : records) {
            page.add(new Change(record.path("id").asText(),
                    JsonNodeFactory.instance.textNode(record.path("modified").asText("")), record));
        }
        // A full page whose records all share the cursor's time: the next poll reads the next page of that time,
        // or it would read this one again for ever.
        boolean full = page.size() >= query.perPage();
        ChangeCursor.Step step = query.cursor().take(page, full);
        List<Event> events = new ArrayList<>();
        for (Change change : step.taken()) {
            ObjectNode data = JsonNodeFactory.instance.objectNode().put("type", query.type());
            data.set("record", change.record());
            events.add(new Event(query.type() + ":" + change.id() + ":"
                    + change.record().path("modified_gmt").asText(change.mark().textValue()), data));
        }
        return new PollResult(events, step.next().toJson(), full);
    }
}
