package dev.weft.connector.idurar;

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
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code idurar.changed} trigger: records of one entity whose {@code updated} time is past the cursor,
 * oldest first. IDURAR's list can be ordered by any field but filtered by equality only, so the trigger reads
 * the newest page first ({@code sortBy=updated&sortValue=-1}); when all of it is new and more pages follow, it
 * finds the first page holding the cursor's time in ascending order by bisection and reads on from there. The
 * cursor (the kit's {@link ChangeCursor}) holds the last time taken and the ids taken at it. One poll reads one page when little changed.
 *
 * <p>IDURAR's server stamps {@code updated} ({@code Date.now()}) before it writes the document, and the
 * write may land after a poll that read later times (a slow request, or another server process). With no
 * server-side time filter there is no query to bound, so the settle is applied to what the list answers: a record
 * whose {@code updated} is within the kit's {@link Settle} of now is left for a later poll (it is neither taken
 * nor moves the mark), and the mark never passes a time younger than {@code settle}. The ordering and bisection
 * are unchanged: a record left unsettled is newer than every record taken.
 */
final class ChangedTrigger {
    static final String NAME = "idurar.changed";
    private static final Inputs CONFIG = Inputs.ofTrigger(NAME);
    private static final Map<String, String> ENTITIES = Map.of("clients", "client", "invoices", "invoice",
            "payments", "payment");
    /**
     * How old a change must be to be taken, by default: IDURAR stamps a record in its request handler, a moment
     * before MongoDB has it.
     */
    static final Settle SETTLE = new Settle(NAME, Duration.ofSeconds(10));

    static final TriggerSpec SPEC = new TriggerSpec(NAME,
            "Starts one execution per record of `resource` (clients, invoices or payments) whose `updated` time"
                    + " is past the last poll's (every `every`, 30 s by default), oldest first; the event id is the"
                    + " resource, the record's `_id` and its `updated` time, so each is taken once across polls and"
                    + " restarts. Without `since` the first poll starts at the time it runs (no backfill).\n\n"
                    + "What IDURAR 4.1 moves `updated` for: it sets it when a record is created, and its payment"
                    + " update sets it again; its client and invoice updates leave it as it was (they write what the"
                    + " request sends, and its web app sends no `updated`). So for payments this trigger sees new"
                    + " and changed records, and for clients and invoices new ones only, plus changes whose writer"
                    + " set `updated`. Removed records leave the list and are no events. IDURAR's list cannot be"
                    + " filtered by a time (its `filter`/`equal` is equality only and refuses operators), so the"
                    + " trigger orders by `updated` and pages from the newest; records that share one `updated`"
                    + " millisecond across a page boundary may be read in either order, and the ids kept at the"
                    + " cursor's time take each once. IDURAR stamps `updated` a moment before the record is"
                    + " written, so a poll takes records whose `updated` is older than `settle` only ("
                    + SETTLE.defaultText()
                    + " by default; it also covers a difference between IDURAR's clock and"
                    + " Weft's): a record written more than `settle` after its stamp may be missed.",
            TriggerKind.POLLING,
            Operations
                    .parse("""
                            {"type": "object", "required": ["resource"], "additionalProperties": false, "properties": {
                              "resource": {"type": "string", "enum": ["clients", "invoices", "payments"]},
                              "since": {"type": "string", "format": "date-time",
                                        "description": "the first poll's lower bound, ISO 8601 such as 2026-12-01T00:00:00Z"},
                              "settle": %s}}"""
                            .formatted(SETTLE.schema(
                                    "IDURAR stamps updated before the record is written"))),
            Operations
                    .parse("""
                            {"type": "object", "required": ["resource", "record"], "properties": {
                              "resource": {"type": "string"},
                              "record": {"type": "object", "description": "the record as IDURAR's list answers it"}}}"""),
            List.of(new Example("Payments recorded or changed, from the first poll on",
                    Operations.parse("{\"resource\": \"payments\"}"),
                    Operations.parse(
                            "{\"resource\": \"payments\", \"record\": {\"_id\": \"6752f5d2c3b4a59687706a11\","
                                    + " \"number\": 3, \"amount\": 100, \"updated\": \"2026-12-07T09:30:00.000Z\"}}"))));

    /** How the cursor is stored: {@code {"resource", "since": "<ISO instant>", "seen": [ids]}}; no paging. */
    static final CursorFormat CURSOR = CursorFormat.of(NAME, MarkOrder.TIME);

    /**
     * Where the last poll ended: the last {@code updated} time taken and the ids taken at it; and the time before
     * which a record is settled, now less the settle.
     */
    record Cursor(String resource, ChangeCursor at, Instant settled) {
        String entity() {
            return ENTITIES.get(resource);
        }

        Instant since() {
            return java.time.OffsetDateTime.parse(at.mark().textValue()).toInstant();
        }
    }

    /** One page of an entity's list ordered by {@code updated}, in the shape of {@code IdurarClient.list}. */
    interface Pages {
        ObjectNode page(String entity, int page, int items, int sortValue) throws ConnectorException;
    }

