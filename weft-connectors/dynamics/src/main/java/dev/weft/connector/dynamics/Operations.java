package dev.weft.connector.dynamics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Example;
import dev.weft.connector.OperationSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The Dynamics 365 connector's operations, each declared once: its input and output schemas, whether it may
 * be repeated, and its examples. The docs page and the API's connector list read them; the client does what
 * they say.
 */
final class Operations {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String GUID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

    static final String ENTITY_SET = """
            "entitySet": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$", "description": "the table's entity set (its plural name): accounts, contacts, salesorders, invoices, products, or any other"}""";
    static final String ID = """
            "id": {"type": "string", "pattern": "%s", "description": "the record's id (its primary key, a GUID)"}"""
            .formatted(GUID.replace("\\", "\\\\"));
    static final String KEY = """
            "key": {"type": "object", "minProperties": 1, "additionalProperties": {"type": ["string", "integer", "boolean"]}, "description": "an alternate key's columns and values instead of the id, such as {\\"accountnumber\\": \\"A1\\"}"}""";
    static final String SELECT = """
            "select": {"type": "array", "items": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}, "description": "the columns to answer ($select); all by default"}""";
    static final String EXPAND = """
            "expand": {"type": "string", "description": "related records to include ($expand), such as primarycontactid($select=fullname)"}""";
    static final String RETURN = """
            "returnRecord": {"type": "boolean", "default": false, "description": "answer the record as saved (Prefer: return=representation)"}""";
    static final String RECORD = """
            "record": {"type": "object", "minProperties": 1, "description": "the columns to write; a lookup is set with column@odata.bind, such as {\\"parentcustomerid_account@odata.bind\\": \\"/accounts(<id>)\\"}"}""";

    private static final String RECORD_OUT = """
            {"type": "object", "description": "the record as Dataverse answers it: its columns, @odata.etag, and _<lookup>_value for lookups"}""";
    private static final String SAVED_OUT = """
            {"type": "object", "properties": {
              "id": {"type": "string", "description": "the record's id, from the OData-EntityId header"},
              "created": {"type": "boolean", "description": "with returnRecord: whether an upsert created the record"},
              "record": {"type": "object", "description": "with returnRecord: the record as saved"}}}""";

