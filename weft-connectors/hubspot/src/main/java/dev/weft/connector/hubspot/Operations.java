package dev.weft.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Example;
import dev.weft.connector.OperationSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The HubSpot connector's operations, each declared once: its input and output schemas, whether it may be
 * repeated or cached, and examples. The docs page and the platform's input validation read these; the client
 * ({@link HubSpotClient}) sends each as CRM v3 or associations v4 requests.
 */
final class Operations {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Most inputs a batch request takes (HubSpot refuses more). */
    static final int BATCH_MAX = 100;
    /** Most records a list page answers. */
    static final int LIST_MAX = 100;
    /** Most records a search page answers. */
    static final int SEARCH_PAGE_MAX = 200;
    /** Most results one search query reaches, however it is paged; past it HubSpot answers 400. */
    static final int SEARCH_RESULTS_MAX = 10_000;

    static final String OBJECT_TYPE_PATTERN = "^[A-Za-z0-9_-]+$";
    private static final String OBJECT_TYPE = """
            "objectType": {"type": "string", "pattern": "^[A-Za-z0-9_-]+$", "description": "the CRM object type: contacts, companies, deals, products, line_items, tickets, quotes, or a custom object's name (p12345_cars) or type id (2-123456)"}""";
    private static final String ID = """
            "id": {"type": ["string", "integer"], "minLength": 1, "description": "the record's id (hs_object_id), or the value of idProperty"}""";
    private static final String ID_PROPERTY = """
            "idProperty": {"type": "string", "minLength": 1, "description": "a unique property that id is a value of, such as email for contacts; the record id by default"}""";
    private static final String PROPERTY_NAMES = """
            "properties": {"type": "array", "items": {"type": "string", "minLength": 1}, "description": "the properties to answer; HubSpot answers a few defaults without it"}""";
    private static final String ASSOCIATION_NAMES = """
            "associations": {"type": "array", "items": {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"}, "description": "object types whose associated ids to answer, such as [\\"companies\\", \\"deals\\"]"}""";
    private static final String ARCHIVED = """
            "archived": {"type": "boolean", "default": false, "description": "read archived records instead"}""";
    private static final String VALUES = """
            {"type": "object", "additionalProperties": {"type": ["string", "number", "boolean", "null"]}, "description": "property values by internal name, such as {\\"email\\": \\"ada@example.com\\"}"}""";
    private static final String TYPES = """
            {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["associationCategory", "associationTypeId"], "additionalProperties": false, "properties": {
              "associationCategory": {"type": "string", "enum": ["HUBSPOT_DEFINED", "USER_DEFINED", "INTEGRATOR_DEFINED", "WORK"]},
              "associationTypeId": {"type": "integer", "minimum": 1, "description": "for example 20: line item to deal, 3: deal to contact, 279: contact to company"}}}}""";
    private static final String CREATE_ASSOCIATIONS = """
            {"type": "array", "items": {"type": "object", "required": ["to", "types"], "additionalProperties": false, "properties": {
              "to": {"type": "object", "required": ["id"], "properties": {"id": {"type": ["string", "integer"], "minLength": 1}}},
              "types": %s}}, "description": "records to associate the new one with"}"""
            .formatted(TYPES);

    static final String RECORD = """
            {"type": "object", "required": ["id", "properties"], "properties": {
              "id": {"type": "string"},
              "properties": {"type": "object", "description": "property values as text, by internal name"},
              "createdAt": {"type": "string"}, "updatedAt": {"type": "string"}, "archived": {"type": "boolean"},
              "associations": {"type": "object", "description": "associated ids by object type, when asked for"}}}""";
    private static final String PAGE = """
            {"type": "object", "required": ["results", "next"], "properties": {
              "results": {"type": "array", "items": %s},
              "next": {"type": ["string", "null"], "description": "the after token of the next page; null on the last"}}}"""
            .formatted(RECORD);
    private static final String SEARCH_PAGE = """
            {"type": "object", "required": ["total", "results", "next"], "properties": {
              "total": {"type": "integer", "description": "how many records match (at most 10,000 of them can be paged through)"},
              "results": {"type": "array", "items": %s},
              "next": {"type": ["string", "null"], "description": "the after token of the next page; null on the last"}}}"""
            .formatted(RECORD);
    private static final String BATCH = """
            {"type": "object", "required": ["status", "results", "errors"], "properties": {
              "status": {"type": "string", "description": "COMPLETE once HubSpot is done"},
              "results": {"type": "array", "items": %s},
              "errors": {"type": "array", "description": "the inputs HubSpot refused (it answered 207): each with a code, the ids or properties it names", "items": {"type": "object", "required": ["code", "message"], "properties": {
                "code": {"type": "string"}, "category": {"type": "string"}, "message": {"type": "string"},
                "ids": {"type": "array", "items": {"type": "string"}}, "properties": {"type": "array", "items": {"type": "string"}}}}}}}"""
            .formatted(RECORD);

