package dev.weft.connector.dynamics;

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
import dev.weft.connector.kit.odata.ODataPage;
import dev.weft.connector.kit.odata.ODataQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code dynamics.changed} trigger: polls an entity set for records created or changed since the last
 * poll, by {@code modifiedon}, oldest first. The cursor (the kit's {@link ChangeCursor}) holds the last
 * {@code modifiedon} taken, the ids taken at it (the filter is {@code ge}, so records sharing it are neither missed nor taken twice), and the
 * {@code @odata.nextLink} of a poll that stopped at a page's end (Dataverse pages by a paging cookie, not by
 * {@code $skip}).
 *
 * <p>Dataverse sets {@code modifiedon} when the operation starts, and synchronous plug-ins and workflows run in
 * the same transaction (up to two minutes each), so a record can become visible after a poll that read later
 * times. The filter is therefore bounded above by the kit's {@link Settle} ({@code modifiedon lt now - settle},
 * in whole seconds, as Dataverse writes it): a time is read only once the changes stamped with it have
 * committed, and the mark never passes one that had not. Stateless.
 */
final class ChangedTrigger {
    static final String NAME = "dynamics.changed";
    private static final Inputs CONFIG = Inputs.ofTrigger(NAME);
    private static final Map<String, String> IDS = Map.of("opportunities", "opportunityid",
            "activitypointers",
            "activityid", "businessunits", "businessunitid");
    /**
     * How old a change must be to be read, by default: a synchronous plug-in runs in the transaction of the
     * change it handles for up to two minutes, after {@code modifiedon} was set.
     */
    static final Settle SETTLE = new Settle(NAME, Duration.ofMinutes(2));

    static final TriggerSpec SPEC = new TriggerSpec(NAME,
            "Starts one execution per record of `entitySet` created or changed since the last poll (every"
                    + " `every`, 30 s by default), oldest first, by its `modifiedon` time. Each change is one"
                    + " event, exactly once across polls and restarts: the event id is the entity set, the"
                    + " record's id and its `modifiedon`. `filter` narrows the records (OData syntax, such as"
                    + " `statecode eq 0`), `select` the columns an event carries (`modifiedon` and the id are"
                    + " always read). Without `since` the first poll starts at the time it runs (no backfill)."
                    + " `idField` is the table's primary key column, `<table>id` by default (accountid for"
                    + " accounts). Dataverse stamps `modifiedon` before the change's transaction (its synchronous"
                    + " plug-ins and workflows included) commits, so a poll takes changes older than `settle` only ("
                    + SETTLE.defaultText()
                    + " by default, the time a synchronous plug-in may run): a change that"
                    + " commits more than `settle` after its stamp may be missed.",
            TriggerKind.POLLING,
            Operations
                    .parse("""
                            {"type": "object", "required": ["entitySet"], "additionalProperties": false, "properties": {
                              "entitySet": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$", "description": "such as accounts, contacts, salesorders or invoices"},
                              "filter": {"type": "string"},
                              "select": {"type": "array", "items": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}},
                              "idField": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"},
                              "since": {"type": "string", "format": "date-time", "description": "the first poll's lower bound, such as 2026-12-01T00:00:00Z"},
                              "settle": %s}}"""
                            .formatted(SETTLE.schema(
                                    "Dataverse sets modifiedon before the change's transaction commits"))),
            Operations.parse("""
                    {"type": "object", "required": ["entitySet", "record"], "properties": {
                      "entitySet": {"type": "string"},
                      "record": {"type": "object", "description": "the record as Dataverse answers it"}}}"""),
            List.of(new Example("Accounts created or changed, active ones only",
                    Operations
                            .parse("{\"entitySet\": \"accounts\", \"filter\": \"statecode eq 0\", \"select\":"
                                    + " [\"name\", \"accountnumber\"]}"),
                    Operations.parse("{\"entitySet\": \"accounts\", \"record\": {\"accountid\":"
                            + " \"5a1c0b38-9d31-ef11-8409-000d3a8f1d2c\", \"name\": \"Ada Corp\", \"accountnumber\":"
                            + " \"A1\", \"modifiedon\": \"2026-12-06T09:00:00Z\"}}"))));

    private ChangedTrigger() {
    }

