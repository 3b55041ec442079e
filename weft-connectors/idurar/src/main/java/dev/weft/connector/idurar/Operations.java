package dev.weft.connector.idurar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Example;
import dev.weft.connector.OperationSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The IDURAR connector's operations, each declared once: which of IDURAR's routes it calls
 * ({@code /api/<entity>/create|read|update|delete|list|search}, the routes its {@code appApi.js} makes for
 * every entity), which input field is the body, and the input schema. The JSON Schemas, the docs page and the
 * client's requests all come from these declarations.
 */
final class Operations {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Which of IDURAR's routes an operation calls, and so what it answers. */
    enum Verb {
        LIST, SEARCH, GET, CREATE, UPDATE, DELETE
    }

    /**
     * One operation.
     *
     * @param entity IDURAR's entity: {@code client}, {@code invoice} or {@code payment}
     * @param body the input field sent as the JSON body (create and update), else null
     * @param inputProperties the input schema's properties (JSON text)
     */
    record Op(String name, String description, String entity, Verb verb, String body, String inputProperties,
            List<String> required, boolean idempotent, List<Example> examples) {

        boolean readOnly() {
            return verb == Verb.LIST || verb == Verb.SEARCH || verb == Verb.GET;
        }

        OperationSpec spec() {
            String output = verb == Verb.LIST || verb == Verb.SEARCH ? LIST_OUTPUT : RECORD_OUTPUT;
            String requiredList = required.stream().map(r -> "\"" + r + "\"")
                    .collect(Collectors.joining(", "));
            return new OperationSpec(name, description,
                    parse("{\"type\": \"object\", \"additionalProperties\": false, \"required\": ["
                            + requiredList
                            + "], \"properties\": {" + inputProperties + "}}"),
                    parse(output), idempotent, readOnly(), examples);
        }
    }

    static final String RECORD_OUTPUT = """
            {"type": "object", "required": ["_id"], "properties": {"_id": {"type": "string"}},
             "description": "the record as IDURAR answers it (its `result`), with `created` and `updated` times"}""";
    static final String LIST_OUTPUT = """
            {"type": "object", "required": ["items"], "properties": {
              "items": {"type": "array", "items": {"type": "object"}},
              "page": {"type": "integer"}, "pages": {"type": "integer"}, "count": {"type": "integer"}}}""";

    /** A MongoDB ObjectId, as IDURAR's records are keyed. */
    static final String OBJECT_ID = "^[0-9a-f]{24}$";
    static final String ID = """
            "id": {"type": "string", "pattern": "^[0-9a-f]{24}$", "description": "the record's `_id` (24 hexadecimal digits)"}""";
    static final String LIST_PROPERTIES = """
            "page": {"type": "integer", "minimum": 1, "default": 1, "description": "the page, from 1"},
            "items": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 10, "description": "records per page"},
            "sortBy": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_.]*$", "default": "enabled", "description": "the field to order by, such as created or updated"},
            "sortValue": {"type": "integer", "enum": [1, -1], "default": -1, "description": "1 ascending, -1 descending"},
            "filter": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_.]*$", "description": "a field that must equal `equal`"},
            "equal": {"type": ["string", "number", "boolean"], "description": "the value `filter` must have"},
            "q": {"type": "string", "description": "text that one of `fields` must contain (case-insensitive)"},
            "fields": {"type": "string", "pattern": "^[A-Za-z_.]+(,[A-Za-z_.]+)*$", "description": "comma-separated fields `q` is looked for in"}""";
    private static final String CLIENT = """
            {"type": "object", "properties": {
              "name": {"type": "string", "minLength": 1}, "email": {"type": "string"}, "phone": {"type": "string"},
              "country": {"type": "string"}, "address": {"type": "string"}, "enabled": {"type": "boolean"}}""";
    private static final String INVOICE = """
            {"type": "object", "additionalProperties": false,
             "required": ["client", "number", "year", "status", "date", "expiredDate", "items"],
             "properties": {
              "client": {"type": "string", "pattern": "^[0-9a-f]{24}$", "description": "the client's _id"},
              "number": {"type": "integer", "minimum": 0}, "year": {"type": "integer"},
              "status": {"type": "string", "enum": ["draft", "pending", "sent", "refunded", "cancelled", "on hold"]},
              "date": {"type": "string", "description": "the invoice's date, ISO 8601 such as 2026-12-06"},
              "expiredDate": {"type": "string", "description": "when it is due, ISO 8601"},
              "taxRate": {"type": "number", "minimum": 0, "default": 0, "description": "percent, applied to the sum of the lines"},
              "notes": {"type": "string"},
              "items": {"type": "array", "minItems": 1, "items": {"type": "object", "additionalProperties": false,
                "required": ["itemName", "quantity", "price"], "properties": {
                "itemName": {"type": "string", "minLength": 1}, "description": {"type": "string"},
                "quantity": {"type": "number"}, "price": {"type": "number"},
                "total": {"type": "number", "description": "quantity × price; computed when left out (IDURAR computes it again)"}}}}}}""";
    private static final String NEW_PAYMENT = """
            {"type": "object", "additionalProperties": false, "required": ["invoice", "client", "number", "amount"],
             "properties": {
              "invoice": {"type": "string", "pattern": "^[0-9a-f]{24}$", "description": "the invoice's _id"},
              "client": {"type": "string", "pattern": "^[0-9a-f]{24}$", "description": "the invoice's client's _id"},
              "number": {"type": "integer", "minimum": 0},
              "amount": {"type": "number", "exclusiveMinimum": 0, "description": "at most what is still due on the invoice"},
              "date": {"type": "string", "description": "ISO 8601; now by default"},
              "currency": {"type": "string"}, "ref": {"type": "string"}, "description": {"type": "string"}}}""";
    private static final String PAYMENT_CHANGE = """
            {"type": "object", "additionalProperties": false, "required": ["amount"], "properties": {
              "amount": {"type": "number", "exclusiveMinimum": 0}, "number": {"type": "integer", "minimum": 0},
              "date": {"type": "string"}, "ref": {"type": "string"}, "description": {"type": "string"}}}""";