    static final OperationSpec CREATE = op("hubspot.create", "Creates a record of `objectType` (contacts,"
            + " companies, deals, products, line_items or any other) with its `properties`, associated at once"
            + " with the records in `associations`. Answers the record. A contact whose email exists already is"
            + " `hubspot.conflict`, with the existing contact's id in `details.existingId`.",
            obj(List.of("objectType", "properties"), OBJECT_TYPE + ", \"properties\": " + VALUES
                    + ", \"associations\": " + CREATE_ASSOCIATIONS),
            RECORD, false, false,
            example("Create a contact", "{\"objectType\": \"contacts\", \"properties\": {\"email\":"
                    + " \"ada@example.com\", \"firstname\": \"Ada\", \"lastname\": \"Lovelace\"}}"),
            example("Add a line item to deal 9001", "{\"objectType\": \"line_items\", \"properties\": {"
                    + "\"hs_product_id\": \"1201\", \"quantity\": 2, \"price\": 90}, \"associations\": [{\"to\":"
                    + " {\"id\": \"9001\"}, \"types\": [{\"associationCategory\": \"HUBSPOT_DEFINED\","
                    + " \"associationTypeId\": 20}]}]}"));
    static final OperationSpec GET = op("hubspot.get", "Reads one record by id (or by a unique property with"
            + " `idProperty`), with the `properties` asked for and the ids of its `associations`.",
            obj(List.of("objectType", "id"),
                    String.join(", ", OBJECT_TYPE, ID, ID_PROPERTY, PROPERTY_NAMES, ASSOCIATION_NAMES,
                            ARCHIVED)),
            RECORD, true, true,
            example("A deal with its contacts and line items", "{\"objectType\": \"deals\", \"id\": \"9001\","
                    + " \"properties\": [\"dealname\", \"amount\", \"dealstage\"], \"associations\": [\"contacts\","
                    + " \"line_items\"]}"),
            example("A contact by email", "{\"objectType\": \"contacts\", \"id\": \"ada@example.com\","
                    + " \"idProperty\": \"email\"}"));
    static final OperationSpec UPDATE = op("hubspot.update", "Changes the `properties` given of a record (an"
            + " empty string clears one) and answers it. Read-only and unknown properties are refused, naming"
            + " the property.",
            obj(List.of("objectType", "id", "properties"), String.join(", ", OBJECT_TYPE, ID, ID_PROPERTY,
                    "\"properties\": " + VALUES.replaceFirst("\\{", "{\"minProperties\": 1, "))),
            RECORD, true, false,
            example("Move a deal to closed won", "{\"objectType\": \"deals\", \"id\": \"9001\","
                    + " \"properties\": {\"dealstage\": \"closedwon\"}}"));
    static final OperationSpec ARCHIVE = op("hubspot.archive",
            "Archives a record (HubSpot's delete: it can be"
                    + " restored for 90 days). Archiving one archived already does no harm.",
            obj(List.of("objectType", "id"), OBJECT_TYPE + ", " + ID),
            """
                    {"type": "object", "required": ["archived", "id"], "properties": {"archived": {"const": true}, "id": {"type": "string"}}}""",
            true, false, example("Archive a contact", "{\"objectType\": \"contacts\", \"id\": \"151\"}"));
    static final OperationSpec LIST = op("hubspot.list", "Lists records of `objectType` a page at a time"
            + " (`limit` up to 100, 10 by default), in id order; `next` is the `after` of the next page.",
            obj(List.of("objectType"), String.join(", ", OBJECT_TYPE, PROPERTY_NAMES, ASSOCIATION_NAMES,
                    ARCHIVED,
                    """
                            "limit": {"type": "integer", "minimum": 1, "maximum": 100, "default": 10},
                            "after": {"type": "string", "minLength": 1, "description": "the next of the page before"}""")),
            PAGE, true, true,
            example("Products, 100 at a time", "{\"objectType\": \"products\", \"limit\": 100,"
                    + " \"properties\": [\"name\", \"price\", \"hs_sku\"]}"));
    static final OperationSpec SEARCH = op("hubspot.search", "Searches records of `objectType`:"
            + " `filterGroups` (any group matches; all filters of a group must), `sorts`, a free-text `query`,"
            + " the `properties` to answer, `limit` up to 200. HubSpot pages a search through its first 10,000"
            + " results only (narrow the filters past that, for example by `hs_lastmodifieddate`), and allows"
            + " about 5 searches a second per account: more are `hubspot.rate_limited`.",
            obj(List.of("objectType"), OBJECT_TYPE + ", " + PROPERTY_NAMES + ", "
                    + """
                            "filterGroups": {"type": "array", "maxItems": 5, "items": {"type": "object", "required": ["filters"], "properties": {
                              "filters": {"type": "array", "maxItems": 6, "items": {"type": "object", "required": ["propertyName", "operator"], "additionalProperties": false, "properties": {
                                "propertyName": {"type": "string", "minLength": 1},
                                "operator": {"type": "string", "enum": ["EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN", "NOT_IN", "HAS_PROPERTY", "NOT_HAS_PROPERTY", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN"]},
                                "value": {"type": ["string", "number", "boolean"]},
                                "highValue": {"type": ["string", "number"]},
                                "values": {"type": "array", "items": {"type": ["string", "number"]}}}}}}}},
                            "sorts": {"type": "array", "items": {"type": "object", "required": ["propertyName"], "additionalProperties": false, "properties": {
                              "propertyName": {"type": "string", "minLength": 1},
                              "direction": {"type": "string", "enum": ["ASCENDING", "DESCENDING"], "default": "ASCENDING"}}}},
                            "query": {"type": "string", "maxLength": 3000},
                            "limit": {"type": "integer", "minimum": 1, "maximum": 200, "default": 10},
                            "after": {"type": "string", "pattern": "^[0-9]+$", "description": "the next of the page before"}"""),
            SEARCH_PAGE, true, true,
            example("Deals won this month, largest first", "{\"objectType\": \"deals\", \"filterGroups\":"
                    + " [{\"filters\": [{\"propertyName\": \"dealstage\", \"operator\": \"EQ\", \"value\":"
                    + " \"closedwon\"}, {\"propertyName\": \"closedate\", \"operator\": \"GTE\", \"value\":"
                    + " \"2026-12-01T00:00:00Z\"}]}], \"sorts\": [{\"propertyName\": \"amount\", \"direction\":"
                    + " \"DESCENDING\"}], \"properties\": [\"dealname\", \"amount\"], \"limit\": 50}"));
    static final OperationSpec BATCH_CREATE = op("hubspot.batch_create", "Creates up to 100 records of"
            + " `objectType` in one request. When HubSpot refuses some (it answers 207), the others are created"
            + " and `errors` says which were not and why.",
            obj(List.of("objectType", "inputs"), OBJECT_TYPE
                    + ", \"inputs\": {\"type\": \"array\", \"minItems\": 1,"
                    + " \"maxItems\": 100, \"items\": {\"type\": \"object\", \"required\": [\"properties\"],"
                    + " \"additionalProperties\": false, \"properties\": {\"properties\": " + VALUES
                    + ", \"associations\": " + CREATE_ASSOCIATIONS + "}}}"),
            BATCH, false, false,
            example("Two line items of deal 9001", "{\"objectType\": \"line_items\", \"inputs\": ["
                    + "{\"properties\": {\"hs_product_id\": \"1201\", \"quantity\": 2}, \"associations\": [{\"to\":"
                    + " {\"id\": \"9001\"}, \"types\": [{\"associationCategory\": \"HUBSPOT_DEFINED\","
                    + " \"associationTypeId\": 20}]}]}, {\"properties\": {\"name\": \"Setup\", \"quantity\": 1,"
                    + " \"price\": 400}, \"associations\": [{\"to\": {\"id\": \"9001\"}, \"types\":"
                    + " [{\"associationCategory\": \"HUBSPOT_DEFINED\", \"associationTypeId\": 20}]}]}]}"));
    static final OperationSpec BATCH_UPDATE = op("hubspot.batch_update", "Changes up to 100 records of"
            + " `objectType` in one request, by id (or by `idProperty`). Refused inputs (a 207) are in"
            + " `errors`.",
            obj(List.of("objectType", "inputs"), OBJECT_TYPE + ", " + ID_PROPERTY + ", \"inputs\": {\"type\":"
                    + " \"array\", \"minItems\": 1, \"maxItems\": 100, \"items\": {\"type\": \"object\", \"required\":"
                    + " [\"id\", \"properties\"], \"additionalProperties\": false, \"properties\": {" + ID
                    + ", \"properties\": " + VALUES + "}}}"),
            BATCH, true, false,
            example("Set two contacts' lifecycle stage",
                    "{\"objectType\": \"contacts\", \"inputs\": [{\"id\":"
                            + " \"151\", \"properties\": {\"lifecyclestage\": \"customer\"}}, {\"id\": \"152\","
                            + " \"properties\": {\"lifecyclestage\": \"customer\"}}]}"));
    static final OperationSpec BATCH_READ = op("hubspot.batch_read", "Reads up to 100 records of `objectType`"
            + " by id (or by `idProperty`). Ids HubSpot does not find (a 207) are in `errors`.",
            obj(List.of("objectType", "ids"), String.join(", ", OBJECT_TYPE, ID_PROPERTY, PROPERTY_NAMES,
                    ARCHIVED,
                    """
                            "ids": {"type": "array", "minItems": 1, "maxItems": 100, "items": {"type": ["string", "integer"], "minLength": 1}}""")),
            BATCH, true, true,
            example("Three companies' names and domains", "{\"objectType\": \"companies\", \"ids\": [\"501\","
                    + " \"502\", \"503\"], \"properties\": [\"name\", \"domain\"]}"));
    static final OperationSpec ASSOCIATE = op("hubspot.associate", "Associates two records (associations v4):"
            + " with HubSpot's default (unlabeled) type, or with the `types` given (labels). Associating records"
            + " associated already does no harm.",
            obj(List.of("fromObjectType", "fromId", "toObjectType", "toId"), """
                    "fromObjectType": {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"},
                    "fromId": {"type": ["string", "integer"], "minLength": 1},
                    "toObjectType": {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"},
                    "toId": {"type": ["string", "integer"], "minLength": 1},
                    "types":""" + " " + TYPES),
            """
                    {"type": "object", "description": "HubSpot's answer: with the default type, the associations made (results); with types, the labels between the two records"}""",
            true, false,
            example("Associate a contact with a company", "{\"fromObjectType\": \"contacts\", \"fromId\":"
                    + " \"151\", \"toObjectType\": \"companies\", \"toId\": \"501\"}"));
    static final OperationSpec LIST_ASSOCIATIONS = op("hubspot.list_associations", "Lists the records of"
            + " `toObjectType` associated with a record (associations v4), with their association types and"
            + " labels, a page at a time (`limit` up to 500).",
            obj(List.of("objectType", "id", "toObjectType"), OBJECT_TYPE + ", " + ID + """
                    ,
                    "toObjectType": {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"},
                    "limit": {"type": "integer", "minimum": 1, "maximum": 500, "default": 500},
                    "after": {"type": "string", "minLength": 1}"""),
            """
                    {"type": "object", "required": ["results", "next"], "properties": {
                      "results": {"type": "array", "items": {"type": "object", "required": ["toObjectId"], "properties": {
                        "toObjectId": {"type": ["string", "integer"]}, "associationTypes": {"type": "array"}}}},
                      "next": {"type": ["string", "null"]}}}""",
            true, true,
            example("The line items of deal 9001", "{\"objectType\": \"deals\", \"id\": \"9001\","
                    + " \"toObjectType\": \"line_items\"}"));
    static final OperationSpec UNASSOCIATE = op("hubspot.unassociate", "Removes every association between"
            + " two records (associations v4). Removing one that is not there does no harm.",
            obj(List.of("fromObjectType", "fromId", "toObjectType", "toId"), """
                    "fromObjectType": {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"},
                    "fromId": {"type": ["string", "integer"], "minLength": 1},
                    "toObjectType": {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"},
                    "toId": {"type": ["string", "integer"], "minLength": 1}"""),
            """
                    {"type": "object", "required": ["removed"], "properties": {"removed": {"const": true}}}""",
            true, false,
            example("Detach a contact from a deal", "{\"fromObjectType\": \"deals\", \"fromId\": \"9001\","
                    + " \"toObjectType\": \"contacts\", \"toId\": \"151\"}"));

    static final List<OperationSpec> ALL = List.of(CREATE, GET, UPDATE, ARCHIVE, LIST, SEARCH, BATCH_CREATE,
            BATCH_UPDATE, BATCH_READ, ASSOCIATE, LIST_ASSOCIATIONS, UNASSOCIATE);

    private Operations() {
    }

    private static String obj(List<String> required, String properties) {
        return "{\"type\": \"object\", \"additionalProperties\": false, \"required\": ["
                + required.stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(", "))
                + "], \"properties\": {" + properties + "}}";
    }

    private static OperationSpec op(String name, String description, String input, String output,
            boolean idempotent, boolean readOnly, Example... examples) {
        return new OperationSpec(name, description, parse(input), parse(output), idempotent, readOnly,
                List.of(examples));
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
