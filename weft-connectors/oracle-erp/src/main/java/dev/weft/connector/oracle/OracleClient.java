package dev.weft.connector.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.weft.connector.kit.JsonApi;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An Oracle Fusion pod's client: each operation as a request to
 * {@code <baseUrl>/fscmRestApi/resources/<apiVersion>/...} through the platform's HTTP transport, which adds
 * the credential. Every request says {@code REST-Framework-Version: 4} (so {@code q} is an expression, nested
 * children are collections and errors are JSON) and asks {@code onlyData=true} (no links); creates and updates
 * are {@code application/vnd.oracle.adf.resourceitem+json}. Thread-safe.
 */
final class OracleClient implements SystemClient {
    static final String FRAMEWORK_VERSION = "4";
    static final String ITEM_TYPE = "application/vnd.oracle.adf.resourceitem+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration TEST_TIMEOUT = Duration.ofSeconds(15);

    private final SystemContext context;
    private final String root;
    private final JsonApi api;

    OracleClient(SystemContext context, String baseUrl, String apiVersion) {
        this.context = context;
        this.root = baseUrl + "/fscmRestApi/resources/" + apiVersion;
        this.api = new JsonApi(context, root, "oracle", "check the system's baseUrl (the pod's URL, such as"
                + " https://abcd.fa.us2.oraclecloud.com) and that the credential signs in without a login page");
    }

    @Override
    public JsonNode invoke(Call call) throws ConnectorException {
        Inputs in = Inputs.ofOperation(call.operation());
        JsonNode input = call.input();
        return switch (call.operation()) {
            case "oracle.list" -> list(call, "/" + name(in, input, "resource"), in, input, true);
            case "oracle.get" -> {
                Map<String, String> query = new LinkedHashMap<>();
                query.put("onlyData", "true");
                query.put("fields", in.text(input, "fields", null));
                query.put("expand", in.text(input, "expand", null));
                yield send(call, "GET", item(in, input) + JsonApi.query(query), null);
            }
            case "oracle.create" ->
                send(call, "POST", "/" + name(in, input, "resource"), object(in, input, "item"));
            case "oracle.update" -> send(call, "PATCH", item(in, input), object(in, input, "item"));
            case "oracle.list_children" ->
                list(call, item(in, input) + "/child/" + name(in, input, "child"), in, input, false);
            case "oracle.create_child" ->
                send(call, "POST", item(in, input) + "/child/" + name(in, input, "child"),
                        object(in, input, "item"));
            case "oracle.create_payables_invoice" ->
                send(call, "POST", "/invoices", object(in, input, "invoice"));
            case "oracle.create_receivables_invoice" ->
                send(call, "POST", "/receivablesInvoices", object(in, input, "invoice"));
            default -> throw ConnectorException.permanent("oracle.unknown_operation",
                    "the oracle connector has no operation " + call.operation(), null, null);
        };
    }

