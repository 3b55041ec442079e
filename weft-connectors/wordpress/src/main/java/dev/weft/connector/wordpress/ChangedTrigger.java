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
import java.util.LinkedHashSet;
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
 * whole page shares it.
 *
 * <p>{@code modified} is the site's local time, and the site's clock goes back an hour when daylight saving time
 * ends: an hour of changes then sorts below the cursor. WordPress 6.1 can neither filter nor order by
 * {@code modified_gmt} ({@code modified_after} and {@code orderby=modified} both read the local
 * {@code post_modified} column; a time with an offset is converted to the site's zone first), though every
 * record carries it. So once the cursor knows the {@code modified_gmt} of its mark, a poll asks from an hour
 * before the mark, and also takes a record below the mark whose {@code modified_gmt} is after the mark's: a
 * change made after the clock went back. Those are remembered by id and {@code modified_gmt} in the cursor's
 * {@code late} until the mark's {@code modified_gmt} passes them, so each is taken once. Stateless.
 */
final class ChangedTrigger {
    static final String NAME = "wordpress.changed";
    private static final Inputs CONFIG = Inputs.ofTrigger(NAME);
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final Set<String> TYPES = Set.of("posts", "pages");
    /** How far back a poll reads below its mark: the most a site's clock goes back, at the end of DST. */
    static final java.time.Duration LOOKBACK = java.time.Duration.ofHours(1);
    /** The cursor's field of the mark's {@code modified_gmt}. */
    static final String SINCE_GMT = "sinceGmt";
    /** The cursor's field of the changes taken below the mark, as {@code id@modified_gmt}. */
    static final String LATE = "late";
    /** Changes below the mark remembered at most: an hour of a busy site's edits. */
    static final int LATE_LIMIT = 1_000;
    /** WordPress answers at most 100 records a page. */
    private static final int MAX_PER_PAGE = 100;

    static final TriggerSpec SPEC = new TriggerSpec(NAME,
            "Starts one execution per post (or page, with `type: pages`) created or changed since the last poll"
                    + " (every `every`, 30 s by default), oldest first, by its `modified` time. Each change is one"
                    + " event, exactly once across polls and restarts: the event id is the type, the id and"
                    + " `modified_gmt`. `status` chooses which (default `[\"publish\"]`; drafts and others need an"
                    + " application password of a user who may edit them). Without `since` the first poll starts at"
                    + " the time it runs, in the site's time zone as its REST index announces it (no backfill);"
                    + " with it, changes from then on are events too. The site's clock goes back an hour when"
                    + " daylight saving time ends, so `modified` goes back too: each poll reads from an hour before"
                    + " the last change taken and tells the changes made since by `modified_gmt`, so none is lost"
                    + " or taken twice. (A change of the site's time zone setting that moves its clock back more"
                    + " than an hour may lose the changes of the difference.)",
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

    /**
     * What to ask for: the route and its parameters, and the cursor (its time, the ids taken at it, the page),
     * the {@code modified_gmt} of its time (null until a change was taken at it) and the changes taken below it.
     */
    record Query(String type, String route, Map<String, String> parameters, ChangeCursor cursor,
            int perPage, String sinceGmt, List<String> late) {
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
        String sinceGmt = null;
        List<String> late = List.of();
        if (cursor != null) {
            sinceGmt = sinceGmt(request.cursor().get(SINCE_GMT));
            late = late(request.cursor().get(LATE));
        } else {
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
        // modified_after is exclusive: ask from a second before, and drop what the cursor says was taken; once
        // the mark's modified_gmt is known, from an hour before, to find changes made after the clock went back.
        parameters.put("modified_after",
                LOCAL.format((sinceGmt == null ? from : from.minus(LOOKBACK)).minusSeconds(1)));
        parameters.put("orderby", "modified");
        parameters.put("order", "asc");
        parameters.put("status", String.join(",", status));
        parameters.put("per_page", Integer.toString(perPage));
        parameters.put("page", Integer.toString(page));
        return new Query(type, "/wp/v2/" + type, parameters, cursor, perPage, sinceGmt, late);
    }

    private static String sinceGmt(JsonNode stored) throws ConnectorException {
        if (stored == null || stored.isNull()) {
            return null; // a cursor stored before the lookback, or before a change was taken at its mark
        }
        if (!stored.isTextual() || !stored.textValue().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}")) {
            throw damaged("its '" + SINCE_GMT + "' must be YYYY-MM-DDTHH:MM:SS, but was '"
                    + JsonApi.abbreviate(stored.toString()) + "'");
        }
        return stored.textValue();
    }

    private static List<String> late(JsonNode stored) throws ConnectorException {
        if (stored == null || stored.isNull()) {
            return List.of();
        }
        List<String> late = new ArrayList<>();
        if (stored.isArray()) {
            for (JsonNode entry : stored) {
                if (!entry.isTextual()
                        || !entry.textValue().matches("\\d+@\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}")) {
                    late = null;
                    break;
                }
                late.add(entry.textValue());
            }
        }
        if (late == null || !stored.isArray()) {
            throw damaged("its '" + LATE + "' must be an array of id@YYYY-MM-DDTHH:MM:SS, but was '"
                    + JsonApi.abbreviate(stored.toString()) + "'");
        }
        return late;
    }

    private static ConnectorException damaged(String problem) {
        return ConnectorException.permanent("wordpress.cursor", NAME + ": the stored cursor is damaged: "
                + problem + ": reset the trigger's cursor to start over", null, null);
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
        Set<Change> taken = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        taken.addAll(step.taken());
        // Below the mark (or at it, taken there before), a change made after the mark's: the clock went back.
        LinkedHashSet<String> late = new LinkedHashSet<>(query.late());
        String sinceGmt = query.sinceGmt();
        String mark = step.next().mark().textValue();
        for (Change change : page) {
            String gmt = gmt(change);
            if (taken.contains(change)) {
                if (change.mark().textValue().equals(mark)
                        && (sinceGmt == null || gmt.compareTo(sinceGmt) > 0)) {
                    sinceGmt = gmt;
                }
                if (!gmt.isEmpty()) {
                    // Taken above the mark but made after the clock went back: not to be taken below it again.
                    late.add(change.id() + "@" + gmt);
                }
            } else if (query.sinceGmt() != null && !gmt.isEmpty()
                    && (gmt.compareTo(query.sinceGmt()) > 0 || gmt.equals(query.sinceGmt())
                            && !query.cursor().seen().contains(change.id()))
                    && late.add(change.id() + "@" + gmt)) {
                taken.add(change);
            }
        }
        List<Event> events = new ArrayList<>();
        for (Change change : page) {
            if (taken.remove(change)) {
                ObjectNode data = JsonNodeFactory.instance.objectNode().put("type", query.type());
                data.set("record", change.record());
                events.add(new Event(query.type() + ":" + change.id() + ":"
                        + change.record().path("modified_gmt").asText(change.mark().textValue()), data));
            }
        }
        ObjectNode cursor = step.next().toJson();
        if (sinceGmt != null) {
            cursor.put(SINCE_GMT, sinceGmt);
            // A change is kept until the mark's modified_gmt passes it (or it is among the ids at the mark): then
            // it is not taken again anyway.
            String floor = sinceGmt;
            List<String> atMark = step.next().seen();
            List<String> kept = new ArrayList<>(late.stream().filter(entry -> {
                int at = entry.indexOf('@');
                int order = entry.substring(at + 1).compareTo(floor);
                return order > 0 || order == 0 && !atMark.contains(entry.substring(0, at));
            }).toList());
            if (kept.size() > LATE_LIMIT) {
                kept = kept.subList(kept.size() - LATE_LIMIT, kept.size());
            }
            kept.forEach(cursor.putArray(LATE)::add);
        }
        return new PollResult(events, cursor, full);
    }

    /** A record's {@code modified_gmt}, or empty when it has none. */
    private static String gmt(Change change) {
        String gmt = change.record().path("modified_gmt").asText("");
        return gmt.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}") ? gmt : "";
    }
}
