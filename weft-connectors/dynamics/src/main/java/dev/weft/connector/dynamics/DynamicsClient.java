package dev.weft.connector.dynamics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.HttpTransport;
import dev.weft.connector.Inputs;
import dev.weft.connector.PollRequest;
import dev.weft.connector.PollResult;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;
import dev.weft.connector.kit.odata.ODataErrors;
import dev.weft.connector.kit.odata.ODataHttp;
import dev.weft.connector.kit.odata.ODataPage;
import dev.weft.connector.kit.odata.ODataQuery;
import dev.weft.connector.kit.odata.ODataVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dataverse environment's client: each operation as requests to its Web API ({@code /api/data/v9.2})
 * through the platform's HTTP transport, which adds the Azure AD token. Dataverse's errors
 * ({@code {"error": {"code", "message"}}}) become typed errors, its service protection limits (429 with
 * {@code Retry-After}) rate-limit refusals. Thread-safe.
 */
final class DynamicsClient implements SystemClient {
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration TEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern ENTITY_ID = Pattern.compile("\\(([0-9a-fA-F-]{36})\\)\\s*$");
    private static final ODataErrors.Hints HINTS = new ODataErrors.Hints("check the system's credential: an"
            + " oauth2ClientCredentials credential of an app registration (Microsoft Entra ID) that is an"
            + " application user of this environment, with the scope https://<org>.crm.dynamics.com/.default",
            "the application user lacks a security role granting this privilege on the table");

    private final SystemContext context;
    private final ODataHttp http;

    DynamicsClient(SystemContext context, String root) {
        this.context = context;
        this.http = new ODataHttp(context, root, "dynamics",
                List.of(Map.entry("OData-MaxVersion", "4.0"), Map.entry("OData-Version", "4.0")),
                "check the system's baseUrl (the environment's URL, such as https://contoso.crm.dynamics.com)");
    }

    @Override
    public JsonNode invoke(Call call) throws ConnectorException {
        Inputs in = Inputs.ofOperation(call.operation());
        JsonNode input = call.input();
        return switch (call.operation()) {
            case "dynamics.list" -> list(call, in, input);
            case "dynamics.get" -> {
                ODataQuery q = new ODataQuery().list("$select", strings(input, "select"))
                        .option("$expand", in.text(input, "expand", null));
                yield json(send(call, "GET", record(in, input) + q, null, List.of()), "GET");
            }
            case "dynamics.create" ->
                saved(call, "POST", "/" + entitySet(in, input), body(in, input, "record"),
                        returning(in, input, List.of()));
            case "dynamics.update" -> saved(call, "PATCH", record(in, input), body(in, input, "record"),
                    returning(in, input, List.of(Map.entry("If-Match", in.text(input, "etag", "*")))));
            case "dynamics.upsert" -> saved(call, "PATCH", record(in, input), body(in, input, "record"),
                    returning(in, input, in.bool(input, "createOnly", false)
                            ? List.of(Map.entry("If-None-Match", "*"))
                            : List.of()));
            case "dynamics.delete" -> delete(call, in, input);
            case "dynamics.associate" -> {
                String target = http.root() + "/"
                        + ODataQuery.name(in.text(input, "targetEntitySet", null), in,
                                "targetEntitySet", "contacts")
                        + ODataQuery.key(input.get("targetId"), ODataVersion.V4, in,
                                "targetId");
                String path = record(in, input) + "/"
                        + ODataQuery.name(in.text(input, "relationship", null), in,
                                "relationship", "contact_customer_accounts")
                        + "/$ref";
                check(send(call, "POST", path, JsonNodeFactory.instance.objectNode().put("@odata.id", target),
                        List.of()), "POST " + path);
                yield JsonNodeFactory.instance.objectNode().put("associated", true);
            }
            case "dynamics.create_order" -> document(call, in, input, "salesorders", "salesorder_details");
            case "dynamics.create_invoice" -> document(call, in, input, "invoices", "invoice_details");
            default ->
                throw ConnectorException.permanent("dynamics.unknown_operation", "the dynamics connector"
                        + " has no operation " + call.operation(), null, null);
        };
    }

    private JsonNode list(Call call, Inputs in, JsonNode input) throws ConnectorException {
        int pageSize = in.integer(input, "pageSize", 0, 0, 5000);
        int maxPages = in.integer(input, "maxPages", 1, 1, 100);
        List<Map.Entry<String, String>> prefer = new ArrayList<>();
        List<String> preferences = new ArrayList<>();
        if (pageSize > 0) {
            preferences.add("odata.maxpagesize=" + pageSize);
        }
        if (in.bool(input, "formattedValues", false)) {
            preferences.add("odata.include-annotations=\"OData.Community.Display.V1.FormattedValue\"");
        }
        if (!preferences.isEmpty()) {
            prefer.add(Map.entry("Prefer", String.join(",", preferences)));
        }
        String target = in.text(input, "nextLink", null);
        if (target == null) {
            ODataQuery q = new ODataQuery().list("$select", strings(input, "select"))
                    .option("$filter", in.text(input, "filter", null))
                    .option("$orderby", in.text(input, "orderby", null))
                    .option("$expand", in.text(input, "expand", null));
            if (input.hasNonNull("top")) {
                q.option("$top", Integer.toString(in.integer(input, "top", 0, 1, 5000)));
            }
            if (in.bool(input, "count", false)) {
                q.option("$count", "true");
            }
            target = "/" + entitySet(in, input) + q;
        }
        return ODataPage.follow(target, maxPages,
                next -> ODataPage.read(json(send(call, "GET", next, null, prefer), "GET"), ODataVersion.V4,
                        http.root(), "dynamics", "GET /" + input.path("entitySet").asText()));
    }

