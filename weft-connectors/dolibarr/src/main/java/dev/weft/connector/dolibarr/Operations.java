package dev.weft.connector.dolibarr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Example;
import dev.weft.connector.OperationSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Dolibarr connector's operations, each declared once: its REST route, which input fields go into the
 * path, the query and the body, and what it answers. The JSON Schemas of input and output, the docs page and
 * the client's request all come from these declarations.
 */
final class Operations {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How an operation answers: the object, a list under {@code items}, a new row's id under {@code id}, or
     * whether a delete removed the row ({@code {id, deleted}}).
     */
    enum Answer {
        OBJECT, LIST, ID, DELETED
    }

    /**
     * One operation.
     *
     * @param path the route under {@code /api/index.php}, with {@code {field}} taken from the input
     * @param query input fields sent as query parameters, when given
     * @param body the input field sent whole as the JSON body, or null; {@code "*"} for the input's other
     *     fields (those neither in the path nor the query)
     * @param inputProperties the input schema's properties (JSON text), required ones named in {@code required}
     */
    record Op(String name, String description, String method, String path, List<String> query, String body,
            String inputProperties, List<String> required, Answer answer, boolean idempotent,
            boolean readOnly,
            List<Example> examples) {

        OperationSpec spec() {
            String output = switch (answer) {
                case OBJECT ->
                    """
                            {"type": "object", "description": "the record as Dolibarr answers it (its fields: the docs page's reference)"}""";
                case LIST -> """
                        {"type": "object", "required": ["items"], "properties": {
                          "items": {"type": "array", "items": {"type": "object"}},
                          "page": {"type": "integer"}, "limit": {"type": "integer"}}}""";
                case ID ->
                    """
                            {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer", "description": "the new record's id"}}}""";
                case DELETED ->
                    """
                            {"type": "object", "required": ["id", "deleted"], "properties": {"id": {"type": "integer"}, "deleted": {"type": "boolean", "description": "false when the record was already gone"}}}""";
            };
            String requiredList = required.stream().map(r -> "\"" + r + "\"")
                    .collect(Collectors.joining(", "));
            return new OperationSpec(name, description,
                    parse("{\"type\": \"object\", \"additionalProperties\": false, \"required\": ["
                            + requiredList
                            + "], \"properties\": {" + inputProperties + "}}"),
                    parse(output), idempotent, readOnly, examples);
        }
    }

    static final String ID = """
            "id": {"type": "integer", "minimum": 1, "description": "the record's id (rowid)"}""";
    static final String LIST_PROPERTIES = """
            "limit": {"type": "integer", "minimum": 1, "maximum": 10000, "default": 100, "description": "records per page"},
            "page": {"type": "integer", "minimum": 0, "default": 0, "description": "the page, from 0"},
            "sortfield": {"type": "string", "pattern": "^[a-z]+\\\\.[a-z_]+$", "description": "for example t.rowid or t.tms"},
            "sortorder": {"type": "string", "enum": ["ASC", "DESC"]},
            "sqlfilters": {"type": "string", "description": "Dolibarr's filter syntax, for example (t.tms:>=:'2026-01-01 00:00:00') and (t.client:=:1)"}""";
    private static final List<String> LIST_QUERY = List.of("limit", "page", "sortfield", "sortorder",
            "sqlfilters");

