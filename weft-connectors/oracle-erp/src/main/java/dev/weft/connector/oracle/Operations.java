package dev.weft.connector.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Example;
import dev.weft.connector.OperationSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The Oracle connector's operations, each declared once with its JSON Schemas and examples: the general ones
 * on any resource of {@code /fscmRestApi/resources/<version>} (list, get, create, update, a child collection)
 * and the typed ones for the invoices users move.
 */
final class Operations {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The resources the docs name, with the attribute that identifies an item (for the trigger). */
    static final Map<String, String> KEYS = Map.of("invoices", "InvoiceId", "receivablesInvoices",
            "CustomerTransactionId", "purchaseOrders", "POHeaderId", "suppliers", "SupplierId", "itemsV2",
            "ItemId",
            "standardReceipts", "StandardReceiptId", "payablesPayments", "CheckId");

    static final String RESOURCE = """
            "resource": {"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9]*$",
                         "description": "the resource's name, case-sensitive: invoices (Payables), receivablesInvoices, purchaseOrders, suppliers, itemsV2, standardReceipts, payablesPayments, ..."}""";
    static final String ID = """
            "id": {"type": "string", "minLength": 1, "pattern": "^[^/?#]+$",
                   "description": "the item's key as its self link has it: the id (InvoiceId 300000123456789) or, for a composite key, the hash Oracle gives"}""";
    static final String CHILD = """
            "child": {"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9]*$", "description": "the child collection, such as invoiceLines"}""";
    static final String PAGE = """
            "q": {"type": "string", "description": "a filter: InvoiceNumber='INV-1';LastUpdateDate>'2026-12-01T00:00:00+00:00'"},
            "fields": {"type": "string", "description": "the attributes to answer, comma-separated (children as child:attr1,attr2 after ;)"},
            "orderBy": {"type": "string", "pattern": "^[A-Za-z0-9]+(:(asc|desc))?(,[A-Za-z0-9]+(:(asc|desc))?)*$", "description": "such as LastUpdateDate:desc"},
            "limit": {"type": "integer", "minimum": 1, "maximum": 500, "default": 25, "description": "items per page (Oracle answers at most 500)"},
            "offset": {"type": "integer", "minimum": 0, "default": 0, "description": "items to skip"}""";
    static final String LIST_OUT = """
            {"type": "object", "required": ["items", "hasMore"], "properties": {
              "items": {"type": "array", "items": {"type": "object"}}, "count": {"type": "integer"},
              "hasMore": {"type": "boolean", "description": "more items follow: ask again with offset + count"},
              "limit": {"type": "integer"}, "offset": {"type": "integer"}, "totalResults": {"type": "integer"}}}""";
    static final String ITEM_OUT = """
            {"type": "object", "description": "the item as Oracle answers it, without links (onlyData)"}""";
    private static final String PAYABLES_INVOICE = """
            "invoice": {"type": "object", "required": ["InvoiceNumber", "InvoiceCurrency", "InvoiceAmount", "InvoiceDate", "BusinessUnit", "Supplier", "SupplierSite", "invoiceLines"],
              "properties": {
                "InvoiceNumber": {"type": "string", "minLength": 1}, "InvoiceCurrency": {"type": "string", "pattern": "^[A-Z]{3}$"},
                "InvoiceAmount": {"type": "number"}, "InvoiceDate": {"type": "string", "format": "date"},
                "BusinessUnit": {"type": "string"}, "Supplier": {"type": "string"}, "SupplierSite": {"type": "string"},
                "Description": {"type": "string"}, "InvoiceType": {"type": "string", "default": "Standard"},
                "PaymentTerms": {"type": "string"},
                "invoiceLines": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["LineNumber", "LineAmount"], "properties": {
                  "LineNumber": {"type": "integer", "minimum": 1}, "LineAmount": {"type": "number"},
                  "LineType": {"type": "string", "default": "Item"}, "Description": {"type": "string"},
                  "Quantity": {"type": "number"}, "UnitPrice": {"type": "number"},
                  "DistributionCombination": {"type": "string", "description": "the account, such as 101-10-60110-000-000"}}}}}}""";
    private static final String RECEIVABLES_INVOICE = """
            "invoice": {"type": "object", "required": ["BusinessUnit", "TransactionSource", "TransactionType", "TransactionDate", "BillToCustomerNumber", "InvoiceCurrencyCode", "receivablesInvoiceLines"],
              "properties": {
                "BusinessUnit": {"type": "string"}, "TransactionSource": {"type": "string"}, "TransactionType": {"type": "string"},
                "TransactionNumber": {"type": "string", "description": "left out when the source numbers automatically"},
                "TransactionDate": {"type": "string", "format": "date"}, "DueDate": {"type": "string", "format": "date"},
                "BillToCustomerNumber": {"type": "string"}, "BillToSite": {"type": "string"},
                "InvoiceCurrencyCode": {"type": "string", "pattern": "^[A-Z]{3}$"}, "PaymentTerms": {"type": "string"},
                "Comments": {"type": "string"},
                "receivablesInvoiceLines": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["LineNumber", "Description", "Quantity", "UnitSellingPrice"], "properties": {
                  "LineNumber": {"type": "integer", "minimum": 1}, "Description": {"type": "string"},
                  "Quantity": {"type": "number"}, "UnitSellingPrice": {"type": "number"},
                  "ItemNumber": {"type": "string"}, "TaxClassificationCode": {"type": "string"}}}}}}""";