    static final List<Op> ALL = List.of(
            list("client", "clients", "Lists clients, a page at a time, ordered by `sortBy` (by default"
                    + " `enabled`, descending); `filter`/`equal` keep those whose field equals a value, `q`"
                    + " with `fields` those whose fields contain a text. An empty page is an empty `items`.",
                    example("Clients whose name contains Ada", "{\"q\": \"ada\", \"fields\": \"name\"}")),
            new Op("idurar.search_clients", "Finds at most 20 clients whose `fields` (default `name`) contain"
                    + " `q`, case-insensitive. None found is an empty `items` (IDURAR answers it 202).",
                    "client",
                    Verb.SEARCH, null,
                    """
                            "q": {"type": "string", "minLength": 1},
                            "fields": {"type": "string", "pattern": "^[A-Za-z_.]+(,[A-Za-z_.]+)*$", "default": "name"}""",
                    List.of("q"), true,
                    List.of(example("Clients named like Ada",
                            "{\"q\": \"Ada\", \"fields\": \"name,email\"}"))),
            get("client", "Reads one client."),
            new Op("idurar.create_client", "Creates a client; `name` is required. Answers it with its `_id`.",
                    "client", Verb.CREATE, "client", "\"client\": " + CLIENT + ", \"required\": [\"name\"]}",
                    List.of("client"), false,
                    List.of(example("Create a client", "{\"client\": {\"name\": \"Ada Corp\", \"email\":"
                            + " \"billing@ada.example\", \"country\": \"France\"}}"))),
            new Op("idurar.update_client", "Changes the fields given of a client and answers it whole.",
                    "client", Verb.UPDATE, "client",
                    ID + ", \"client\": " + CLIENT + ", \"minProperties\": 1}",
                    List.of("id", "client"), true,
                    List.of(example("Change a client's e-mail", "{\"id\": \"6752f0c1a4b8e2d9c3f10a01\","
                            + " \"client\": {\"email\": \"ap@ada.example\"}}"))),
            delete("client",
                    "Removes a client (IDURAR keeps it, marked `removed`) and answers it. Removing it"
                            + " again answers it again.",
                    true),
            list("invoice", "invoices",
                    "Lists invoices with their lines and client, a page at a time, ordered"
                            + " by `sortBy` (by default `enabled`, descending); `filter`/`equal` keep those whose field"
                            + " equals a value (`paymentStatus` = `unpaid`).",
                    example("Unpaid invoices", "{\"filter\": \"paymentStatus\", \"equal\": \"unpaid\"}")),
            get("invoice", "Reads one invoice with its lines (`items`), its client and its payments' ids."),
            new Op("idurar.create_invoice", "Creates an invoice with its lines. IDURAR computes each line's"
                    + " `total`, `subTotal`, `taxTotal` (`taxRate` percent) and `total`, and numbers nothing: give"
                    + " `number` and `year`. Answers the invoice with its `_id`.", "invoice", Verb.CREATE,
                    "invoice", "\"invoice\": " + INVOICE, List.of("invoice"), false,
                    List.of(example("Invoice two support hours", "{\"invoice\": {\"client\":"
                            + " \"6752f0c1a4b8e2d9c3f10a01\", \"number\": 7, \"year\": 2026, \"status\": \"draft\","
                            + " \"date\": \"2026-12-06\", \"expiredDate\": \"2027-01-05\", \"taxRate\": 20,"
                            + " \"items\": [{\"itemName\": \"Support hour\", \"quantity\": 2, \"price\": 90}]}}"))),
            new Op("idurar.update_invoice",
                    "Replaces an invoice's fields and lines: IDURAR checks an update as"
                            + " a whole invoice, so give every field as for a new one. Its totals and payment status are"
                            + " computed again. Answers it.",
                    "invoice", Verb.UPDATE, "invoice",
                    ID + ", \"invoice\": " + INVOICE, List.of("id", "invoice"), true,
                    List.of(example("Send an invoice", "{\"id\": \"6752f3aa0b1c4d5e6f708192\", \"invoice\":"
                            + " {\"client\": \"6752f0c1a4b8e2d9c3f10a01\", \"number\": 7, \"year\": 2026,"
                            + " \"status\": \"sent\", \"date\": \"2026-12-06\", \"expiredDate\": \"2027-01-05\","
                            + " \"taxRate\": 20, \"items\": [{\"itemName\": \"Support hour\", \"quantity\": 2,"
                            + " \"price\": 90}]}}"))),
            delete("invoice", "Removes an invoice and its payments (IDURAR keeps them, marked `removed`) and"
                    + " answers it. Removing it again is `idurar.not_found`.", false),
            list("payment", "payments", "Lists payments, a page at a time, ordered by `sortBy` (by default"
                    + " `enabled`, descending); `filter`/`equal` keep those whose field equals a value.",
                    example("Payments of an invoice", "{\"filter\": \"invoice\", \"equal\":"
                            + " \"6752f3aa0b1c4d5e6f708192\"}")),
            get("payment", "Reads one payment with its invoice and client."),
            new Op("idurar.create_payment",
                    "Records a payment of `amount` on an invoice: IDURAR adds it to the"
                            + " invoice's `credit` and sets its `paymentStatus` (`partially`, `paid`). An amount of 0 or"
                            + " above what is still due is refused (`idurar.invalid`). Not idempotent: do not retry it"
                            + " blindly.",
                    "payment", Verb.CREATE, "payment", "\"payment\": " + NEW_PAYMENT,
                    List.of("payment"), false,
                    List.of(example("Pay 100 of an invoice", "{\"payment\": {\"invoice\":"
                            + " \"6752f3aa0b1c4d5e6f708192\", \"client\": \"6752f0c1a4b8e2d9c3f10a01\", \"number\":"
                            + " 3, \"amount\": 100, \"date\": \"2026-12-07\", \"ref\": \"TRF-2026-118\"}}"))),
            new Op("idurar.update_payment", "Changes a payment's amount (and number, date, reference,"
                    + " description); IDURAR moves the invoice's `credit` by the difference. Answers it.",
                    "payment", Verb.UPDATE, "payment", ID + ", \"payment\": " + PAYMENT_CHANGE,
                    List.of("id", "payment"), true,
                    List.of(example("Correct a payment's amount", "{\"id\": \"6752f5d2c3b4a59687706a11\","
                            + " \"payment\": {\"amount\": 216, \"ref\": \"TRF-2026-118\"}}"))),
            delete("payment", "Removes a payment (IDURAR keeps it, marked `removed`) and takes its amount off"
                    + " the invoice's `credit`. Answers it. Removing it again is `idurar.not_found`.",
                    false));

    static final Map<String, Op> BY_NAME = ALL.stream()
            .collect(Collectors.toMap(Op::name, Function.identity()));

    private Operations() {
    }

    private static Op list(String entity, String plural, String description, Example example) {
        return new Op("idurar.list_" + plural, description, entity, Verb.LIST, null, LIST_PROPERTIES,
                List.of(),
                true, List.of(example));
    }

    private static Op get(String entity, String description) {
        return new Op("idurar.get_" + entity, description, entity, Verb.GET, null, ID, List.of("id"), true,
                List.of(example("Read a " + entity, "{\"id\": \"6752f0c1a4b8e2d9c3f10a01\"}")));
    }

    private static Op delete(String entity, String description, boolean idempotent) {
        return new Op("idurar.delete_" + entity, description, entity, Verb.DELETE, null, ID, List.of("id"),
                idempotent, List.of(example("Remove a " + entity, "{\"id\": \"6752f0c1a4b8e2d9c3f10a01\"}")));
    }

    private static Example example(String title, String input) {
        return new Example(title, parse(input), null);
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("a declaration is not JSON: " + json, e);
        }
    }
}
