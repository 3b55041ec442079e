package dev.weft.connector.erpnext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auto.service.AutoService;
import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.CredentialType;
import dev.weft.connector.Example;
import dev.weft.connector.OperationSpec;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The {@code erpnext} connector: ERPNext and any Frappe site through its REST API ({@code /api/resource},
 * {@code /api/method}): documents of any doctype (list with filters, read with child tables, create, update,
 * submit, cancel, delete), a sales invoice made from a sales order, whitelisted methods, and a trigger for
 * documents created or changed. Thread-safe; creating it starts nothing.
 */
@AutoService(Connector.class)
public final class ErpNextConnector implements Connector {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String DOCTYPE = """
            "doctype": {"type": "string", "minLength": 1, "description": "the DocType, such as Customer or Sales Invoice"}""";
    static final String NAME = """
            "name": {"type": "string", "minLength": 1, "description": "the document's name (its id), such as ACC-SINV-2026-00007"}""";
    private static final String DOC_OUT = """
            {"type": "object", "description": "the document as Frappe answers it, child tables included (fields left empty are absent)"}""";

    static final OperationSpec LIST = op("erpnext.list", "Lists documents of a doctype, a page at a time:"
            + " `fields` (default `[\"name\"]`; `[\"*\"]` for all), `filters` as `[[field, operator, value], ...]`"
            + " or `{field: value}`, `order_by` (default `modified desc`: Frappe 15 has no order of its own),"
            + " `limit_start` and `limit_page_length` (default 20). A page shorter than asked is the last.",
            "{\"type\": \"object\", \"required\": [\"doctype\"], \"additionalProperties\": false, \"properties\": {"
                    + DOCTYPE + ","
                    + "\"fields\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}},"
                    + "\"filters\": {\"type\": [\"array\", \"object\"]},"
                    + "\"order_by\": {\"type\": \"string\"},"
                    + "\"limit_start\": {\"type\": \"integer\", \"minimum\": 0, \"default\": 0},"
                    + "\"limit_page_length\": {\"type\": \"integer\", \"minimum\": 1, \"maximum\": 10000, \"default\": 20}}}",
            "{\"type\": \"object\", \"required\": [\"items\"], \"properties\": {\"items\": {\"type\": \"array\","
                    + " \"items\": {\"type\": \"object\"}}, \"limit_start\": {\"type\": \"integer\"},"
                    + " \"limit_page_length\": {\"type\": \"integer\"}}}",
            true, true, new Example("Unpaid sales invoices of a customer",
                    parse("{\"doctype\": \"Sales Invoice\", \"fields\": [\"name\", \"grand_total\", \"outstanding_amount\"],"
                            + " \"filters\": [[\"customer\", \"=\", \"Ada Corp\"], [\"outstanding_amount\", \">\", 0]],"
                            + " \"order_by\": \"posting_date asc\"}"),
                    null));
    static final OperationSpec GET = op("erpnext.get", "Reads one document with its child tables.",
            obj(List.of("doctype", "name"), DOCTYPE + "," + NAME), DOC_OUT, true, true,
            new Example("Read a sales invoice",
                    parse("{\"doctype\": \"Sales Invoice\", \"name\": \"ACC-SINV-2026-00007\"}"),
                    null));
    static final OperationSpec CREATE = op("erpnext.create", "Creates a document (a draft, for a submittable"
            + " doctype) from `doc`: its fields, child tables as arrays of rows. Answers it as saved, with its"
            + " name.", obj(List.of("doctype", "doc"), DOCTYPE + ", \"doc\": {\"type\": \"object\"}"),
            DOC_OUT, false,
            false,
            new Example("Create a customer", parse("{\"doctype\": \"Customer\", \"doc\": {\"customer_name\":"
                    + " \"Ada Corp\", \"customer_type\": \"Company\", \"customer_group\": \"Commercial\","
                    + " \"territory\": \"All Territories\"}}"), null));
    static final OperationSpec UPDATE = op("erpnext.update", "Changes the fields given of a document; a child"
            + " table given replaces the document's whole table. Answers the document.",
            obj(List.of("doctype", "name", "doc"),
                    DOCTYPE + "," + NAME + ", \"doc\": {\"type\": \"object\", \"minProperties\": 1}"),
            DOC_OUT, true, false, new Example("Change a customer's group", parse("{\"doctype\": \"Customer\","
                    + " \"name\": \"Ada Corp\", \"doc\": {\"customer_group\": \"Government\"}}"), null));
    static final OperationSpec SUBMIT = op("erpnext.submit", "Submits a draft document (docstatus 0 to 1):"
            + " a sales invoice is then posted. A document submitted already is answered as it is, so a retried"
            + " step does no harm; a cancelled one is an error.",
            obj(List.of("doctype", "name"), DOCTYPE + "," + NAME),
            DOC_OUT, true, false, new Example("Submit a sales invoice",
                    parse("{\"doctype\": \"Sales Invoice\", \"name\": \"ACC-SINV-2026-00007\"}"), null));
    static final OperationSpec CANCEL = op("erpnext.cancel",
            "Cancels a submitted document (docstatus 1 to 2);"
                    + " a document cancelled already is answered as it is.",
            obj(List.of("doctype", "name"), DOCTYPE + ","
                    + NAME),
            DOC_OUT, true, false, new Example("Cancel a sales invoice",
                    parse("{\"doctype\": \"Sales Invoice\", \"name\": \"ACC-SINV-2026-00007\"}"), null));
    static final OperationSpec DELETE = op("erpnext.delete",
            "Deletes a document (a draft or a cancelled one).",
            obj(List.of("doctype", "name"), DOCTYPE + "," + NAME),
            "{\"type\": \"object\", \"required\": [\"deleted\"], \"properties\": {\"deleted\": {\"const\": true}}}",
            true, false, new Example("Delete a draft quotation",
                    parse("{\"doctype\": \"Quotation\", \"name\": \"SAL-QTN-2026-00003\"}"), null));
    static final OperationSpec INVOICE_FROM_ORDER = op("erpnext.invoice_from_sales_order",
            "Makes a sales invoice"
                    + " from a submitted sales order (ERPNext's make_sales_invoice: its customer, items and prices) and"
                    + " saves it as a draft; with `submit`, submits it too. Answers the invoice.",
            obj(List.of("salesOrder"), "\"salesOrder\": {\"type\": \"string\", \"minLength\": 1},"
                    + " \"submit\": {\"type\": \"boolean\", \"default\": false}"),
            DOC_OUT, false, false, new Example("Invoice a sales order and submit the invoice",
                    parse("{\"salesOrder\": \"SAL-ORD-2026-00031\", \"submit\": true}"), null));
    static final OperationSpec CALL = op("erpnext.call", "Calls a whitelisted method (`/api/method/<method>`)"
            + " with `args` as its JSON body and answers its `message`.",
            obj(List.of("method"), "\"method\": {\"type\": \"string\", \"pattern\": \"^[A-Za-z0-9_.]+$\"},"
                    + " \"args\": {\"type\": \"object\"}"),
            "{\"type\": \"object\", \"properties\": {\"message\": {}}}", false, false,
            new Example("Count a customer's sales invoices",
                    parse("{\"method\": \"frappe.client.get_count\", \"args\":"
                            + " {\"doctype\": \"Sales Invoice\", \"filters\": {\"customer\": \"Ada Corp\"}}}"),
                    null));

