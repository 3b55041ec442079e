package dev.weft.connector.salesforce;

import static dev.weft.connector.salesforce.SalesforceConnector.parse;

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
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code salesforce.changed} trigger: polls one sObject with SOQL for records created or changed since
 * the last poll, by {@code SystemModstamp} (or {@code LastModifiedDate}, {@code CreatedDate}), oldest first
 * and by id within a second. The cursor (the kit's {@link ChangeCursor}) holds the last time taken and the ids
 * taken at it; the next query starts after the last of them ({@code t > since OR (t = since AND Id > last)}), so
 * records sharing a second are neither missed nor taken twice however many there are, without SOQL's OFFSET
 * (capped at 2,000).
 *
 * <p>Salesforce sets {@code SystemModstamp} when it saves a record, before the transaction commits (triggers,
 * flows, the rest of a Bulk API batch run first), so a record can become visible after a poll that read later
 * times. The query is therefore bounded above by the kit's {@link Settle} ({@code t < now - settle}, in whole
 * seconds): a second is read only once it is {@code settle} old, when every record stamped in it has committed.
 * That is also why the id keyset loses nothing: every second it reads is complete, and a complete second read in
 * id order across polls holds no record below the last id taken that a later poll could find. (An
 * {@code Id NOT IN (...)} of every id taken at the mark would do the same, but grows with them past SOQL's
 * length limit.) Stateless.
 */
final class ChangedTrigger {
    static final String NAME = "salesforce.changed";
    private static final Inputs CONFIG = Inputs.ofTrigger(NAME);
    /** How Salesforce writes a dateTime in JSON: {@code 2026-12-06T10:00:00.000+0000}. */
    private static final DateTimeFormatter SALESFORCE_TIME = DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXX");
    private static final Set<String> TIME_FIELDS = Set.of("SystemModstamp", "LastModifiedDate",
            "CreatedDate");
    private static final String FIELD = "^([A-Za-z][A-Za-z0-9_.]*|FIELDS\\\\((STANDARD|CUSTOM|ALL)\\\\))$";
    /**
     * How old a change must be to be read, by default: Salesforce stamps a record before its transaction
     * commits, and a transaction with triggers, flows or a Bulk API batch's chunk of records can take a while.
     */
    static final Settle SETTLE = new Settle(NAME, Duration.ofMinutes(2));

    static final TriggerSpec SPEC = new TriggerSpec(NAME,
            "Starts one execution per record of `sobject` created or changed since the last poll (every"
                    + " `every`, 30 s by default), oldest first, by `timestampField` (`SystemModstamp` by default,"
                    + " which also moves when automation changes a record; `LastModifiedDate` for changes by users"
                    + " and integrations; `CreatedDate` for new records only). Each change is one event, exactly"
                    + " once across polls and restarts: the event id is the sObject, the record's id and its"
                    + " timestamp. `fields` chooses what the event carries (Id and the timestamp are always read;"
                    + " `FIELDS(STANDARD)` reads every standard field); `where` adds a SOQL condition, such as"
                    + " `StageName = 'Closed Won'`. Without `since` the first poll starts at the time it runs (no"
                    + " backfill). Records sharing a second are paged through by id, however many there are."
                    + " Salesforce stamps a record before its transaction commits, so a poll takes changes older"
                    + " than `settle` only (" + SETTLE.defaultText() + " by default; raise it for orgs with"
                    + " long-running transactions, such as large Bulk API loads with heavy automation): a change"
                    + " that commits more than `settle` after its stamp may be missed.",
            TriggerKind.POLLING,
            parse("""
                    {"type": "object", "required": ["sobject"], "additionalProperties": false, "properties": {
                      "sobject": {"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9_]*$"},
                      "fields": {"type": "array", "items": {"type": "string", "pattern": "%s"}},
                      "timestampField": {"type": "string", "enum": ["SystemModstamp", "LastModifiedDate", "CreatedDate"], "default": "SystemModstamp"},
                      "where": {"type": "string", "minLength": 1, "description": "a SOQL condition ANDed to the trigger's own"},
                      "since": {"type": "string", "format": "date-time", "description": "the first poll's lower bound, such as 2026-12-01T00:00:00Z"},
                      "settle": %s}}"""
                    .formatted(FIELD,
                            SETTLE.schema("Salesforce sets SystemModstamp before the transaction commits"))),
            parse("""
                    {"type": "object", "required": ["sobject", "record"], "properties": {
                      "sobject": {"type": "string"},
                      "record": {"type": "object", "description": "the record with the fields asked for"}}}"""),
            List.of(new Example("Opportunities won",
                    parse("""
                            {"sobject": "Opportunity", "fields": ["Name", "Amount", "AccountId"], "where": "StageName = 'Closed Won'"}"""),
                    parse("""
                            {"sobject": "Opportunity", "record": {"attributes": {"type": "Opportunity",
                              "url": "/services/data/v62.0/sobjects/Opportunity/006RO00000XyZaBYAV"},
                              "Id": "006RO00000XyZaBYAV", "Name": "Ada Corp renewal", "Amount": 12000,
                              "AccountId": "001RO00000AbCdEYAV", "SystemModstamp": "2026-12-06T10:00:00.000+0000"}}"""))));

    private ChangedTrigger() {
    }

