package dev.weft.connector.wordpress;

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
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code wordpress.changed} trigger: polls posts or pages for those created or changed since the last
 * poll, by their {@code modified} time (the site's local time, {@code YYYY-MM-DDTHH:MM:SS}, which sorts as it
 * reads), oldest first ({@code orderby=modified&order=asc}). WordPress's {@code modified_after} is exclusive,
 * so the trigger asks from one second before its cursor and drops what it took: the cursor holds the last
 * {@code modified} taken, the ids taken at it, and the page to read when a whole page shares it. Stateless.
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

    /** What to ask for: the route and its parameters, the cursor's time, the ids taken at it, the page. */
    record Query(String type, String route, Map<String, String> parameters, String since, Set<String> seen,
            int page, int perPage) {
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
        String since;
        int page = 1;
        Set<String> seen = new LinkedHashSet<>();
        JsonNode cursor = request.cursor();
        if (cursor != null && cursor.path("type").asText().equals(type) && cursor.has("since")) {
            since = cursor.get("since").asText();
            cursor.path("seen").forEach(id -> seen.add(id.asText()));
            page = Math.max(1, cursor.path("page").asInt(1));
        } else if (config.hasNonNull("since")) {
            since = CONFIG.text(config, "since", null);
            try {
                LocalDateTime.parse(since, LOCAL);
            } catch (DateTimeParseException e) {
                throw CONFIG.invalid("since", "must be YYYY-MM-DDTHH:MM:SS in the site's time zone, such as"
                        + " 2026-12-01T00:00:00, but was '" + since + "'");
            }
        } else {
            since = LOCAL.format(clock.now());
        }
        int perPage = Math.min(MAX_PER_PAGE, Math.max(1, request.max()));
        Map<String, String> parameters = new LinkedHashMap<>();
        // modified_after is exclusive: ask from a second before, and drop what the cursor says was taken.
        parameters.put("modified_after", LOCAL.format(LocalDateTime.parse(since, LOCAL).minusSeconds(1)));
        parameters.put("orderby", "modified");
        parameters.put("order", "asc");
        parameters.put("status", String.join(",", status));
        parameters.put("per_page", Integer.toString(perPage));
        parameters.put("page", Integer.toString(page));
        return new Query(type, "/wp/v2/" + type, parameters, since, seen, page, perPage);
    }

    /** The events of one page of records, and the cursor after them. */
    static PollResult result(Query query, JsonNode records) {
        List<Event> events = new ArrayList<>();
        String since = query.since();
        Set<String> seen = new LinkedHashSet<>(query.seen());
        int count = 0;
        for (JsonNode record : records) {
            count++;
            String id = record.path("id").asText();
            String modified = record.path("modified").asText("");
            int order = modified.compareTo(query.since());
            if (order < 0 || order == 0 && query.seen().contains(id)) {
                continue; // before the cursor, or taken at its time already
            }
            if (modified.compareTo(since) > 0) {
                since = modified;
                seen.clear();
            }
            seen.add(id);
            ObjectNode data = JsonNodeFactory.instance.objectNode().put("type", query.type());
            data.set("record", record);
            events.add(new Event(query.type() + ":" + id + ":" + record.path("modified_gmt").asText(modified),
                    data));
        }
        boolean full = count >= query.perPage();
        ObjectNode cursor = JsonNodeFactory.instance.objectNode().put("type", query.type()).put("since",
                since);
        // A full page that did not move past the cursor's time (all its records share it): the next poll reads
        // the next page of that time, or it would read this one again for ever.
        cursor.put("page", full && since.equals(query.since()) ? query.page() + 1 : 1);
        ArrayNode ids = cursor.putArray("seen");
        seen.forEach(ids::add);
        return new PollResult(events, cursor, full);
    }
}