    private static final ConnectorSpec SPEC = ConnectorSpec.builder("erpnext", "0.1.0")
            .title("ERPNext / Frappe")
            .description("ERPNext, or any Frappe site, through its REST API (`/api/resource/<doctype>`,"
                    + " `/api/method/<method>`). The credential is an API key credential sending the header"
                    + " `Authorization` with `token <api_key>:<api_secret>` (a user's API key and secret), or a"
                    + " basic credential with the key as user and the secret as password. Tested against a replay"
                    + " of the documented API of Frappe 15 (Frappe's own source), not a running ERPNext.")
            .config(parse(
                    "{\"type\": \"object\", \"required\": [\"baseUrl\"], \"additionalProperties\": false,"
                            + " \"properties\": {\"baseUrl\": {\"type\": \"string\", \"format\": \"uri\", \"pattern\": \"^https?://\","
                            + " \"description\": \"the site's URL, for example https://erp.example.com\"}}}"))
            .credentials(CredentialType.API_KEY, CredentialType.BASIC)
            .credentialRequired()
            .operation(LIST).operation(GET).operation(CREATE).operation(UPDATE).operation(SUBMIT)
            .operation(CANCEL)
            .operation(DELETE).operation(INVOICE_FROM_ORDER).operation(CALL)
            .trigger(ChangedTrigger.SPEC)
            .build();

    @Override
    public ConnectorSpec spec() {
        return SPEC;
    }

    @Override
    public SystemClient open(SystemContext context) throws ConnectorException {
        return new ErpNextClient(context,
                dev.weft.connector.kit.JsonApi.baseUrl(context, "erpnext", "the site's URL"));
    }

    private static String obj(List<String> required, String properties) {
        return "{\"type\": \"object\", \"additionalProperties\": false, \"required\": ["
                + String.join(", ", required.stream().map(r -> "\"" + r + "\"").toList())
                + "], \"properties\": {"
                + properties + "}}";
    }

    private static OperationSpec op(String name, String description, String input, String output,
            boolean idempotent, boolean readOnly, Example example) {
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
