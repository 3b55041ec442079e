package dev.weft.connector.salesforce;

import static dev.weft.connector.salesforce.SalesforceConnector.parse;

import dev.weft.connector.Example;
import dev.weft.connector.OperationSpec;
import java.util.List;

/**
 * The Salesforce connector's operations, each declared once (its input and output schemas, examples, and
 * whether it may be repeated); the docs page and the contract suite read them, the client does what they
 * say.
 */
final class Operations {
    static final String SOBJECT = """
            "sobject": {"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9_]*$", "description": "the sObject's API name, such as Account, Contact, Opportunity, Order or Invoice__c"}""";
    static final String ID = """
            "id": {"type": "string", "pattern": "^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$", "description": "the record's id (15 or 18 characters)"}""";
    static final String RECORD = """
            "record": {"type": "object", "minProperties": 1, "description": "fields by API name, such as {\\"LastName\\": \\"Lovelace\\", \\"AccountId\\": \\"001...\\"}"}""";
    private static final String ID_OUT = """
            "id": {"type": "string", "description": "the record's 18-character id"}""";

    static final OperationSpec CREATE = op("salesforce.create", "Creates a record of `sobject` from `record`"
            + " (fields by API name) and answers its id. Not idempotent: a retried step creates a second record;"
            + " use `salesforce.upsert` by an external id where a step may run twice.",
            obj("\"sobject\", \"record\"", SOBJECT + "," + RECORD),
            "{\"type\": \"object\", \"required\": [\"id\"], \"properties\": {" + ID_OUT
                    + ", \"success\": {\"type\": \"boolean\"}}}",
            false, false, new Example("Create a contact of an account", parse("""
                    {"sobject": "Contact", "record": {"FirstName": "Ada", "LastName": "Lovelace",
                     "Email": "ada@example.com", "AccountId": "001RO00000AbCdEYAV"}}"""), null));
    static final OperationSpec GET = op("salesforce.get", "Reads one record; `fields` chooses the fields"
            + " (all of them by default, which is slower on wide objects).",
            obj("\"sobject\", \"id\"", SOBJECT + "," + ID
                    + """
                            , "fields": {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9_.]*$"}}"""),
            "{\"type\": \"object\", \"description\": \"the record as Salesforce answers it: `attributes` (type, url)"
                    + " and the fields asked for\"}",
            true, true, new Example("Read an account's name and billing city", parse("""
                    {"sobject": "Account", "id": "001RO00000AbCdEYAV", "fields": ["Name", "BillingCity"]}"""),
                    null));
    static final OperationSpec UPDATE = op("salesforce.update", "Changes the fields given of a record"
            + " (Salesforce answers 204 No Content); a field set to null is cleared.",
            obj("\"sobject\", \"id\", \"record\"", SOBJECT + "," + ID + "," + RECORD),
            "{\"type\": \"object\", \"required\": [\"id\", \"updated\"], \"properties\": {" + ID_OUT
                    + ", \"updated\": {\"const\": true}}}",
            true, false,
            new Example("Mark an opportunity won",
                    parse("""
                            {"sobject": "Opportunity", "id": "006RO00000XyZaBYAV", "record": {"StageName": "Closed Won"}}"""),
                    null));
    static final OperationSpec DELETE = op("salesforce.delete", "Deletes a record (to the org's recycle bin)."
            + " A record deleted already (ENTITY_IS_DELETED) is answered `alreadyDeleted`, so a retried step does"
            + " no harm; an id that names nothing is `salesforce.not_found`.",
            obj("\"sobject\", \"id\"", SOBJECT + "," + ID),
            "{\"type\": \"object\", \"required\": [\"id\", \"deleted\"], \"properties\": {" + ID_OUT
                    + ", \"deleted\": {\"const\": true}, \"alreadyDeleted\": {\"type\": \"boolean\"}}}",
            true, false, new Example("Delete a lead", parse("""
                    {"sobject": "Lead", "id": "00QRO00000LmNoPYAV"}"""), null));
    static final OperationSpec UPSERT = op("salesforce.upsert", "Creates or updates the record whose external"
            + " id field `externalIdField` is `externalId` (`PATCH /sobjects/{sobject}/{field}/{value}`): `created`"
            + " says which (Salesforce answers 201 or 200; 204 in versions before 46.0). Two records with that"
            + " value are `salesforce.multiple_matches` (Salesforce's 300), naming their ids. The safe way to"
            + " write from a step that may run again.",
            obj("\"sobject\", \"externalIdField\", \"externalId\", \"record\"",
                    SOBJECT + """
                            ,
                            "externalIdField": {"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9_]*$", "description": "an external id field of the sObject, such as ERP_Id__c"},
                            "externalId": {"type": "string", "minLength": 1, "description": "its value"},
                            """
                            + RECORD),
            "{\"type\": \"object\", \"required\": [\"id\", \"created\"], \"properties\": {" + ID_OUT
                    + ", \"created\": {\"type\": \"boolean\", \"description\": \"true when the record was"
                    + " created, false when it was updated\"}}}",
            true, false, new Example("Upsert an account by its ERP number", parse("""
                    {"sobject": "Account", "externalIdField": "ERP_Id__c", "externalId": "CUST-00012",
                     "record": {"Name": "Ada Corp", "BillingCity": "Paris"}}"""), null));
    static final OperationSpec QUERY = op("salesforce.query", "Runs a SOQL query and answers all its records,"
            + " following Salesforce's `nextRecordsUrl` across pages. A query matching more than `maxRecords`"
            + " (2,000 by default, 50,000 at most) fails at once with `salesforce.too_many_records` before reading"
            + " them: narrow it (a WHERE, a LIMIT), raise `maxRecords`, or use Bulk API for more."
            + " `includeDeleted` reads deleted and archived records too (`queryAll`).",
            obj("\"soql\"",
                    """
                            "soql": {"type": "string", "minLength": 1, "description": "a SOQL query, such as SELECT Id, Name FROM Account WHERE LastModifiedDate = TODAY"},
                            "maxRecords": {"type": "integer", "minimum": 1, "maximum": 50000, "default": 2000},
                            "includeDeleted": {"type": "boolean", "default": false}"""),
            """
                    {"type": "object", "required": ["totalSize", "records"], "properties": {
                      "totalSize": {"type": "integer"},
                      "records": {"type": "array", "items": {"type": "object"}}}}""",
            true, true,
            new Example("Open opportunities of an account",
                    parse("""
                            {"soql": "SELECT Id, Name, Amount FROM Opportunity WHERE AccountId = '001RO00000AbCdEYAV' AND IsClosed = false"}"""),
                    null));
    static final OperationSpec COMPOSITE = Composite.SPEC;
    static final OperationSpec BULK_INGEST = BulkIngest.INGEST;
    static final OperationSpec BULK_STATUS = BulkIngest.STATUS;

    static final List<OperationSpec> ALL = List.of(CREATE, GET, UPDATE, DELETE, UPSERT, QUERY, COMPOSITE,
            BULK_INGEST, BULK_STATUS, ContentFiles.UPLOAD, ContentFiles.DOWNLOAD);

    private Operations() {
    }

    static String obj(String required, String properties) {
        return "{\"type\": \"object\", \"additionalProperties\": false, \"required\": [" + required
                + "], \"properties\": {" + properties + "}}";
    }

    static OperationSpec op(String name, String description, String input, String output, boolean idempotent,
            boolean readOnly, Example example) {
        return new OperationSpec(name, description, parse(input), parse(output), idempotent, readOnly,
                List.of(example));
    }
}