    static final OperationSpec LIST = op("dynamics.list", "Lists records of an entity set, a page at a time:"
            + " `filter` ($filter, OData syntax: `statecode eq 0 and revenue gt 100000`), `select`, `orderby`,"
            + " `expand`, `top` (records in all, no paging), `pageSize` (Prefer: odata.maxpagesize, up to 5000),"
            + " `count`. Follows `@odata.nextLink` for up to `maxPages` pages (default 1) and answers the link to"
            + " the next page, if any, as `nextLink`: give it back (with the same `pageSize`) to go on.",
            "[\"entitySet\"]", ENTITY_SET + "," + SELECT + "," + EXPAND + ","
                    + """
                            "filter": {"type": "string"},
                            "orderby": {"type": "string", "description": "such as modifiedon desc"},
                            "top": {"type": "integer", "minimum": 1, "maximum": 5000},
                            "pageSize": {"type": "integer", "minimum": 1, "maximum": 5000, "description": "records per page; Dataverse's default is 5000"},
                            "count": {"type": "boolean", "default": false, "description": "also answer the number of matching records (at most 5000)"},
                            "maxPages": {"type": "integer", "minimum": 1, "maximum": 100, "default": 1},
                            "nextLink": {"type": "string", "format": "uri", "description": "a previous answer's nextLink, to read the pages after it"},
                            "formattedValues": {"type": "boolean", "default": false, "description": "include the display text of option sets, lookups and money (…@OData.Community.Display.V1.FormattedValue)"}""",
            """
                    {"type": "object", "required": ["items"], "properties": {
                      "items": {"type": "array", "items": {"type": "object"}},
                      "nextLink": {"type": "string", "description": "the next page's link, when there is one"},
                      "count": {"type": "integer"}}}""",
            true, true,
            example("Active accounts with the most revenue first", "{\"entitySet\": \"accounts\", \"select\":"
                    + " [\"name\", \"accountnumber\", \"revenue\"], \"filter\": \"statecode eq 0\", \"orderby\":"
                    + " \"revenue desc\", \"pageSize\": 50}"));
    static final OperationSpec GET = op("dynamics.get", "Reads one record by its id or by an alternate key.",
            "[\"entitySet\"]", ENTITY_SET + "," + ID + "," + KEY + "," + SELECT + "," + EXPAND, RECORD_OUT,
            true, true, example("Read a contact's name and e-mail", "{\"entitySet\": \"contacts\", \"id\":"
                    + " \"7d1b6c2a-3e4f-4a5b-9c8d-0e1f2a3b4c5d\", \"select\": [\"fullname\", \"emailaddress1\"]}"));
    static final OperationSpec CREATE = op("dynamics.create", "Creates a record (POST) and answers its id;"
            + " with `returnRecord`, the record as saved. Related records may be created with it (deep insert)"
            + " and lookups set with `@odata.bind`. Not idempotent: a repeated call creates another record (use"
            + " `dynamics.upsert` with an alternate key where a retry must not).",
            "[\"entitySet\", \"record\"]", ENTITY_SET + "," + RECORD + "," + RETURN, SAVED_OUT, false, false,
            example("Create an account whose primary contact is a contact", "{\"entitySet\": \"accounts\","
                    + " \"record\": {\"name\": \"Ada Corp\", \"accountnumber\": \"A1\","
                    + " \"primarycontactid@odata.bind\": \"/contacts(7d1b6c2a-3e4f-4a5b-9c8d-0e1f2a3b4c5d)\"}}"));
    static final OperationSpec UPDATE = op("dynamics.update",
            "Changes the columns given of an existing record"
                    + " (PATCH with If-Match, so that it never creates one: a record that is not there is"
                    + " `dynamics.not_found`). `etag` makes it change the record only as read (optimistic concurrency:"
                    + " `dynamics.precondition_failed` when it changed since).",
            "[\"entitySet\", \"record\"]",
            ENTITY_SET + "," + ID + "," + KEY + "," + RECORD + "," + RETURN + ","
                    + """
                            "etag": {"type": "string", "description": "the record's @odata.etag as read, such as W/\\"1234567\\""}""",
            SAVED_OUT, true, false,
            example("Change an account's phone number", "{\"entitySet\": \"accounts\","
                    + " \"id\": \"5a1c0b38-9d31-ef11-8409-000d3a8f1d2c\", \"record\": {\"telephone1\":"
                    + " \"+44 20 7946 0000\"}}"));
    static final OperationSpec UPSERT = op("dynamics.upsert",
            "Creates or updates the record with an alternate"
                    + " key (PATCH /accounts(accountnumber='A1')) or id: safe to repeat. `createOnly` refuses to update"
                    + " an existing record (If-None-Match: *, `dynamics.precondition_failed`). The alternate key must be"
                    + " defined on the table.",
            "[\"entitySet\", \"record\"]", ENTITY_SET + "," + ID + "," + KEY + ","
                    + RECORD + "," + RETURN + ","
                    + """
                            "createOnly": {"type": "boolean", "default": false}""",
            SAVED_OUT, true, false, example("Upsert an account by its account number", "{\"entitySet\":"
                    + " \"accounts\", \"key\": {\"accountnumber\": \"A1\"}, \"record\": {\"name\": \"Ada Corp\","
                    + " \"telephone1\": \"+44 20 7946 0000\"}}"));
    static final OperationSpec DELETE = op("dynamics.delete", "Deletes a record by its id or alternate key. A"
            + " record that is not there is answered `existed: false`, so a retried step does no harm.",
            "[\"entitySet\"]", ENTITY_SET + "," + ID + "," + KEY, """
                    {"type": "object", "required": ["deleted"], "properties": {
                      "deleted": {"const": true}, "existed": {"type": "boolean"}}}""", true, false,
            example("Delete a contact", "{\"entitySet\": \"contacts\", \"id\":"
                    + " \"7d1b6c2a-3e4f-4a5b-9c8d-0e1f2a3b4c5d\"}"));
    static final OperationSpec ASSOCIATE = op("dynamics.associate", "Relates two records through a"
            + " collection-valued navigation property (POST .../<relationship>/$ref), such as the contacts of an"
            + " account. Not retried by the gateway: Dataverse refuses to relate again two records of a"
            + " many-to-many relationship that are related already. A single-valued lookup is set instead with"
            + " `column@odata.bind` in `dynamics.update`.",
            "[\"entitySet\", \"id\", \"relationship\", \"targetEntitySet\", \"targetId\"]",
            ENTITY_SET + "," + ID + ","
                    + """
                            "relationship": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$", "description": "the navigation property, such as contact_customer_accounts"},
                            "targetEntitySet": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"},
                            "targetId": {"type": "string", "pattern": "%s"}"""
                            .formatted(GUID.replace("\\", "\\\\")),
            """
                    {"type": "object", "required": ["associated"], "properties": {"associated": {"const": true}}}""",
            false, false,
            example("Make a contact one of an account's contacts", "{\"entitySet\": \"accounts\","
                    + " \"id\": \"5a1c0b38-9d31-ef11-8409-000d3a8f1d2c\", \"relationship\":"
                    + " \"contact_customer_accounts\", \"targetEntitySet\": \"contacts\", \"targetId\":"
                    + " \"7d1b6c2a-3e4f-4a5b-9c8d-0e1f2a3b4c5d\"}"));

