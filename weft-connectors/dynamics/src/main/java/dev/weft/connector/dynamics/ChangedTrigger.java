package dev.weft.connector.dynamics;

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
import dev.weft.connector.kit.odata.ODataPage;
import dev.weft.connector.kit.odata.ODataQuery;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code dynamics.changed} trigger: polls an entity set for records created or changed since the last
 * poll, by {@code modifiedon}, oldest first. The cursor holds the last {@code modifiedon} taken, the ids taken
 * at it (the filter is {@code ge}, so records sharing it are neither missed nor taken twice), and the
 * {@code @odata.nextLink} of a poll that stopped at a page's end (Dataverse pages by a paging cookie, not by
 * {@code $skip}). Stateless.
 */
final class ChangedTrigger {
    static final String NAME = "dynamics.changed";
    private static final Inputs CONFIG = Inputs.ofTrigger(NAME);
    private static final Map<String, String> IDS = Map.of("opportunities", "opportunityid",
            "activitypointers",
            "activityid", "businessunits", "businessunitid");

    static final TriggerSpec SPEC = new TriggerSpec(NAME,
            "Starts one execution per record of `entitySet` created or changed since the last poll (every"
                    + " `every`, 30 s by default), oldest first, by its `modifiedon` time. Each change is one"
                    + " event, exactly once across polls and restarts: the event id is the entity set, the"
                    + " record's id and its `modifiedon`. `filter` narrows the records (OData syntax, such as"
                    + " `statecode eq 0`), `select` the columns an event carries (`modifiedon` and the id are"
                    + " always read). Without `since` the first poll starts at the time it runs (no backfill)."
                    + " `idField` is the table's primary key column, `<table>id` by default (accountid for"
                    + " accounts).",
            TriggerKind.POLLING,
            Operations
                    .parse("""
                            {"type": "object", "required": ["entitySet"], "additionalProperties": false, "properties": {
                              "entitySet": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$", "description": "such as accounts, contacts, salesorders or invoices"},
                              "filter": {"type": "string"},
                              "select": {"type": "array", "items": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}},
                              "idField": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"},
                              "since": {"type": "string", "format": "date-time", "description": "the first poll's lower bound, such as 2026-12-01T00:00:00Z"}}}"""),
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

    /** What to ask for: a path with the filter, or the next link of an unfinished poll. */
    record Query(String entitySet, String idField, String target, Instant since, Set<String> seen) {
    }

    static Query query(PollRequest request, Instant now) throws ConnectorException {
        JsonNode config = request.config();
        String entitySet = ODataQuery.name(CONFIG.text(config, "entitySet", null), CONFIG, "entitySet",
                "accounts");
        String idField = config.hasNonNull("idField")
                ? ODataQuery.name(config.get("idField").asText(), CONFIG, "idField", "accountid")
                : idField(entitySet);
        Instant since;
        Set<String> seen = new LinkedHashSet<>();
        JsonNode cursor = request.cursor();
        if (cursor != null && cursor.path("entitySet").asText().equals(entitySet) && cursor.has("since")) {
            since = Instant.parse(cursor.get("since").asText());
            cursor.path("seen").forEach(id -> seen.add(id.asText()));
            if (cursor.hasNonNull("next")) {
                return new Query(entitySet, idField, cursor.get("next").asText(), since, seen);
            }
        } else if (config.hasNonNull("since")) {
            try {
                since = Instant.parse(config.get("since").asText());
            } catch (DateTimeParseException e) {
                throw CONFIG.invalid("since", "must be a UTC time such as 2026-12-01T00:00:00Z, but was '"
                        + config.get("since").asText() + "'");
            }
        } else {
            since = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        }
        String filter = "modifiedon ge " + since;
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
        return new Query(entitySet, idField, "/" + entitySet + q, since, seen);
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
        List<Event> events = new ArrayList<>();
        Instant since = query.since();
        Set<String> seen = new LinkedHashSet<>(query.seen());
        for (JsonNode record : page.items()) {
            String id = record.path(query.idField()).asText(null);
            if (id == null) {
                throw CONFIG.invalid("idField", "names '" + query.idField() + "', which the records of "
                        + query.entitySet() + " do not have: give the table's primary key column");
            }
            Instant modified = Instant.parse(record.path("modifiedon").asText(since.toString()));
            if (modified.isBefore(query.since()) || modified.equals(query.since()) && query.seen()
                    .contains(id)) {
                continue; // below the cursor, or taken at its time already
            }
            if (modified.isAfter(since)) {
                since = modified;
                seen.clear();
            }
            seen.add(id);
            ObjectNode data = JsonNodeFactory.instance.objectNode().put("entitySet", query.entitySet());
            data.set("record", record);
            events.add(new Event(query.entitySet() + ":" + id + ":" + modified, data));
        }
        ObjectNode cursor = JsonNodeFactory.instance.objectNode().put("entitySet", query.entitySet())
                .put("since", since.toString());
        ArrayNode ids = cursor.putArray("seen");
        seen.forEach(ids::add);
        // The pages after this one hold records changed at or after its last: follow them from here.
        if (page.nextLink() != null) {
            cursor.put("next", page.nextLink());
        }
        return new PollResult(events, cursor, page.nextLink() != null);
    }
}
