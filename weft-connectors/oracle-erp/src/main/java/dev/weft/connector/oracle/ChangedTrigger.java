package dev.weft.connector.oracle;

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
import dev.weft.connector.kit.changes.Settle;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code oracle.changed} trigger: items of a resource created or changed since the last poll, by
 * {@code LastUpdateDate}, oldest first ({@code q=LastUpdateDate>='<since>'}, {@code orderBy=LastUpdateDate:asc,
 * <key>:asc}). The cursor (the kit's {@link ChangeCursor}) holds the last time taken as Oracle wrote it, the keys
 * taken at it, and the offset when a whole page shares it.
 *
 * <p>Oracle's applications set {@code LastUpdateDate} when they write a row, and the transaction commits later
 * (a scheduled process, such as an invoice import or validation, commits its rows in batches), so an item can
 * become visible after a poll that read later times. The query is therefore bounded above by the kit's
 * {@link Settle} ({@code LastUpdateDate<'now - settle'}, in whole seconds): a time is read only once the changes
 * stamped with it have committed, and the mark never passes one that had not. Stateless.
 */
final class ChangedTrigger {
    static final String NAME = "oracle.changed";
    private static final Inputs CONFIG = Inputs.ofTrigger(NAME);
    private static final DateTimeFormatter ORACLE_TIME = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
    /**
     * How old a change must be to be read, by default: a scheduled process commits the rows it stamped in
     * batches, minutes apart on a large run.
     */
    static final Settle SETTLE = new Settle(NAME, Duration.ofMinutes(5));

    static final TriggerSpec SPEC = new TriggerSpec(NAME,
            "Starts one execution per item of `resource` created or changed since the last poll (every `every`,"
                    + " 30 s by default), oldest first, by its `LastUpdateDate`; each change is one event, exactly"
                    + " once across polls and restarts (the event id is the resource, the item's key and its"
                    + " `LastUpdateDate`). `q` narrows the items (`BusinessUnit='Vision Operations'`), `fields`"
                    + " chooses what the event carries (it must hold `LastUpdateDate` and the key). `key` is the"
                    + " attribute that identifies an item, known for invoices (InvoiceId), receivablesInvoices"
                    + " (CustomerTransactionId), purchaseOrders (POHeaderId), suppliers (SupplierId), itemsV2"
                    + " (ItemId), standardReceipts (StandardReceiptId) and payablesPayments (CheckId); give it for"
                    + " any other resource. Without `since` the first poll starts at the time it runs (no backfill)."
                    + " Oracle stamps `LastUpdateDate` before the change commits (a scheduled process commits in"
                    + " batches), so a poll takes changes older than `settle` only (" + SETTLE.defaultText()
                    + " by default): a change that commits more than `settle` after its stamp may be missed.",
            TriggerKind.POLLING,
            Operations
                    .parse("""
                            {"type": "object", "required": ["resource"], "additionalProperties": false, "properties": {
                              "resource": {"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9]*$"},
                              "key": {"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9]*$", "description": "the attribute that identifies an item"},
                              "q": {"type": "string", "description": "more conditions, joined with ;"},
                              "fields": {"type": "string", "description": "comma-separated attributes, LastUpdateDate and the key among them"},
                              "since": {"type": "string", "format": "date-time", "description": "the first poll's lower bound, such as 2026-12-01T00:00:00+00:00"},
                              "settle": %s}}"""
                            .formatted(SETTLE.schema(
                                    "Oracle sets LastUpdateDate before the change commits"))),
            Operations
                    .parse("""
                            {"type": "object", "required": ["resource", "item"], "properties": {
                              "resource": {"type": "string"}, "item": {"type": "object", "description": "the item as Oracle lists it"}}}"""),
            List.of(new Example(
                    "Payables invoices of one business unit, created or changed", Operations.parse(
                            "{\"resource\": \"invoices\", \"q\": \"BusinessUnit='Vision Operations'\", \"fields\":"
                                    + " \"InvoiceId,InvoiceNumber,InvoiceAmount,Supplier,ValidationStatus,LastUpdateDate\"}"),
                    Operations.parse("{\"resource\": \"invoices\", \"item\": {\"InvoiceId\": 300000123456789,"
                            + " \"InvoiceNumber\": \"INV-ADA-0042\", \"InvoiceAmount\": 180, \"Supplier\": \"Ada"
                            + " Supplies\", \"ValidationStatus\": \"Validated\", \"LastUpdateDate\":"
                            + " \"2026-12-06T10:00:00.500+00:00\"}}"))));

    private ChangedTrigger() {
    }

    /**
     * How the cursor is stored: {@code {"resource", "since": "<LastUpdateDate as Oracle wrote it>", "seen":
     * [keys], "offset"}}; times compare as instants.
     */
    static final CursorFormat CURSOR = CursorFormat.of(NAME, MarkOrder.TIME).withOffset("offset");
    /** The mark of an item without a readable time: before any cursor, so never taken (Oracle always writes one). */
    private static final JsonNode UNPLACED = JsonNodeFactory.instance.textNode("0001-01-01T00:00:00Z");

    /** What one poll asks for, and the cursor it starts from. */
    record Query(String resource, String key, String pathAndQuery, ChangeCursor cursor) {
    }

    static Query query(PollRequest request, Instant now) throws ConnectorException {
        JsonNode config = request.config();
        String resource = CONFIG.required(config, "resource", "invoices");
        if (!resource.matches("[A-Za-z][A-Za-z0-9]*")) {
            throw CONFIG.invalid("resource", "is a resource's name such as invoices, but was '"
                    + JsonApi.abbreviate(resource) + "'");
        }
        String key = CONFIG.text(config, "key", Operations.KEYS.get(resource));
        if (key == null || !key.matches("[A-Za-z][A-Za-z0-9]*")) {
            throw CONFIG.invalid("key",
                    "is required for " + resource + ": the attribute that identifies an item,"
                            + " such as InvoiceId");
        }
        String fields = CONFIG.text(config, "fields", null);
        if (fields != null && !Arrays.asList(fields.split(",")).containsAll(List.of("LastUpdateDate", key))) {
            throw CONFIG.invalid("fields",
                    "must include LastUpdateDate and " + key + ": the trigger orders and"
                            + " remembers items by them");
        }
        ObjectNode scope = JsonNodeFactory.instance.objectNode().put("resource", resource);
        ChangeCursor cursor = CURSOR.read(request.cursor(), scope).orElse(null);
        if (cursor == null) {
            String since;
            if (config.hasNonNull("since")) {
                since = config.get("since").asText();
                if (time(since) == null) {
                    throw CONFIG.invalid("since", "must be an ISO 8601 time with its offset, such as"
                            + " 2026-12-01T00:00:00+00:00, but was '" + JsonApi.abbreviate(since) + "'");
                }
            } else {
                since = ORACLE_TIME.format(now.atOffset(ZoneOffset.UTC));
            }
            cursor = CURSOR.start(scope, JsonNodeFactory.instance.textNode(since));
        }
        String since = cursor.mark().textValue();
        String bound = ORACLE_TIME
                .format(SETTLE.bound(config, now, ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
        String q = "LastUpdateDate>='" + since + "';LastUpdateDate<'" + bound + "'";
        String more = CONFIG.text(config, "q", null);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("onlyData", "true");
        query.put("q", more == null || more.isBlank() ? q : q + ";" + more);
        query.put("fields", fields);
        query.put("orderBy", "LastUpdateDate:asc," + key + ":asc");
        query.put("limit", Integer.toString(Math.min(request.max(), 500)));
        query.put("offset", Integer.toString(cursor.pagingNumber()));
        return new Query(resource, key, "/" + resource + JsonApi.query(query), cursor);
    }

    static PollResult result(Query query, JsonNode answer, int max) {
        List<Change> page = new ArrayList<>();
        for (JsonNode item : answer.path("items")) {
            JsonNode modified = item.path("LastUpdateDate");
            page.add(new Change(item.path(query.key()).asText(),
                    modified.isTextual() && time(modified.textValue()) != null ? modified : UNPLACED, item));
        }
        // A full page that did not move past the cursor's time (all of it shares it): read past it next time.
        boolean full = page.size() >= Math.min(max, 500) || answer.path("hasMore").asBoolean(false);
        ChangeCursor.Step step = query.cursor().take(page, full);
        List<Event> events = new ArrayList<>();
        for (Change change : step.taken()) {
            ObjectNode data = JsonNodeFactory.instance.objectNode().put("resource", query.resource());
            data.set("item", change.record());
            events.add(new Event(query.resource() + ":" + change.id() + ":" + time(change.mark().textValue()),
                    data));
        }
        return new PollResult(events, step.next().toJson(), full);
    }

    private static Instant time(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notATime) {
            return null;
        }
    }
}