    private static final String DOCUMENT_IN = """
            "customer": {"type": "object", "required": ["entitySet", "id"], "additionalProperties": false, "properties": {
              "entitySet": {"enum": ["accounts", "contacts"]}, %s}},
            "name": {"type": "string", "minLength": 1},
            "priceListId": {"type": "string", "pattern": "%s", "description": "the price list (pricelevel) the lines are priced from"},
            "currencyId": {"type": "string", "pattern": "%s", "description": "the transaction currency; the price list's by default"},
            "lines": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["quantity"], "additionalProperties": false, "properties": {
              "productId": {"type": "string", "pattern": "%s", "description": "a product of the catalogue (then uomId too)"},
              "uomId": {"type": "string", "pattern": "%s", "description": "the unit of the product's quantity"},
              "description": {"type": "string", "description": "a write-in line's text, without productId"},
              "quantity": {"type": "number", "exclusiveMinimum": 0},
              "pricePerUnit": {"type": "number", "description": "overrides the price list's price"}}}},
            "fields": {"type": "object", "description": "other columns of the document, such as description or ordernumber"}"""
            .formatted(ID, GUID.replace("\\", "\\\\"), GUID.replace("\\", "\\\\"), GUID.replace("\\", "\\\\"),
                    GUID.replace("\\", "\\\\"));
    private static final String DOCUMENT_OUT = """
            {"type": "object", "required": ["id", "record"], "properties": {
              "id": {"type": "string"},
              "record": {"type": "object", "description": "the document as saved, with its totals"}}}""";
    private static final String LINES_EXAMPLE = ", \"customer\": {\"entitySet\": \"accounts\", \"id\":"
            + " \"5a1c0b38-9d31-ef11-8409-000d3a8f1d2c\"}, \"priceListId\": \"0b7f6e1d-2c3b-4a59-8877-665544332211\","
            + " \"lines\": [{\"productId\": \"3c2d1e0f-aaaa-4bbb-8ccc-0123456789ab\", \"uomId\":"
            + " \"9f8e7d6c-5b4a-4392-8170-fedcba987654\", \"quantity\": 2}, {\"description\": \"Installation\","
            + " \"quantity\": 1, \"pricePerUnit\": 150}]}";
    static final OperationSpec CREATE_ORDER = op("dynamics.create_order",
            "Creates a sales order for an account"
                    + " or contact with its lines in one request (deep insert of salesorder_details): catalogue products"
                    + " by id and unit, or write-in lines by description, at the price list's price or `pricePerUnit`."
                    + " Answers the order as saved, with its totals. Not idempotent.",
            "[\"customer\", \"name\", \"priceListId\", \"lines\"]", DOCUMENT_IN, DOCUMENT_OUT, false, false,
            example("Order two of a product and an installation", "{\"name\": \"Order for Ada Corp\""
                    + LINES_EXAMPLE));
    static final OperationSpec CREATE_INVOICE = op("dynamics.create_invoice", "Creates an invoice for an"
            + " account or contact with its lines in one request (deep insert of invoice_details), as"
            + " `dynamics.create_order` does for orders. Answers the invoice as saved, with its totals. Not"
            + " idempotent. (Dataverse has no payment table of its own: record payments in the finance system.)",
            "[\"customer\", \"name\", \"priceListId\", \"lines\"]", DOCUMENT_IN, DOCUMENT_OUT, false, false,
            example("Invoice two of a product and an installation", "{\"name\": \"Invoice for Ada Corp\""
                    + LINES_EXAMPLE));

    static final List<OperationSpec> ALL = List.of(LIST, GET, CREATE, UPDATE, UPSERT, DELETE, ASSOCIATE,
            CREATE_ORDER, CREATE_INVOICE);

    private Operations() {
    }

    private static OperationSpec op(String name, String description, String required, String properties,
            String output, boolean idempotent, boolean readOnly, Example example) {
        return new OperationSpec(name, description, parse("{\"type\": \"object\", \"additionalProperties\":"
                + " false, \"required\": " + required + ", \"properties\": {" + properties + "}}"),
                parse(output),
                idempotent, readOnly, List.of(example));
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