    /**
     * How the cursor is stored: {@code {"sobject", "field", "since": "<ISO instant, whole seconds>", "seen":
     * [ids]}}. No paging: the query starts after the last id taken at the mark.
     */
    static final CursorFormat CURSOR = CursorFormat.of(NAME, MarkOrder.TIME);
    private static final String ID = "[A-Za-z0-9]{15}([A-Za-z0-9]{3})?";

    /** What to ask for: the SOQL, and the cursor it starts from. */
    record Query(String sobject, String field, String soql, ChangeCursor cursor) {
    }

    static Query query(PollRequest request, Instant now) throws ConnectorException {
        JsonNode config = request.config();
        String sobject = CONFIG.required(config, "sobject", "Opportunity");
        if (!sobject.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw CONFIG.invalid("sobject", "must be an sObject's API name, such as Opportunity, but was "
                    + sobject);
        }
        String field = CONFIG.text(config, "timestampField", "SystemModstamp");
        if (!TIME_FIELDS.contains(field)) {
            throw CONFIG.invalid("timestampField", "must be SystemModstamp, LastModifiedDate or CreatedDate,"
                    + " but was " + field);
        }
        Set<String> fields = new LinkedHashSet<>(List.of("Id", field));
        for (JsonNode f : config.path("fields")) {
            if (!f.asText().matches(FIELD.replace("\\\\", "\\"))) {
                throw CONFIG.invalid("fields", "must hold field API names (Name, Account.Name) or"
                        + " FIELDS(STANDARD), but held " + f);
            }
            fields.add(f.asText());
        }
        ObjectNode scope = JsonNodeFactory.instance.objectNode().put("sobject", sobject).put("field", field);
        ChangeCursor cursor = CURSOR.read(request.cursor(), scope).orElse(null);
        if (cursor == null) {
            Instant start;
            if (config.hasNonNull("since")) {
                try {
                    start = Instant.parse(config.get("since").asText());
                } catch (DateTimeParseException e) {
                    throw CONFIG.invalid("since",
                            "must be a UTC date-time such as 2026-12-01T00:00:00Z, but was "
                                    + config.get("since"));
                }
            } else {
                start = now;
            }
            cursor = CURSOR.start(scope, JsonNodeFactory.instance.textNode(
                    DateTimeFormatter.ISO_INSTANT.format(start.truncatedTo(ChronoUnit.SECONDS))));
        }
        List<String> seen = cursor.seen();
        for (String id : seen) {
            if (!id.matches(ID)) {
                // The last id goes into the SOQL: a stored one that is no Salesforce id is refused, not quoted.
                throw ConnectorException.permanent("salesforce.cursor", NAME
                        + ": the stored cursor is damaged:"
                        + " its 'seen' must hold Salesforce ids of 15 or 18 letters and digits, but held '"
                        + JsonApi.abbreviate(id) + "': reset the trigger's cursor to start over", null, null);
            }
        }
        Instant since = OffsetDateTime.parse(cursor.mark().textValue()).toInstant()
                .truncatedTo(ChronoUnit.SECONDS);
        String t = DateTimeFormatter.ISO_INSTANT.format(since);
        Instant bound = SETTLE.bound(config, now, ChronoUnit.SECONDS);
        String after = seen.isEmpty()
                ? field + " >= " + t
                : "(" + field + " > " + t + " OR (" + field + " = " + t + " AND Id > '"
                        + seen.get(seen.size() - 1) + "'))";
        String where = config.hasNonNull("where") ? " AND (" + config.get("where").asText() + ")" : "";
        String soql = "SELECT " + String.join(", ", fields) + " FROM " + sobject + " WHERE " + after + " AND "
                + field + " < " + DateTimeFormatter.ISO_INSTANT.format(bound) + where
                + " ORDER BY " + field + " ASC, Id ASC LIMIT " + request.max();
        return new Query(sobject, field, soql, cursor);
    }

    /** The events of one answer of the query, and the cursor after them. */
    static PollResult result(Query query, JsonNode answer, int max) throws ConnectorException {
        List<Change> page = new ArrayList<>();
        for (JsonNode record : answer.path("records")) {
            Instant at = time(record.path(query.field()).asText(), query.field());
            page.add(new Change(record.path("Id").asText(),
                    JsonNodeFactory.instance.textNode(DateTimeFormatter.ISO_INSTANT.format(at)), record));
        }
        boolean more = page.size() >= max || !answer.path("done").asBoolean(true);
        ChangeCursor.Step step = query.cursor().take(page, more);
        List<Event> events = new ArrayList<>();
        for (Change change : step.taken()) {
            ObjectNode data = JsonNodeFactory.instance.objectNode().put("sobject", query.sobject());
            data.set("record", change.record());
            events.add(
                    new Event(query.sobject() + ":" + change.id() + ":" + change.mark().textValue(), data));
        }
        return new PollResult(events, step.next().toJson(), more);
    }

    private static Instant time(String text, String field) throws ConnectorException {
        try {
            return SALESFORCE_TIME.parse(text, Instant::from).truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            throw ConnectorException.permanent("salesforce.unexpected_answer", NAME + ": a record's " + field
                    + " is '" + text + "', not a Salesforce dateTime", null, null);
        }
    }
}
