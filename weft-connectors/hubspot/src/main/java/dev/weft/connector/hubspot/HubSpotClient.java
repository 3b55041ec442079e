package dev.weft.connector.hubspot;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A HubSpot account's client: each operation as CRM v3 object requests ({@code /crm/v3/objects/<type>}) or
 * associations v4 requests ({@code /crm/v4/objects/...}) through the platform's HTTP transport, which adds the
 * credential (a private app's token or an OAuth access token, as a bearer token). HubSpot's errors become
 * typed errors ({@link HubSpotErrors}). Thread-safe.
 */
final class HubSpotClient implements SystemClient {
    private static final Duration TEST_TIMEOUT = Duration.ofSeconds(10);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final SystemContext context;
    private final JsonApi api;

    HubSpotClient(SystemContext context, String baseUrl) {
        this.context = context;
        this.api = new JsonApi(context, baseUrl, "hubspot", "check the system's baseUrl (HubSpot's API is"
                + " https://api.hubapi.com)");
    }

    @Override
    public JsonNode invoke(Call call) throws ConnectorException {
        Inputs in = Inputs.ofOperation(call.operation());
        JsonNode input = call.input();
        return switch (call.operation()) {
            case "hubspot.create" -> request(call, "POST", objects(in, input), createInput(in, input, ""));
            case "hubspot.get" ->
                request(call, "GET", record(in, input) + JsonApi.query(readQuery(in, input)),
                        null);
            case "hubspot.update" -> {
                Map<String, String> q = new LinkedHashMap<>();
                q.put("idProperty", in.text(input, "idProperty", null));
                yield request(call, "PATCH", record(in, input) + JsonApi.query(q),
                        NODES.objectNode().set("properties", values(in, input, "properties")));
            }
            case "hubspot.archive" -> {
                request(call, "DELETE", record(in, input), null);
                yield NODES.objectNode().put("archived", true).put("id", id(in, input, "id"));
            }
            case "hubspot.list" -> list(call, in, input);
            case "hubspot.search" -> page(request(call, "POST", objects(in, input) + "/search",
                    Search.body(in, input)), true);
            case "hubspot.batch_create" -> batch(call, in, input, "create");
            case "hubspot.batch_update" -> batch(call, in, input, "update");
            case "hubspot.batch_read" -> batch(call, in, input, "read");
            case "hubspot.associate" -> associate(call, in, input);
            case "hubspot.list_associations" -> {
                Map<String, String> q = new LinkedHashMap<>();
                q.put("limit", Integer.toString(in.integer(input, "limit", 500, 1, 500)));
                q.put("after", in.text(input, "after", null));
                yield page(request(call, "GET", "/crm/v4/objects/" + type(in, input, "objectType") + "/"
                        + id(in, input, "id") + "/associations/" + type(in, input, "toObjectType")
                        + JsonApi.query(q), null), false);
            }
            case "hubspot.unassociate" -> {
                request(call, "DELETE", pair(in, input), null);
                yield NODES.objectNode().put("removed", true);
            }
            default -> throw ConnectorException.permanent("hubspot.unknown_operation", "the hubspot connector"
                    + " has no operation " + call.operation(), null, null);
        };
    }

    private JsonNode list(Call call, Inputs in, JsonNode input) throws ConnectorException {
        Map<String, String> q = readQuery(in, input);
        q.put("limit", Integer.toString(in.integer(input, "limit", 10, 1, Operations.LIST_MAX)));
        q.put("after", in.text(input, "after", null));
        return page(request(call, "GET", objects(in, input) + JsonApi.query(q), null), false);
    }

    /** A page's results and the {@code after} of the next page (null on the last); a search's total too. */
    private static JsonNode page(JsonNode answer, boolean total) {
        ObjectNode out = NODES.objectNode();
        if (total) {
            out.put("total", answer.path("total").asLong());
        }
        out.set("results", answer.path("results").isArray() ? answer.get("results") : NODES.arrayNode());
        JsonNode next = answer.path("paging").path("next").path("after");
        out.set("next",
                next.isMissingNode() || next.isNull() ? NODES.nullNode() : NODES.textNode(next.asText()));
        return out;
    }

    private JsonNode batch(Call call, Inputs in, JsonNode input, String kind) throws ConnectorException {
        ObjectNode body = NODES.objectNode();
        ArrayNode inputs = body.putArray("inputs");
        JsonNode given = input.path(kind.equals("read") ? "ids" : "inputs");
        String field = kind.equals("read") ? "ids" : "inputs";
        if (!given.isArray() || given.isEmpty() || given.size() > Operations.BATCH_MAX) {
            throw in.invalid(field,
                    "must hold 1 to " + Operations.BATCH_MAX + " items (HubSpot's batch limit;"
                            + " split larger sets into several calls), but held "
                            + (given.isArray()
                                    ? given.size()
                                    : "no list"));
        }
        for (int i = 0; i < given.size(); i++) {
            JsonNode item = given.get(i);
            String where = field + "[" + i + "]";
            switch (kind) {
                case "read" -> inputs.addObject().put("id", idValue(in, item, where));
                case "update" -> {
                    ObjectNode one = inputs.addObject().put("id",
                            idValue(in, item.path("id"), where + ".id"));
                    one.set("properties", values(in, item, where + ".properties"));
                }
                default -> inputs.add(createInput(in, item, where + "."));
            }
        }
        String idProperty = in.text(input, "idProperty", null);
        if (idProperty != null) {
            body.put("idProperty", idProperty);
        }
        Map<String, String> q = new LinkedHashMap<>();
        if (kind.equals("read")) {
            body.set("properties", names(in, input, "properties"));
            body.putArray("propertiesWithHistory");
            if (in.bool(input, "archived", false)) {
                q.put("archived", "true");
            }
        }
        JsonNode answer = request(call, "POST", objects(in, input) + "/batch/" + kind + JsonApi.query(q),
                body);
        ObjectNode out = NODES.objectNode().put("status", answer.path("status").asText("COMPLETE"));
        out.set("results", answer.path("results").isArray() ? answer.get("results") : NODES.arrayNode());
        ArrayNode errors = out.putArray("errors");
        for (JsonNode error : answer.path("errors")) {
            errors.add(HubSpotErrors.batchError(error));
        }
        out.put("numErrors", answer.path("numErrors").asInt(errors.size()));
        return out;
    }

    private JsonNode associate(Call call, Inputs in, JsonNode input) throws ConnectorException {
        JsonNode types = input.get("types");
        if (types == null || types.isNull()) {
            return request(call, "PUT", "/crm/v4/objects/" + type(in, input, "fromObjectType") + "/"
                    + id(in, input, "fromId") + "/associations/default/" + type(in, input, "toObjectType")
                    + "/"
                    + id(in, input, "toId"), null);
        }
        if (!types.isArray() || types.isEmpty()) {
            throw in.invalid("types", "must be a non-empty list such as [{\"associationCategory\":"
                    + " \"USER_DEFINED\", \"associationTypeId\": 36}], or left out for the default association");
        }
        return request(call, "PUT", pair(in, input), types);
    }

    /** {@code /crm/v4/objects/<from>/<fromId>/associations/<to>/<toId>}. */
    private static String pair(Inputs in, JsonNode input) throws ConnectorException {
        return "/crm/v4/objects/" + type(in, input, "fromObjectType") + "/" + id(in, input, "fromId")
                + "/associations/" + type(in, input, "toObjectType") + "/" + id(in, input, "toId");
    }

    /**
     * The body of one new record: its properties, and the associations to make with it.
     *
     * @param where the item's place in the input, for errors: "" or "inputs[2]."
     */
    private static ObjectNode createInput(Inputs in, JsonNode item, String where) throws ConnectorException {
        ObjectNode one = NODES.objectNode();
        one.set("properties", values(in, item, where + "properties"));
        JsonNode associations = item.path("associations");
        one.set("associations", associations.isArray() ? associations : NODES.arrayNode());
        return one;
    }

    private static Map<String, String> readQuery(Inputs in, JsonNode input) throws ConnectorException {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("properties", joined(names(in, input, "properties")));
        q.put("associations", joined(names(in, input, "associations")));
        q.put("idProperty", in.text(input, "idProperty", null));
        if (in.bool(input, "archived", false)) {
            q.put("archived", "true");
        }
        return q;
    }

    private static String joined(ArrayNode names) {
        List<String> all = new ArrayList<>();
        names.forEach(n -> all.add(n.asText()));
        return all.isEmpty() ? null : String.join(",", all);
    }

    static ArrayNode names(Inputs in, JsonNode input, String field) throws ConnectorException {
        JsonNode value = input.get(field);
        ArrayNode out = NODES.arrayNode();
        if (value == null || value.isNull()) {
            return out;
        }
        if (!value.isArray()) {
            throw in.invalid(field, "must be a list of names, such as [\"email\", \"firstname\"]");
        }
        for (JsonNode name : value) {
            if (!name.isTextual() || name.asText().isBlank() || name.asText().contains(",")) {
                throw in.invalid(field, "must hold names only (no commas), but held " + name);
            }
            out.add(name.asText());
        }
        return out;
    }

    /** The {@code properties} object of {@code holder}: values by internal name; {@code field} names it. */
    private static JsonNode values(Inputs in, JsonNode holder, String field) throws ConnectorException {
        JsonNode value = holder.get("properties");
        if (value == null || !value.isObject()) {
            throw in.invalid(field, "must be an object of property values by internal name, such as"
                    + " {\"email\": \"ada@example.com\"}");
        }
        return value;
    }

    private static String objects(Inputs in, JsonNode input) throws ConnectorException {
        return "/crm/v3/objects/" + type(in, input, "objectType");
    }

    private static String record(Inputs in, JsonNode input) throws ConnectorException {
        return objects(in, input) + "/" + id(in, input, "id");
    }

    static String type(Inputs in, JsonNode input, String field) throws ConnectorException {
        String type = in.required(input, field, "contacts");
        if (!type.matches("[A-Za-z0-9_-]+")) {
            throw in.invalid(field, "must be an object type such as contacts, companies, deals, products,"
                    + " line_items or a custom object's name or type id (2-123456), but was '" + type + "'");
        }
        return type;
    }

    /**
     * A record id from the input, as a path segment; an {@code @} stays as it is (a path may hold one), as
     * HubSpot's reference writes a contact's email used as its id.
     */
    private static String id(Inputs in, JsonNode input, String field) throws ConnectorException {
        return JsonApi.segment(idValue(in, input.path(field), field)).replace("%40", "@");
    }

    private static String idValue(Inputs in, JsonNode value, String field) throws ConnectorException {
        if (!(value.isTextual() || value.isIntegralNumber()) || value.asText().isBlank()) {
            throw in.invalid(field,
                    "must be a record's id such as \"151\" (or a value of idProperty), but was "
                            + (value.isMissingNode() ? "missing" : value.toString()));
        }
        return value.asText();
    }

    private JsonNode request(Call call, String method, String pathAndQuery, JsonNode body)
            throws ConnectorException {
        HttpTransport.Response response = api.send(method, pathAndQuery, body, call.timeout(),
                call.cancellation(), call);
        return answer(method, pathAndQuery, response);
    }

    private JsonNode answer(String method, String pathAndQuery, HttpTransport.Response response)
            throws ConnectorException {
        String what = method + " " + pathAndQuery.split("\\?", 2)[0];
        if (response.status() / 100 != 2) {
            throw HubSpotErrors.of(what, response, context.clock().instant());
        }
        JsonNode answer = api.json(response, what);
        return answer.isNull() ? NODES.objectNode() : answer;
    }

    @Override
    public boolean repeatable(Call call) {
        return !call.operation().equals("hubspot.create") && !call.operation().equals("hubspot.batch_create");
    }

    @Override
    public PollResult poll(PollRequest request) throws ConnectorException {
        if (!request.trigger().equals(ChangedTrigger.NAME)) {
            throw ConnectorException.permanent("hubspot.unknown_trigger",
                    "the hubspot connector has no trigger "
                            + request.trigger(),
                    null, null);
        }
        ChangedTrigger.Query query = ChangedTrigger.query(request, context.clock().instant());
        String path = "/crm/v3/objects/" + query.objectType() + "/search";
        HttpTransport.Response response = api.send("POST", path, query.body(), TEST_TIMEOUT.multipliedBy(3),
                new Cancellation(), null);
        ChangedTrigger.Page page = ChangedTrigger.result(query, answer("POST", path, response),
                request.max());
        if (page.skipped()) {
            context.logger().warn("hubspot.changed: more than {} {} share the modification time {} ms;"
                    + " HubSpot's search pages through {} at most, so the rest of them are skipped",
                    Operations.SEARCH_RESULTS_MAX, query.objectType(), query.since(),
                    Operations.SEARCH_RESULTS_MAX);
        }
        return page.result();
    }

    @Override
    public ConnectionTest test() {
        try {
            HttpTransport.Response r = api.send("GET", "/crm/v3/objects/contacts?limit=1", null, TEST_TIMEOUT,
                    new Cancellation(), null);
            if (r.status() == 200) {
                return ConnectionTest.ok("HubSpot at " + api.root() + " accepted the token");
            }
            return ConnectionTest.failed(HubSpotErrors.of("GET /crm/v3/objects/contacts", r,
                    context.clock().instant()).getMessage());
        } catch (ConnectorException e) {
            return ConnectionTest.failed(e.getMessage());
        }
    }

    @Override
    public void close() {
        // The transport is the platform's; nothing of this client's own to release.
    }
}
