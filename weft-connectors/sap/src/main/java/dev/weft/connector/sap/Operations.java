package dev.weft.connector.sap;

import dev.weft.connector.Example;
import dev.weft.connector.OperationSpec;
import java.util.List;

/**
 * The SAP connector's operations, each declared once: input and output schemas, whether it may be repeated,
 * and its examples. The docs page and the API's connector list read them; the client does what they say.
 */
final class Operations {
    static final String ENTITY_SET = """
            "entitySet": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$", "description": "the entity set, such as A_BusinessPartner (API_BUSINESS_PARTNER), A_SalesOrder (API_SALES_ORDER_SRV) or SalesOrder (v4)"}""";
    static final String KEY = """
            "key": {"type": ["string", "integer", "object"], "description": "the record's key: a value (\\"1000123\\") or the key properties ({\\"SalesOrder\\": \\"1\\", \\"SalesOrderItem\\": \\"10\\"})"}""";
    static final String LIST_OF_NAMES = """
            {"type": "array", "items": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_/]*$"}}""";
    private static final String RECORD_OUT = """
            {"type": "object", "description": "the record as the service answers it (v2: the content of d, with __metadata and its etag; v4: with @odata.etag)"}""";

    static final OperationSpec LIST = op("sap.list",
            "Lists records of an entity set: `filter` ($filter, OData"
                    + " syntax: `BusinessPartnerCategory eq '2'`), `select`, `orderby`, `expand` (navigation properties"
                    + " such as to_Item), `top`, `skip`, `count` (v2 $inlinecount, v4 $count). Follows the service's"
                    + " next link (v2 `__next`, v4 `@odata.nextLink`) for up to `maxPages` pages (default 1) and answers"
                    + " the link where it stopped as `nextLink`: give it back to go on.",
            "[\"entitySet\"]",
            ENTITY_SET + ", \"select\": " + LIST_OF_NAMES + ", \"expand\": " + LIST_OF_NAMES + ","
                    + """
                            "filter": {"type": "string"},
                            "orderby": {"type": "string", "description": "such as LastChangeDateTime desc"},
                            "top": {"type": "integer", "minimum": 1, "maximum": 100000},
                            "skip": {"type": "integer", "minimum": 0},
                            "count": {"type": "boolean", "default": false},
                            "maxPages": {"type": "integer", "minimum": 1, "maximum": 100, "default": 1},
                            "nextLink": {"type": "string", "description": "a previous answer's nextLink"}""",
            """
                    {"type": "object", "required": ["items"], "properties": {
                      "items": {"type": "array", "items": {"type": "object"}},
                      "nextLink": {"type": "string"}, "count": {"type": "integer"}}}""", true, true,
            example("Organizations among business partners",
                    "{\"entitySet\": \"A_BusinessPartner\", \"filter\":"
                            + " \"BusinessPartnerCategory eq '2'\", \"select\": [\"BusinessPartner\","
                            + " \"BusinessPartnerFullName\"]}"));
    static final OperationSpec GET = op("sap.get", "Reads one record by its key, with `expand`ed navigation"
            + " properties (a sales order with to_Item, its items).", "[\"entitySet\", \"key\"]",
            ENTITY_SET + "," + KEY + ", \"select\": " + LIST_OF_NAMES + ", \"expand\": " + LIST_OF_NAMES,
            RECORD_OUT, true, true,
            example("A sales order with its items", "{\"entitySet\": \"A_SalesOrder\","
                    + " \"key\": \"1\", \"expand\": [\"to_Item\"]}"));
    static final OperationSpec CREATE = op("sap.create", "Creates a record (POST, with the CSRF token) and"
            + " answers it as created. Related records may be created with it (deep insert: v2"
            + " `to_Item: {\"results\": [...]}`, v4 `_Item: [...]`). Not idempotent.",
            "[\"entitySet\", \"record\"]",
            ENTITY_SET + ", \"record\": {\"type\": \"object\", \"minProperties\": 1}",
            RECORD_OUT, false, false,
            example("Create an organization", "{\"entitySet\": \"A_BusinessPartner\","
                    + " \"record\": {\"BusinessPartnerCategory\": \"2\", \"BusinessPartnerGrouping\": \"BP02\","
                    + " \"OrganizationBPName1\": \"Ada Corp\"}}"));
    static final OperationSpec UPDATE = op("sap.update",
            "Changes the properties given of a record (PATCH; MERGE"
                    + " for OData 2.0 services that want it; PUT replaces the record). It is sent with If-Match: the"
                    + " `etag` given (then a record changed since fails `sap.precondition_failed`), else the ETag the"
                    + " record has now, read first.",
            "[\"entitySet\", \"key\", \"record\"]", ENTITY_SET + "," + KEY
                    + ","
                    + """
                            "record": {"type": "object", "minProperties": 1},
                            "etag": {"type": "string", "description": "the ETag as read (v2 __metadata.etag, v4 @odata.etag)"},
                            "method": {"enum": ["PATCH", "MERGE", "PUT"], "default": "PATCH"}""",
            """
                    {"type": "object", "required": ["updated"], "properties": {
                      "updated": {"const": true}, "etag": {"type": "string", "description": "the new ETag, when the service answers it"}}}""",
            true, false, example("Change a business partner's search term", "{\"entitySet\":"
                    + " \"A_BusinessPartner\", \"key\": \"1000123\", \"record\": {\"SearchTerm1\": \"ADA\"}}"));
    static final OperationSpec DELETE = op("sap.delete", "Deletes a record, with If-Match as `sap.update`"
            + " sends it. A record that is not there is answered `existed: false`, so a retried step does no"
            + " harm.", "[\"entitySet\", \"key\"]",
            ENTITY_SET + "," + KEY
                    + ", \"etag\": {\"type\": \"string\"}",
            """
                    {"type": "object", "required": ["deleted"], "properties": {
                      "deleted": {"const": true}, "existed": {"type": "boolean"}}}""", true, false,
            example("Delete a sales order", "{\"entitySet\": \"A_SalesOrder\", \"key\": \"2\"}"));
    static final OperationSpec BATCH = op("sap.batch", "Sends several requests as one `$batch`"
            + " (multipart/mixed): each run of consecutive writes goes in one changeset, which the service"
            + " applies all or nothing; reads are parts of their own. Answers one response per request, in"
            + " order (a refused changeset's error stands for each of its requests). With `failOnError`"
            + " (default), a refused request fails the call with its typed error. Paths are relative to the"
            + " service root. Not idempotent when it writes.", "[\"requests\"]",
            """
                    "requests": {"type": "array", "minItems": 1, "maxItems": 1000, "items": {"type": "object", "required": ["method", "path"], "additionalProperties": false, "properties": {
                      "method": {"enum": ["GET", "POST", "PATCH", "MERGE", "PUT", "DELETE"]},
                      "path": {"type": "string", "description": "relative to the service root, such as A_BusinessPartner('1000123')"},
                      "body": {"type": "object"},
                      "etag": {"type": "string", "description": "sent as If-Match"}}}},
                    "failOnError": {"type": "boolean", "default": true}""",
            """
                    {"type": "object", "required": ["responses"], "properties": {"responses": {"type": "array", "items": {
                      "type": "object", "required": ["status"], "properties": {
                        "status": {"type": "integer"}, "body": {}, "location": {"type": "string"}, "etag": {"type": "string"}}}}}}""",
            false, false, example("Create a business partner and read another in one round trip",
                    "{\"requests\": [{\"method\": \"POST\", \"path\": \"A_BusinessPartner\", \"body\":"
                            + " {\"BusinessPartnerCategory\": \"2\", \"BusinessPartnerGrouping\": \"BP02\","
                            + " \"OrganizationBPName1\": \"Ada Corp\"}}, {\"method\": \"GET\", \"path\":"
                            + " \"A_BusinessPartner('1000123')\"}]}"));
    static final OperationSpec CREATE_SALES_ORDER = op("sap.create_sales_order", "Creates a sales order with"
            + " its items in one request, on a system whose service is the sales order API: OData 2.0"
            + " API_SALES_ORDER_SRV (A_SalesOrder, items to_Item by Material) or OData 4.0 api_salesorder"
            + " (SalesOrder, items _Item by Product). S/4HANA prices it and answers it, with its number. Not"
            + " idempotent: a repeated call creates another order.",
            "[\"soldToParty\", \"salesOrganization\", \"distributionChannel\", \"division\", \"items\"]",
            """
                    "salesOrderType": {"type": "string", "default": "OR"},
                    "salesOrganization": {"type": "string"},
                    "distributionChannel": {"type": "string"},
                    "division": {"type": "string"},
                    "soldToParty": {"type": "string", "description": "the customer's business partner number"},
                    "purchaseOrderByCustomer": {"type": "string"},
                    "items": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["material", "quantity"], "additionalProperties": false, "properties": {
                      "material": {"type": "string", "minLength": 1, "description": "the product's number"},
                      "quantity": {"type": "number", "exclusiveMinimum": 0},
                      "unit": {"type": "string", "description": "the quantity's unit, the product's sales unit by default"}}}}""",
            RECORD_OUT, false, false, example("Order two TG11", "{\"soldToParty\": \"17100001\","
                    + " \"salesOrganization\": \"1710\", \"distributionChannel\": \"10\", \"division\": \"00\","
                    + " \"purchaseOrderByCustomer\": \"PO-4711\", \"items\": [{\"material\": \"TG11\","
                    + " \"quantity\": 2}]}"));

    static final List<OperationSpec> ALL = List.of(LIST, GET, CREATE, UPDATE, DELETE, BATCH,
            CREATE_SALES_ORDER);

    private Operations() {
    }

    private static OperationSpec op(String name, String description, String required, String properties,
            String output, boolean idempotent, boolean readOnly, Example example) {
        return new OperationSpec(name, description, SapConnector.parse("{\"type\": \"object\","
                + " \"additionalProperties\": false, \"required\": " + required + ", \"properties\": {"
                + properties + "}}"), SapConnector.parse(output), idempotent, readOnly, List.of(example));
    }

    private static Example example(String title, String input) {
        return new Example(title, SapConnector.parse(input), null);
    }
}