    private final Cursor cursor;
    private final int max;
    private final Pages pages;

    ChangedTrigger(Cursor cursor, int max, Pages pages) {
        this.cursor = cursor;
        this.max = max;
        this.pages = pages;
    }

    static Cursor cursor(PollRequest request, Instant now) throws ConnectorException {
        JsonNode config = request.config();
        String resource = CONFIG.required(config, "resource", "payments");
        if (!ENTITIES.containsKey(resource)) {
            throw CONFIG.invalid("resource",
                    "must be one of clients, invoices or payments, but was '" + resource
                            + "'");
        }
        ObjectNode scope = JsonNodeFactory.instance.objectNode().put("resource", resource);
        Instant settled = SETTLE.bound(config, now, ChronoUnit.MILLIS);
        ChangeCursor saved = CURSOR.read(request.cursor(), scope).orElse(null);
        if (saved != null) {
            return new Cursor(resource, saved, settled);
        }
        Instant since = now;
        if (config.hasNonNull("since")) {
            since = time(config.get("since").asText());
            if (since == null) {
                throw CONFIG.invalid("since",
                        "must be an ISO 8601 time such as 2026-12-01T00:00:00Z, but was '"
                                + config.get("since").asText() + "'");
            }
        }
        return new Cursor(resource, CURSOR.start(scope, JsonNodeFactory.instance.textNode(since.toString())),
                settled);
    }

    PollResult poll() throws ConnectorException {
        ObjectNode newest = pages.page(cursor.entity(), 1, max, -1);
        List<JsonNode> taken = new ArrayList<>();
        boolean backlog = newest.get("items").size() >= max && newest.path("pages").asInt() > 1;
        for (JsonNode record : newest.get("items")) {
            if (!cursor.at().isNew(change(record))) {
                backlog = false; // the cursor's time is on this page: nothing older is new
            } else if (settled(record)) {
                taken.add(record);
            } // else too young: left for a later poll
        }
        boolean more = false;
        if (backlog) {
            taken = fromTheOldest(newest.path("pages").asInt());
            more = taken.size() >= max;
        }
        taken.sort(
                Comparator.<JsonNode, Instant>comparing(ChangedTrigger::updated).thenComparing(r -> id(r)));
        return result(taken, more);
    }

    /** The oldest new records, at most {@code max}: from the first ascending page that reaches the cursor. */
    private List<JsonNode> fromTheOldest(int pageCount) throws ConnectorException {
        Map<Integer, JsonNode> read = new HashMap<>();
        int lo = 1;
        int hi = pageCount;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            JsonNode items = ascending(mid, read);
            if (!items.isEmpty() && updated(items.get(items.size() - 1)).isBefore(cursor.since())) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        List<JsonNode> taken = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (int page = lo; page <= pageCount && taken.size() < max; page++) {
            for (JsonNode record : ascending(page, read)) {
                if (taken.size() < max && isNew(record) && settled(record) && ids.add(id(record))) {
                    taken.add(record);
                }
            }
        }
        return taken;
    }

    private JsonNode ascending(int page, Map<Integer, JsonNode> read) throws ConnectorException {
        JsonNode items = read.get(page);
        if (items == null) {
            items = pages.page(cursor.entity(), page, max, 1).get("items");
            read.put(page, items);
        }
        return items;
    }

    private PollResult result(List<JsonNode> taken, boolean more) {
        List<Change> changes = new ArrayList<>();
        for (JsonNode record : taken) {
            changes.add(change(record));
        }
        ChangeCursor.Step step = cursor.at().take(changes, more);
        List<Event> events = new ArrayList<>();
        for (Change change : step.taken()) {
            ObjectNode data = JsonNodeFactory.instance.objectNode().put("resource", cursor.resource());
            data.set("record", change.record());
            events.add(
                    new Event(cursor.resource() + ":" + change.id() + ":" + change.mark().textValue(), data));
        }
        return new PollResult(events, step.next().toJson(), more);
    }

    private boolean isNew(JsonNode record) {
        return cursor.at().isNew(change(record));
    }

    /** Whether a record's {@code updated} is older than the settle: younger ones may have companions unwritten. */
    private boolean settled(JsonNode record) {
        return updated(record).isBefore(cursor.settled());
    }

    private static Change change(JsonNode record) {
        return new Change(id(record), JsonNodeFactory.instance.textNode(updated(record).toString()), record);
    }

    private static String id(JsonNode record) {
        return record.path("_id").asText();
    }

    /** The record's {@code updated} time (its {@code created} time when it has none); the epoch if neither. */
    static Instant updated(JsonNode record) {
        Instant at = time(record.path("updated").asText(""));
        if (at == null) {
            at = time(record.path("created").asText(""));
        }
        return at == null ? Instant.EPOCH : at;
    }

    private static Instant time(String text) {
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notATime) {
            return null;
        }
    }
}