    static final OperationSpec LIST = op("oracle.list",
            "Lists a resource's items, a page at a time: `q` filters"
                    + " (`InvoiceNumber='INV-1'`, `LastUpdateDate>'2026-12-01T00:00:00+00:00'`; `;` joins conditions),"
                    + " `fields` chooses attributes, `orderBy` orders, `limit` (default 25, at most 500) and `offset` page."
                    + " `hasMore` says whether another page follows (at `offset` + `count`). `finder` runs one of the"
                    + " resource's named finders, `expand` includes children, `totalResults` asks for the count of all.",
            obj(List.of("resource"),
                    RESOURCE + "," + PAGE
                            + """
                                    ,
                                    "finder": {"type": "string", "description": "FinderName;var1=value1,var2=value2"},
                                    "expand": {"type": "string", "description": "children to include, such as invoiceLines, or all"},
                                    "totalResults": {"type": "boolean", "default": false}"""),
            LIST_OUT, true, true, new Example("An invoice by its number, with its amount and status",
                    parse("{\"resource\": \"invoices\", \"q\": \"InvoiceNumber='INV-ADA-0042'\", \"fields\":"
                            + " \"InvoiceId,InvoiceNumber,InvoiceAmount,PaymentStatus,LastUpdateDate\"}"),
                    null));
    static final OperationSpec GET = op("oracle.get", "Reads one item by its key; `expand` includes children"
            + " (`invoiceLines`, or `all`), `fields` chooses attributes.",
            obj(List.of("resource", "id"), RESOURCE + "," + ID + """
                    ,
                    "fields": {"type": "string"}, "expand": {"type": "string"}"""),
            ITEM_OUT, true, true, new Example("A payables invoice with its lines",
                    parse("{\"resource\": \"invoices\", \"id\": \"300000123456789\", \"expand\": \"invoiceLines\"}"),
                    null));
    static final OperationSpec CREATE = op("oracle.create", "Creates an item of a resource from `item` (its"
            + " attributes; children as arrays of items, such as `invoiceLines`) and answers it as created, with its"
            + " key. Not idempotent: Oracle refuses a second payables invoice of one number and supplier.",
            obj(List.of("resource", "item"),
                    RESOURCE + ", \"item\": {\"type\": \"object\", \"minProperties\": 1}"),
            ITEM_OUT, false, false, new Example("Create a supplier",
                    parse("{\"resource\": \"suppliers\", \"item\": {\"Supplier\": \"Ada Supplies\", \"TaxOrganizationType\":"
                            + " \"Corporation\", \"SupplierType\": \"Supplier\", \"BusinessRelationship\": \"SPEND_AUTHORIZED\"}}"),
                    null));
    static final OperationSpec UPDATE = op("oracle.update",
            "Changes the attributes given of an item (PATCH) and"
                    + " answers it.",
            obj(List.of("resource", "id", "item"), RESOURCE + "," + ID
                    + ", \"item\": {\"type\": \"object\", \"minProperties\": 1}"),
            ITEM_OUT, true, false, new Example("Change an invoice's description",
                    parse("{\"resource\": \"invoices\", \"id\": \"300000123456789\", \"item\": {\"Description\":"
                            + " \"Support hours, December\"}}"),
                    null));
    static final OperationSpec LIST_CHILDREN = op("oracle.list_children",
            "Lists a child collection of an item,"
                    + " a page at a time (`q`, `fields`, `orderBy`, `limit`, `offset` as for `oracle.list`): an invoice's"
                    + " `invoiceLines`, a purchase order's `lines`, a supplier's `sites`.",
            obj(List.of("resource", "id", "child"), RESOURCE + "," + ID + "," + CHILD + "," + PAGE), LIST_OUT,
            true,
            true,
            new Example("An invoice's lines",
                    parse("{\"resource\": \"invoices\", \"id\": \"300000123456789\","
                            + " \"child\": \"invoiceLines\"}"),
                    null));
    static final OperationSpec CREATE_CHILD = op("oracle.create_child",
            "Adds an item to a child collection of an"
                    + " item, such as a line to an invoice, and answers it.",
            obj(List.of("resource", "id", "child", "item"), RESOURCE + "," + ID + "," + CHILD
                    + ", \"item\": {\"type\": \"object\", \"minProperties\": 1}"),
            ITEM_OUT, false, false,
            new Example("Add a line to an invoice", parse("{\"resource\": \"invoices\","
                    + " \"id\": \"300000123456789\", \"child\": \"invoiceLines\", \"item\": {\"LineNumber\": 2,"
                    + " \"LineType\": \"Item\", \"LineAmount\": 45, \"Description\": \"Travel\"}}"), null));
    static final OperationSpec CREATE_PAYABLES_INVOICE = op("oracle.create_payables_invoice", "Creates a"
            + " supplier's invoice in Payables (`invoices`) with its lines (`invoiceLines`), and answers it with its"
            + " `InvoiceId`; Oracle validates and accounts it later. Not idempotent: a second invoice of one"
            + " number and supplier is refused (`oracle.invalid`).",
            obj(List.of("invoice"), PAYABLES_INVOICE), ITEM_OUT, false, false,
            new Example("A supplier's invoice for two support hours",
                    parse("{\"invoice\": {\"InvoiceNumber\":"
                            + " \"INV-ADA-0042\", \"InvoiceCurrency\": \"EUR\", \"InvoiceAmount\": 180, \"InvoiceDate\":"
                            + " \"2026-12-06\", \"BusinessUnit\": \"Vision Operations\", \"Supplier\": \"Ada Supplies\","
                            + " \"SupplierSite\": \"PARIS\", \"Description\": \"Support hours\", \"invoiceLines\":"
                            + " [{\"LineNumber\": 1, \"LineType\": \"Item\", \"LineAmount\": 180, \"Description\": \"Support"
                            + " hour x2\"}]}}"),
                    null));
    static final OperationSpec CREATE_RECEIVABLES_INVOICE = op("oracle.create_receivables_invoice",
            "Creates a"
                    + " customer invoice in Receivables (`receivablesInvoices`) with its lines (`receivablesInvoiceLines`)"
                    + " and answers it with its `CustomerTransactionId` and `TransactionNumber`. Not idempotent.",
            obj(List.of("invoice"), RECEIVABLES_INVOICE), ITEM_OUT, false, false,
            new Example("Bill a customer for two support hours",
                    parse("{\"invoice\": {\"BusinessUnit\": \"Vision"
                            + " Operations\", \"TransactionSource\": \"Manual-NES\", \"TransactionType\": \"Invoice\","
                            + " \"TransactionDate\": \"2026-12-06\", \"BillToCustomerNumber\": \"1008\","
                            + " \"InvoiceCurrencyCode\": \"EUR\", \"PaymentTerms\": \"30 Net\", \"receivablesInvoiceLines\":"
                            + " [{\"LineNumber\": 1, \"Description\": \"Support hour\", \"Quantity\": 2, \"UnitSellingPrice\":"
                            + " 90}]}}"),
                    null));

    static final List<OperationSpec> ALL = List.of(LIST, GET, CREATE, UPDATE, LIST_CHILDREN, CREATE_CHILD,
            CREATE_PAYABLES_INVOICE, CREATE_RECEIVABLES_INVOICE);

    private Operations() {
    }

    private static String obj(List<String> required, String properties) {
        return "{\"type\": \"object\", \"additionalProperties\": false, \"required\": ["
                + String.join(", ", required.stream().map(r -> "\"" + r + "\"").toList())
                + "], \"properties\": {"
                + properties + "}}";
    }

    private static OperationSpec op(String name, String description, String input, String output,
            boolean idempotent,
            boolean readOnly, Example example) {
        return new OperationSpec(name, description, parse(input), parse(output), idempotent, readOnly,
                List.of(example));
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("a declaration is not JSON: " + json, e);
        }
    }
}