    /**
     * How the cursor is stored: {@code {"entitySet", "since": "<modifiedon>", "seen": [ids], "next"}}, the next
     * link left out when there is none. The next link continues the same ordered query, so it is followed even
     * when the page moved the mark: its pages hold only records at or after that page's last.
     */
    static final CursorFormat CURSOR = CursorFormat.of(NAME, MarkOrder.TIME).withToken("next", false);

    /** What to ask for: a path with the filter, or the next link of an unfinished poll. */
    record Query(String entitySet, String idField, String target, ChangeCursor cursor) {
    }

    static Query query(PollRequest request, Instant now) throws ConnectorException {
        JsonNode config = request.config();
        String entitySet = ODataQuery.name(CONFIG.text(config, "entitySet", null), CONFIG, "entitySet",
                "accounts");
        String idField = config.hasNonNull("idField")
                ? ODataQuery.name(config.get("idField").asText(), CONFIG, "idField", "accountid")
                : idField(entitySet);
        ObjectNode scope = JsonNodeFactory.instance.objectNode().put("entitySet", entitySet);
        ChangeCursor cursor = CURSOR.read(request.cursor(), scope).orElse(null);
        if (cursor == null) {
            Instant since;
            if (config.hasNonNull("since")) {
                try {
                    since = Instant.parse(config.get("since").asText());
                } catch (DateTimeParseException e) {
                    throw CONFIG.invalid("since", "must be a UTC time such as 2026-12-01T00:00:00Z, but was '"
                            + config.get("since").asText() + "'");
                }
            } else {
                since = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            }
            cursor = CURSOR.start(scope, JsonNodeFactory.instance.textNode(since.toString()));
        } else if (cursor.pagingToken() != null) {
            return new Query(entitySet, idField, cursor.pagingToken(), cursor);
        }
        String filter = "modifiedon ge " + OffsetDateTime.parse(cursor.mark().textValue()).toInstant()
                + " and modifiedon lt " + SETTLE.bound(config, now, java.time.temporal.ChronoUnit.SECONDS);
        String narrower = CONFIG.text(config, "filter", null);
        if (narrower != null && !narrower.isBlank()) {
            filter += " and (" + narrower + ")";
        }
        ODataQuery q = new ODataQuery();
        if (config.has("select")) {
            Set<String> columns = new LinkedHashSet<>();
            config.get("select").forEach(c -> columns.add(c.asText()));
            columns.add(idField);
            columns.add("modifiedon");
            q.list("$select", List.copyOf(columns));
        }
        q.option("$filter", filter).option("$orderby", "modifiedon asc," + idField + " asc");
        return new Query(entitySet, idField, "/" + entitySet + q, cursor);
    }

    /** The primary key column of a table by its entity set's name: accounts → accountid. */
    static String idField(String entitySet) {
        String known = IDS.get(entitySet);
        if (known != null) {
            return known;
        }
        if (entitySet.endsWith("ies")) {
            return entitySet.substring(0, entitySet.length() - 3) + "yid";
        }
        return (entitySet.endsWith("s") ? entitySet.substring(0, entitySet.length() - 1) : entitySet) + "id";
    }

    /** The events of one page, and the cursor after them. */
    static PollResult result(Query query, ODataPage page) throws ConnectorException {
        List<Change> changes = new ArrayList<>();
        for (JsonNode record : page.items()) {
            String id = record.path(query.idField()).asText(null);
            if (id == null) {
                throw CONFIG.invalid("idField", "names '" + query.idField() + "', which the records of "
                        + query.entitySet() + " do not have: give the table's primary key column");
            }
            JsonNode modified = record.path("modifiedon");
            Instant at = Instant
                    .parse(modified.isTextual() ? modified.textValue() : query.cursor().mark().textValue());
            changes.add(new Change(id, JsonNodeFactory.instance.textNode(at.toString()), record));
        }
        // The pages after this one hold records changed at or after its last: follow them from here.
        ChangeCursor.Step step = query.cursor().follow(changes, page.nextLink());
        List<Event> events = new ArrayList<>();
        for (Change change : step.taken()) {
            ObjectNode data = JsonNodeFactory.instance.objectNode().put("entitySet", query.entitySet());
            data.set("record", change.record());
            events.add(
                    new Event(query.entitySet() + ":" + change.id() + ":" + change.mark().textValue(), data));
        }
        return new PollResult(events, step.next().toJson(), page.nextLink() != null);
    }
}