    private JsonNode delete(Call call, Inputs in, JsonNode input) throws ConnectorException {
        String path = record(in, input);
        HttpTransport.Response r = send(call, "DELETE", path, null, List.of());
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("deleted", true);
        if (r.status() == 404 && recordNotFound(r)) {
            return out.put("existed", false); // gone already: a retried delete did its work the first time
        }
        check(r, "DELETE " + path);
        return out.put("existed", true);
    }

    /**
     * Whether a 404 says the record does not exist (Dataverse's 0x80040217), not that the entity set or the
     * path is unknown, which is a mistake to report rather than a delete done already.
     */
    private static final com.fasterxml.jackson.databind.ObjectMapper ERRORS = new com.fasterxml.jackson.databind.ObjectMapper();

    private static boolean recordNotFound(HttpTransport.Response r) {
        try {
            JsonNode error = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body())
                    .path("error");
            return error.path("code").asText().equalsIgnoreCase("0x80040217");
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /** A sales order or invoice with its lines, in one deep insert. */
    private JsonNode document(Call call, Inputs in, JsonNode input, String entitySet, String lines)
            throws ConnectorException {
        ObjectNode doc = input.has("fields") && input.get("fields").isObject()
                ? ((ObjectNode) input.get("fields")).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        doc.put("name", in.required(input, "name", "Order for Ada Corp"));
        JsonNode customer = input.path("customer");
        String customerSet = customer.path("entitySet").asText("");
        if (!customerSet.equals("accounts") && !customerSet.equals("contacts")) {
            throw in.invalid("customer",
                    "must be {\"entitySet\": \"accounts\" or \"contacts\", \"id\": <GUID>}");
        }
        doc.put("customerid_" + customerSet.substring(0, customerSet.length() - 1) + "@odata.bind", "/"
                + customerSet + ODataQuery.key(customer.get("id"), ODataVersion.V4, in, "customer.id"));
        doc.put("pricelevelid@odata.bind", "/pricelevels" + ODataQuery.key(input.get("priceListId"),
                ODataVersion.V4, in, "priceListId"));
        if (input.hasNonNull("currencyId")) {
            doc.put("transactioncurrencyid@odata.bind", "/transactioncurrencies" + ODataQuery.key(input.get(
                    "currencyId"), ODataVersion.V4, in, "currencyId"));
        }
        ArrayNode rows = doc.putArray(lines);
        int n = 0;
        for (JsonNode line : input.path("lines")) {
            String field = "lines[" + n++ + "]";
            ObjectNode row = rows.addObject();
            if (line.hasNonNull("productId")) {
                row.put("productid@odata.bind", "/products" + ODataQuery.key(line.get("productId"),
                        ODataVersion.V4, in, field + ".productId"));
                if (!line.hasNonNull("uomId")) {
                    throw in.invalid(field + ".uomId", "is required with productId: the unit the quantity"
                            + " is in (uomid)");
                }
                row.put("uomid@odata.bind", "/uoms" + ODataQuery.key(line.get("uomId"), ODataVersion.V4, in,
                        field + ".uomId"));
            } else if (line.hasNonNull("description")) {
                row.put("isproductoverridden", true).put("productdescription",
                        line.get("description").asText());
            } else {
                throw in.invalid(field, "needs productId (and uomId) or a write-in description");
            }
            row.set("quantity", line.get("quantity"));
            if (line.hasNonNull("pricePerUnit")) {
                row.put("ispriceoverridden", true).set("priceperunit", line.get("pricePerUnit"));
            }
        }
        if (rows.isEmpty()) {
            throw in.invalid("lines", "must hold at least one line");
        }
        ObjectNode saved = (ObjectNode) saved(call, "POST", "/" + entitySet, doc,
                List.of(Map.entry("Prefer", "return=representation")));
        return saved;
    }

    /** Sends a write and answers the id from {@code OData-EntityId}, and the record when it was asked for. */
    private JsonNode saved(Call call, String method, String path, JsonNode body,
            List<Map.Entry<String, String>> headers)
            throws ConnectorException {
        HttpTransport.Response r = send(call, method, path, body, headers);
        check(r, method + " " + path);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        String entityId = r.header("OData-EntityId");
        Matcher m = entityId == null ? null : ENTITY_ID.matcher(entityId);
        if (m != null && m.find()) {
            out.put("id", m.group(1));
        }
        if (r.status() == 200 || r.status() == 201) {
            if (method.equals("PATCH")) {
                out.put("created", r.status() == 201);
            }
            out.set("record", json(r, method + " " + path));
        }
        return out;
    }

    private static List<Map.Entry<String, String>> returning(Inputs in, JsonNode input,
            List<Map.Entry<String, String>> headers) throws ConnectorException {
        List<Map.Entry<String, String>> all = new ArrayList<>(headers);
        if (in.bool(input, "returnRecord", false)) {
            all.add(Map.entry("Prefer", "return=representation"));
        }
        return all;
    }

    /** {@code /<entitySet>(<id or alternate key>)}. */
    private static String record(Inputs in, JsonNode input) throws ConnectorException {
        JsonNode key = input.hasNonNull("key") ? input.get("key") : input.get("id");
        if (key == null || key.isNull()) {
            throw in.invalid("id",
                    "is required (or key, an alternate key such as {\"accountnumber\": \"A1\"})");
        }
        if (input.hasNonNull("key") && input.hasNonNull("id")) {
            throw in.invalid("key", "and 'id' are both given: give one of them");
        }
        if (!key.isObject() && !key.asText().matches(Operations.GUID)) {
            throw in.invalid("id", "must be a GUID such as 5a1c0b38-9d31-ef11-8409-000d3a8f1d2c, but was '"
                    + key.asText() + "'");
        }
        return "/" + entitySet(in, input) + ODataQuery.key(key, ODataVersion.V4, in,
                input.hasNonNull("key") ? "key" : "id");
    }

    private static String entitySet(Inputs in, JsonNode input) throws ConnectorException {
        return ODataQuery.name(in.text(input, "entitySet", null), in, "entitySet", "accounts");
    }

    private static JsonNode body(Inputs in, JsonNode input, String field) throws ConnectorException {
        JsonNode body = input.get(field);
        if (body == null || !body.isObject() || body.isEmpty()) {
            throw in.invalid(field, "is required: an object of the columns to write, such as {\"name\": \"Ada"
                    + " Corp\"}");
        }
        return body;
    }

    private static List<String> strings(JsonNode input, String field) {
        List<String> out = new ArrayList<>();
        input.path(field).forEach(s -> out.add(s.asText()));
        return out;
    }

    private HttpTransport.Response send(Call call, String method, String target, JsonNode body,
            List<Map.Entry<String, String>> headers) throws ConnectorException {
        return http.send(method, target, body, headers, call.timeout(), call.cancellation(), call);
    }

    private JsonNode json(HttpTransport.Response r, String what) throws ConnectorException {
        check(r, what);
        return http.json(r, what);
    }

    private void check(HttpTransport.Response r, String what) throws ConnectorException {
        if (r.status() / 100 != 2) {
            throw ODataErrors.from("dynamics", what, r, context.clock().instant(), HINTS);
        }
    }

    /**
     * As declared, except for the calls whose precondition a retry after a lost success would fail (412): an
     * update or delete with an explicit {@code etag}, an upsert with {@code createOnly}.
     */
    @Override
    public boolean repeatable(Call call) {
        JsonNode input = call.input();
        boolean precondition = input.hasNonNull("etag") && (call.operation().equals("dynamics.update")
                || call.operation().equals("dynamics.delete"))
                || call.operation().equals("dynamics.upsert") && input.path("createOnly").asBoolean(false);
        return !precondition && Operations.ALL.stream()
                .anyMatch(op -> op.name().equals(call.operation()) && op.idempotent());
    }

    @Override
    public PollResult poll(PollRequest request) throws ConnectorException {
        if (!request.trigger().equals(ChangedTrigger.NAME)) {
            throw ConnectorException.permanent("dynamics.unknown_trigger", "the dynamics connector has no"
                    + " trigger " + request.trigger(), null, null);
        }
        ChangedTrigger.Query query = ChangedTrigger.query(request, context.clock().instant());
        HttpTransport.Response r = http.send("GET", query.target(), null,
                List.of(Map.entry("Prefer", "odata.maxpagesize=" + request.max())), POLL_TIMEOUT,
                new Cancellation(), null);
        String what = "GET /" + query.entitySet();
        check(r, what);
        return ChangedTrigger.result(query, ODataPage.read(http.json(r, what), ODataVersion.V4, http.root(),
                "dynamics", what));
    }

    @Override
    public ConnectionTest test() {
        try {
            HttpTransport.Response r = http.send("GET", "/WhoAmI", null, List.of(), TEST_TIMEOUT,
                    new Cancellation(), null);
            if (r.status() == 200) {
                return ConnectionTest.ok("signed in to the Dataverse Web API at " + http.root() + " as user "
                        + http.json(r, "GET /WhoAmI").path("UserId").asText("?"));
            }
            return ConnectionTest.failed(ODataErrors.from("dynamics", "GET /WhoAmI", r, context.clock()
                    .instant(), HINTS).getMessage());
        } catch (ConnectorException e) {
            return ConnectionTest.failed(e.getMessage());
        }
    }

    @Override
    public void close() {
        // The transport is the platform's; nothing of this client's own to release.
    }
}
