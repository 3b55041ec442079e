package dev.weft.connector.idurar;

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
import dev.weft.connector.kit.JsonApi;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An IDURAR system's client: each operation of {@link Operations} as one request to
 * {@code <baseUrl>/api/<entity>/...} through the platform's HTTP transport, which adds the token of the
 * system's credential. IDURAR's answers are {@code {success, result, message}} envelopes; one with
 * {@code success: false}, whatever its status, is a typed error ({@link IdurarErrors}). Thread-safe.
 */
final class IdurarClient implements SystemClient {
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration TEST_TIMEOUT = Duration.ofSeconds(10);

    private final SystemContext context;
    private final JsonApi api;

    IdurarClient(SystemContext context, String baseUrl) {
        this.context = context;
        this.api = new JsonApi(context, baseUrl + "/api", "idurar",
                "check the system's baseUrl: the IDURAR backend's root (where /api/login is), not its web app");
    }

    @Override
    public JsonNode invoke(Call call) throws ConnectorException {
        Operations.Op op = Operations.BY_NAME.get(call.operation());
        if (op == null) {
            throw ConnectorException.permanent("idurar.unknown_operation",
                    "the idurar connector has no operation " + call.operation(), null, null);
        }
        Inputs in = Inputs.ofOperation(op.name());
        JsonNode input = call.input();
        String entity = "/" + op.entity();
        return switch (op.verb()) {
            case LIST -> list(send(call, "GET", entity + "/list" + listQuery(in, input), null), input);
            case SEARCH -> search(call, in, input, entity);
            case GET -> result(send(call, "GET", entity + "/read/" + id(in, input, "id"), null));
            case CREATE -> result(send(call, "POST", entity + "/create", body(op, in, input)));
            case UPDATE -> result(send(call, "PATCH", entity + "/update/" + id(in, input, "id"),
                    body(op, in, input)));
            case DELETE -> result(send(call, "DELETE", entity + "/delete/" + id(in, input, "id"), null));
        };
    }

    /** IDURAR's answer as JSON when it succeeded: a 2xx whose envelope says {@code success: true}. */
    private JsonNode send(Call call, String method, String pathAndQuery, JsonNode body)
            throws ConnectorException {
        HttpTransport.Response response = api.send(method, pathAndQuery, body, call.timeout(),
                call.cancellation(),
                call);
        return answer(method + " /api" + pathAndQuery.split("\\?", 2)[0], response);
    }

    private JsonNode answer(String what, HttpTransport.Response response) throws ConnectorException {
        if (response.status() / 100 != 2) {
            throw IdurarErrors.of(what, response);
        }
        JsonNode answer = api.json(response, what);
        if (!answer.path("success").asBoolean(false)
                && !IdurarErrors.isNoneFound(response.status(), answer)) {
            throw IdurarErrors.of(what, response);
        }
        return answer;
    }

    private static JsonNode result(JsonNode answer) throws ConnectorException {
        JsonNode result = answer.path("result");
        if (!result.isObject()) {
            throw ConnectorException.permanent("idurar.unexpected_answer", "IDURAR answered no record: "
                    + JsonApi.abbreviate(answer.toString()), null, null);
        }
        return result;
    }