    static final List<Op> ALL = List.of(
            new Op("dolibarr.list_thirdparties", "Lists third parties (customers, prospects, suppliers), a"
                    + " page at a time. `mode` 1 keeps customers, 2 prospects, 3 neither, 4 suppliers. An empty"
                    + " page is an empty `items` (Dolibarr answers it 404).",
                    "GET", "/thirdparties", with(LIST_QUERY, "mode"), null,
                    LIST_PROPERTIES + """
                            ,
                            "mode": {"type": "integer", "enum": [0, 1, 2, 3, 4]}""",
                    List.of(), Answer.LIST, true, true,
                    List.of(example("Customers changed since a time, oldest first",
                            "{\"mode\": 1, \"sortfield\": \"t.tms\", \"sortorder\": \"ASC\", \"sqlfilters\":"
                                    + " \"(t.tms:>=:'2026-12-01 00:00:00')\", \"limit\": 50}"))),
            new Op("dolibarr.get_thirdparty", "Reads one third party by id.", "GET", "/thirdparties/{id}",
                    List.of(), null, ID, List.of("id"), Answer.OBJECT, true, true,
                    List.of(example("Read third party 12", "{\"id\": 12}"))),
            new Op("dolibarr.create_thirdparty", "Creates a third party; `name` is required, and"
                    + " `code_client: \"auto\"` lets Dolibarr number the customer. Answers the new id.",
                    "POST", "/thirdparties", List.of(), "thirdparty",
                    """
                            "thirdparty": {"type": "object", "required": ["name"], "properties": {
                              "name": {"type": "string", "minLength": 1},
                              "email": {"type": "string"},
                              "client": {"type": "integer", "enum": [0, 1, 2, 3], "description": "1 customer, 2 prospect, 3 both"},
                              "fournisseur": {"type": "integer", "enum": [0, 1], "description": "1 supplier"},
                              "code_client": {"type": "string"}}}""",
                    List.of("thirdparty"), Answer.ID, false, false,
                    List.of(example("Create a customer",
                            "{\"thirdparty\": {\"name\": \"Ada Corp\", \"email\": \"billing@ada.example\","
                                    + " \"client\": 1, \"code_client\": \"auto\"}}"))),
            new Op("dolibarr.update_thirdparty", "Changes the fields given of a third party and answers it"
                    + " whole.", "PUT", "/thirdparties/{id}", List.of(), "thirdparty", ID + """
                            ,
                            "thirdparty": {"type": "object", "minProperties": 1}""",
                    List.of("id", "thirdparty"), Answer.OBJECT, true, false,
                    List.of(example("Change a third party's e-mail",
                            "{\"id\": 12, \"thirdparty\": {\"email\": \"ap@ada.example\"}}"))),
            new Op("dolibarr.delete_thirdparty", "Deletes a third party. One that is already gone (Dolibarr"
                    + " answers 404) is not an error: the answer says `deleted: false`, so that a compensation"
                    + " can be retried.", "DELETE", "/thirdparties/{id}", List.of(), null, ID, List.of("id"),
                    Answer.DELETED, true, false,
                    List.of(example("Undo the creation of third party 12", "{\"id\": 12}"))),
            new Op("dolibarr.list_products", "Lists products and services, a page at a time. `mode` 1 keeps"
                    + " products, 2 services.", "GET", "/products", with(LIST_QUERY, "mode"), null,
                    LIST_PROPERTIES + """
                            ,
                            "mode": {"type": "integer", "enum": [0, 1, 2]}""",
                    List.of(), Answer.LIST, true, true,
                    List.of(example("The first 20 services", "{\"mode\": 2, \"limit\": 20}"))),
            new Op("dolibarr.create_product", "Creates a product or service; `ref` and `label` are required."
                    + " Answers the new id.", "POST", "/products", List.of(), "product",
                    """
                            "product": {"type": "object", "required": ["ref", "label"], "properties": {
                              "ref": {"type": "string", "minLength": 1},
                              "label": {"type": "string", "minLength": 1},
                              "type": {"type": "integer", "enum": [0, 1], "description": "0 product, 1 service"},
                              "price": {"type": "number"},
                              "tva_tx": {"type": "number"}}}""",
                    List.of("product"), Answer.ID, false, false,
                    List.of(example("Create a service",
                            "{\"product\": {\"ref\": \"SUPPORT-H\", \"label\": \"Support hour\", \"type\": 1,"
                                    + " \"price\": 90, \"tva_tx\": 20}}"))),
            new Op("dolibarr.list_orders",
                    "Lists sales orders, a page at a time; `thirdparty_ids` keeps those"
                            + " of some third parties.",
                    "GET", "/orders", with(LIST_QUERY, "thirdparty_ids"), null,
                    LIST_PROPERTIES
                            + """
                                    ,
                                    "thirdparty_ids": {"type": "string", "pattern": "^[0-9]+(,[0-9]+)*$", "description": "comma-separated ids"}""",
                    List.of(), Answer.LIST, true, true,
                    List.of(example("Orders of third party 12", "{\"thirdparty_ids\": \"12\"}"))),
            new Op("dolibarr.list_invoices",
                    "Lists customer invoices, a page at a time; `status` keeps draft,"
                            + " unpaid, paid or cancelled ones.",
                    "GET", "/invoices",
                    with(LIST_QUERY, "thirdparty_ids", "status"), null, LIST_PROPERTIES + """
                            ,
                            "thirdparty_ids": {"type": "string", "pattern": "^[0-9]+(,[0-9]+)*$"},
                            "status": {"type": "string", "enum": ["draft", "unpaid", "paid", "cancelled"]}""",
                    List.of(), Answer.LIST, true, true,
                    List.of(example("Unpaid invoices", "{\"status\": \"unpaid\"}"))),
            new Op("dolibarr.get_invoice", "Reads one customer invoice with its lines.", "GET",
                    "/invoices/{id}",
                    List.of(), null, ID, List.of("id"), Answer.OBJECT, true, true,
                    List.of(example("Read invoice 7", "{\"id\": 7}"))),
            new Op("dolibarr.create_invoice", "Creates a draft customer invoice for third party `socid`, with"
                    + " its lines (prices excluding tax). Answers the new id; validate it to number it.",
                    "POST", "/invoices", List.of(), "invoice",
                    """
                            "invoice": {"type": "object", "required": ["socid"], "properties": {
                              "socid": {"type": "integer", "minimum": 1},
                              "type": {"type": "integer", "enum": [0, 1, 2, 3, 4, 5], "description": "0 standard, 2 credit note, 3 deposit"},
                              "date": {"type": "integer", "description": "a Unix time; now by default"},
                              "ref_client": {"type": "string"},
                              "lines": {"type": "array", "items": {"type": "object", "required": ["desc", "subprice", "qty"], "properties": {
                                "desc": {"type": "string"}, "subprice": {"type": "number"}, "qty": {"type": "number"},
                                "tva_tx": {"type": "number"}, "fk_product": {"type": "integer"},
                                "product_type": {"type": "integer", "enum": [0, 1]}, "remise_percent": {"type": "number"}}}}}}""",
                    List.of("invoice"), Answer.ID, false, false,
                    List.of(example("Invoice two support hours",
                            "{\"invoice\": {\"socid\": 12, \"lines\": [{\"desc\": \"Support hour\","
                                    + " \"subprice\": 90, \"qty\": 2, \"tva_tx\": 20, \"product_type\": 1}]}}"))),
            new Op("dolibarr.validate_invoice", "Validates a draft invoice, which gives it its number, and"
                    + " answers it. Validating an invoice that is validated already answers it as it is (Dolibarr"
                    + " says 304, nothing done), so a retried step does no harm.", "POST",
                    "/invoices/{id}/validate", List.of(), "*",
                    ID + """
                            ,
                            "idwarehouse": {"type": "integer", "minimum": 0, "description": "the warehouse whose stock it decreases, when stock follows invoices"},
                            "notrigger": {"type": "integer", "enum": [0, 1]}""",
                    List.of("id"), Answer.OBJECT, true, false,
                    List.of(example("Validate invoice 7", "{\"id\": 7}"))),
            new Op("dolibarr.pay_invoice", "Records a payment of the whole amount still due on an invoice"
                    + " (Dolibarr's API pays the remainder; there is no amount) and answers the payment's id."
                    + " `paymentid` is the payment method's id (c_paiement), `accountid` the bank account's"
                    + " (required when the bank module is on). Not idempotent: do not retry it blindly.",
                    "POST", "/invoices/{id}/payments", List.of(), "*",
                    ID + """
                            ,
                            "datepaye": {"type": ["integer", "string"], "description": "the payment's date: a Unix time or YYYY-MM-DD"},
                            "paymentid": {"type": "integer", "minimum": 1},
                            "closepaidinvoices": {"type": "string", "enum": ["yes", "no"], "default": "yes"},
                            "accountid": {"type": "integer", "minimum": 1},
                            "num_payment": {"type": "string"},
                            "comment": {"type": "string"}""",
                    List.of("id", "datepaye", "paymentid"), Answer.ID, false, false,
                    List.of(example("Pay invoice 7 by transfer into account 1",
                            "{\"id\": 7, \"datepaye\": \"2026-12-06\", \"paymentid\": 2, \"accountid\": 1,"
                                    + " \"closepaidinvoices\": \"yes\"}"))),
            new Op("dolibarr.create_invoice_from_order", "Creates a draft invoice from a sales order (its"
                    + " third party and lines) and answers it.", "POST",
                    "/invoices/createfromorder/{orderId}",
                    List.of(), null, """
                            "orderId": {"type": "integer", "minimum": 1}""",
                    List.of("orderId"), Answer.OBJECT, false, false,
                    List.of(example("Invoice order 31", "{\"orderId\": 31}"))));

    static final Map<String, Op> BY_NAME = ALL.stream()
            .collect(Collectors.toMap(Op::name, Function.identity()));

    private Operations() {
    }

    private static List<String> with(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return List.copyOf(all);
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