    private JsonNode list(Call call, String path, Inputs in, JsonNode input, boolean top)
            throws ConnectorException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("onlyData", "true");
        query.put("q", in.text(input, "q", null));
        query.put("fields", in.text(input, "fields", null));
        query.put("orderBy", in.text(input, "orderBy", null));
        if (top) {
            query.put("finder", in.text(input, "finder", null));
            query.put("expand", in.text(input, "expand", null));
            query.put("totalResults", in.bool(input, "totalResults", false) ? "true" : null);
        }
        query.put("limit", Integer.toString(in.integer(input, "limit", 25, 1, 500)));
        query.put("offset", Integer.toString(in.integer(input, "offset", 0, 0, Integer.MAX_VALUE)));
        return collection(send(call, "GET", path + JsonApi.query(query), null));
    }

    /** A collection answer as the operation's output: its items and paging, without links. */
    static ObjectNode collection(JsonNode answer) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("items",
                answer.path("items").isArray() ? answer.get("items") : JsonNodeFactory.instance.arrayNode());
        out.put("count", answer.path("count").asInt(out.get("items").size()));
        out.put("hasMore", answer.path("hasMore").asBoolean(false));
        for (String field : new String[]{"limit", "offset", "totalResults"}) {
            if (answer.path(field).canConvertToInt()) {
                out.put(field, answer.get(field).asInt());
            }
        }
        return out;
    }

    private static String item(Inputs in, JsonNode input) throws ConnectorException {
        String id = in.required(input, "id", "300000123456789");
        if (id.contains("/") || id.contains("?") || id.contains("#")) {
            throw in.invalid("id", "is an item's key, without / ? or #, such as 300000123456789, but was '"
                    + JsonApi.abbreviate(id) + "'");
        }
        return "/" + name(in, input, "resource") + "/" + JsonApi.segment(id);
    }

    private static String name(Inputs in, JsonNode input, String field) throws ConnectorException {
        String name = in.required(input, field, field.equals("child") ? "invoiceLines" : "invoices");
        if (!name.matches("[A-Za-z][A-Za-z0-9]*")) {
            throw in.invalid(field, "is a resource's name, letters and digits, such as "
                    + (field.equals("child") ? "invoiceLines" : "invoices or receivablesInvoices")
                    + ", but was '"
                    + JsonApi.abbreviate(name) + "'");
        }
        return name;
    }

    private static JsonNode object(Inputs in, JsonNode input, String field) throws ConnectorException {
        JsonNode value = input.get(field);
        if (value == null || !value.isObject() || value.isEmpty()) {
            throw in.invalid(field,
                    "is required: an object of the item's attributes, such as {\"Description\":"
                            + " \"Support hours\"}");
        }
        return value;
    }

    JsonNode send(Call call, String method, String pathAndQuery, JsonNode body) throws ConnectorException {
        HttpTransport.Response response = request(method, pathAndQuery, body, call.timeout(),
                call.cancellation(),
                call);
        return answer(method + " " + pathAndQuery.split("\\?", 2)[0], response);
    }

    private JsonNode answer(String what, HttpTransport.Response response) throws ConnectorException {
        if (response.status() / 100 != 2) {
            throw OracleErrors.of(what, response);
        }
        return api.json(response, what);
    }

    private HttpTransport.Response request(String method, String pathAndQuery, JsonNode body,
            Duration timeout,
            Cancellation cancellation, Call call) throws ConnectorException {
        HttpTransport.Request request = HttpTransport.Request.to(method, URI.create(root + pathAndQuery))
                .withHeader("Accept", "application/json")
                .withHeader("REST-Framework-Version", FRAMEWORK_VERSION)
                .withTimeout(timeout).withCancellation(cancellation);
        if (call != null) {
            request = request.withTrace(call.trace()).withIdempotencyKey(call.idempotencyKey());
        }
        if (body != null) {
            try {
                request = request
                        .withBody(new HttpTransport.Body.Bytes(JSON.writeValueAsBytes(body), ITEM_TYPE));
            } catch (IOException impossible) {
                throw new IllegalStateException("a JSON tree always serializes", impossible);
            }
        }
        return context.http().send(request);
    }

    @Override
    public PollResult poll(PollRequest request) throws ConnectorException {
        if (!request.trigger().equals(ChangedTrigger.NAME)) {
            throw ConnectorException.permanent("oracle.unknown_trigger",
                    "the oracle connector has no trigger " + request.trigger(), null, null);
        }
        ChangedTrigger.Query query = ChangedTrigger.query(request, context.clock().instant());
        HttpTransport.Response response = request("GET", query.pathAndQuery(), null, POLL_TIMEOUT,
                new Cancellation(), null);
        JsonNode answer = answer("GET /" + query.resource(), response);
        return ChangedTrigger.result(query, answer, request.max());
    }

    @Override
    public boolean repeatable(Call call) {
        return switch (call.operation()) {
            case "oracle.list", "oracle.get", "oracle.update", "oracle.list_children" -> true;
            default -> false;
        };
    }

    @Override
    public ConnectionTest test() {
        try {
            HttpTransport.Response r = request("GET", "/invoices?onlyData=true&fields=InvoiceId&limit=1",
                    null,
                    TEST_TIMEOUT, new Cancellation(), null);
            answer("GET /invoices", r);
            return ConnectionTest.ok("the Oracle Fusion REST API at " + root + " accepted the credential");
        } catch (ConnectorException e) {
            return ConnectionTest.failed(e.getMessage());
        }
    }

    @Override
    public void close() {
        // The transport is the platform's; nothing of this client's own to release.
    }
}