    static ObjectNode list(JsonNode answer, JsonNode input) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        JsonNode result = answer.path("result");
        out.set("items", result.isArray() ? result : JsonNodeFactory.instance.arrayNode());
        JsonNode pagination = answer.path("pagination");
        // IDURAR echoes the page as the query gave it, a string.
        out.put("page", pagination.path("page").asInt(input.path("page").asInt(1)));
        out.put("pages", pagination.path("pages").asInt(0));
        out.put("count", pagination.path("count").asInt(out.get("items").size()));
        return out;
    }

    private JsonNode search(Call call, Inputs in, JsonNode input, String entity) throws ConnectorException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("q", in.required(input, "q", "Ada"));
        query.put("fields", in.text(input, "fields", "name"));
        JsonNode answer = send(call, "GET", entity + "/search" + JsonApi.query(query), null);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("items", answer.path("result").isArray()
                ? answer.get("result")
                : JsonNodeFactory.instance.arrayNode());
        return out;
    }

    private static String listQuery(Inputs in, JsonNode input) throws ConnectorException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("page", Integer.toString(in.integer(input, "page", 1, 1, Integer.MAX_VALUE)));
        query.put("items", Integer.toString(in.integer(input, "items", 10, 1, 1000)));
        query.put("sortBy", in.text(input, "sortBy", null));
        query.put("sortValue", input.hasNonNull("sortValue") ? input.get("sortValue").asText() : null);
        String filter = in.text(input, "filter", null);
        JsonNode equal = input.get("equal");
        if ((filter == null) != (equal == null || equal.isNull())) {
            throw in.invalid(filter == null ? "filter" : "equal", "goes with '" + (filter == null
                    ? "equal"
                    : "filter")
                    + "': give both, such as \"filter\": \"paymentStatus\", \"equal\": \"unpaid\"");
        }
        query.put("filter", filter);
        query.put("equal", equal == null || equal.isNull() ? null : equal.asText());
        String q = in.text(input, "q", null);
        String fields = in.text(input, "fields", null);
        if (q != null && fields == null) {
            throw in.invalid("fields",
                    "is required with 'q': the fields to look for it in, such as \"name,email\"");
        }
        query.put("q", q);
        query.put("fields", fields);
        return JsonApi.query(query);
    }

    static String id(Inputs in, JsonNode input, String field) throws ConnectorException {
        String id = in.required(input, field, "6752f0c1a4b8e2d9c3f10a01");
        if (!id.matches(Operations.OBJECT_ID)) {
            throw in.invalid(field, "must be an IDURAR record's _id, 24 hexadecimal digits such as"
                    + " 6752f0c1a4b8e2d9c3f10a01, but was '" + JsonApi.abbreviate(id) + "'");
        }
        return id;
    }

    /** The body of a create or update: the input's record, with each invoice line's total when left out. */
    private static JsonNode body(Operations.Op op, Inputs in, JsonNode input) throws ConnectorException {
        JsonNode record = input.get(op.body());
        if (record == null || !record.isObject()) {
            throw in.invalid(op.body(), "is required: an object with the " + op.entity() + "'s fields");
        }
        ObjectNode body = ((ObjectNode) record).deepCopy();
        for (String ref : new String[]{"client", "invoice"}) {
            if (!op.entity().equals(ref) && body.has(ref)) {
                id(new Inputs(op.name() + " " + op.body(), in.code()), body, ref);
            }
        }
        if (op.entity().equals("invoice")) {
            if (!body.has("taxRate")) {
                body.put("taxRate", 0);
            }
            JsonNode items = body.path("items");
            if (!items.isArray() || items.isEmpty()) {
                throw in.invalid("invoice",
                        "needs 'items', at least one line such as {\"itemName\": \"Support"
                                + " hour\", \"quantity\": 2, \"price\": 90}");
            }
            for (JsonNode line : (ArrayNode) items) {
                if (line.isObject() && !line.has("total") && line.path("quantity").isNumber()
                        && line.path("price").isNumber()) {
                    // IDURAR's schema requires a total it then computes again, to the cent (currency.js).
                    BigDecimal total = line.get("quantity").decimalValue()
                            .multiply(line.get("price").decimalValue())
                            .setScale(2, RoundingMode.HALF_UP).stripTrailingZeros();
                    ((ObjectNode) line).put("total", total.scale() < 0 ? total.setScale(0) : total);
                }
            }
        }
        return body;
    }

    @Override
    public PollResult poll(PollRequest request) throws ConnectorException {
        if (!request.trigger().equals(ChangedTrigger.NAME)) {
            throw ConnectorException.permanent("idurar.unknown_trigger",
                    "the idurar connector has no trigger " + request.trigger(), null, null);
        }
        ChangedTrigger.Cursor cursor = ChangedTrigger.cursor(request, context.clock().instant());
        return new ChangedTrigger(cursor, request.max(), this::page).poll();
    }

    /** One page of an entity's list ordered by {@code updated}, as {@link #list} answers it. */
    private ObjectNode page(String entity, int page, int items, int sortValue) throws ConnectorException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("page", Integer.toString(page));
        query.put("items", Integer.toString(items));
        query.put("sortBy", "updated");
        query.put("sortValue", Integer.toString(sortValue));
        String path = "/" + entity + "/list" + JsonApi.query(query);
        HttpTransport.Response response = api.send("GET", path, null, POLL_TIMEOUT, new Cancellation(), null);
        return list(answer("GET /api/" + entity + "/list", response), JsonNodeFactory.instance.objectNode());
    }

    @Override
    public boolean repeatable(Call call) {
        Operations.Op op = Operations.BY_NAME.get(call.operation());
        return op != null && op.idempotent();
    }

    @Override
    public ConnectionTest test() {
        try {
            HttpTransport.Response r = api.send("GET", "/client/list?page=1&items=1", null, TEST_TIMEOUT,
                    new Cancellation(), null);
            answer("GET /api/client/list", r);
            return ConnectionTest.ok("the IDURAR API at " + api.root() + " accepted the token");
        } catch (ConnectorException e) {
            return ConnectionTest.failed(e.getMessage());
        }
    }

    @Override
    public void close() {
        // The transport is the platform's; nothing of this client's own to release.
    }
}
