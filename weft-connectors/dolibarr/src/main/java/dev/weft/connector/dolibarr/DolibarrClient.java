package dev.weft.connector.dolibarr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.HttpTransport;
import dev.weft.connector.Inputs;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;
import dev.weft.connector.kit.JsonApi;
import dev.weft.connector.kit.RateLimitHeaders;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;

/**
 * A Dolibarr system's client: each operation of {@link Operations} as one request to
 * {@code <baseUrl>/api/index.php/...}, through the platform's HTTP transport, which adds the credential
 * ({@code DOLAPIKEY}, an API key credential in a header). Dolibarr's errors ({@code {"error": {"code",
 * "message"}}}) become typed errors. Thread-safe.
 */
final class DolibarrClient implements SystemClient {
    private static final Duration TEST_TIMEOUT = Duration.ofSeconds(10);

    private final SystemContext context;
    private final JsonApi api;

    DolibarrClient(SystemContext context, String baseUrl) {
        this.context = context;
        this.api = new JsonApi(context, baseUrl.replaceAll("/+$", "") + "/api/index.php", "dolibarr",
                "check the system's baseUrl (the Dolibarr root, without /api/index.php) and that the API REST"
                        + " module is enabled");
    }

    @Override
    public JsonNode invoke(Call call) throws ConnectorException {
        Operations.Op op = Operations.BY_NAME.get(call.operation());
        if (op == null) {
            throw ConnectorException.permanent("dolibarr.unknown_operation", "the dolibarr connector has no"
                    + " operation " + call.operation(), null, null);
        }
        Inputs inputs = Inputs.ofOperation(op.name());
        JsonNode input = call.input();
        String path = path(op, input, inputs);
        String query = query(op, input);
        JsonNode body = body(op, input);
        HttpTransport.Response response = send(op.method(), path + query, body, call.timeout(),
                call.cancellation(), call);
        int status = response.status();
        if (status == 304 && op.name().equals("dolibarr.validate_invoice")) {
            // "nothing done, may be object is already validated": answer the invoice as it is.
            return json(send("GET", "/invoices/" + input.get("id").asLong(), null, call.timeout(),
                    call.cancellation(), call), "GET /invoices/{id}");
        }
        if (status == 404 && op.answer() == Operations.Answer.LIST) {
            // Dolibarr answers an empty page of third parties 404 "not found" (other lists: []).
            JsonNode error = errorBody(response);
            if (error.path("error").path("code").asInt() == 404) {
                return list(JsonNodeFactory.instance.arrayNode(), input);
            }
        }
        if (op.answer() == Operations.Answer.DELETED && (status == 404 || status / 100 == 2)) {
            return JsonNodeFactory.instance.objectNode().put("id", input.get("id").asLong())
                    .put("deleted", status != 404);
        }
        if (status / 100 != 2) {
            throw error(op.method() + " " + op.path(), response);
        }
        JsonNode answer = json(response, op.method() + " " + op.path());
        return switch (op.answer()) {
            case OBJECT -> answer;
            case ID -> {
                if (!answer.canConvertToLong()) {
                    throw ConnectorException.permanent("dolibarr.unexpected_answer",
                            op.method() + " " + op.path()
                                    + " answered " + JsonApi.abbreviate(answer.toString())
                                    + " where Dolibarr answers the new id",
                            null, null);
                }
                yield JsonNodeFactory.instance.objectNode().put("id", answer.asLong());
            }
            case LIST -> list(answer, input);
            case DELETED -> throw new IllegalStateException("a delete's answer is read before its body");
        };
    }

    private static ObjectNode list(JsonNode answer, JsonNode input) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        // With pagination_data, Dolibarr wraps the page as {"data": [...], "pagination": {...}}.
        out.set("items", answer.has("data") ? answer.get("data") : answer);
        out.put("page", input.path("page").asInt(0));
        out.put("limit", input.path("limit").asInt(100));
        return out;
    }

    private static String path(Operations.Op op, JsonNode input, Inputs inputs) throws ConnectorException {
        StringBuilder out = new StringBuilder();
        String template = op.path();
        int at = 0;
        while (true) {
            int open = template.indexOf('{', at);
            if (open < 0) {
                out.append(template, at, template.length());
                return out.toString();
            }
            int close = template.indexOf('}', open);
            String field = template.substring(open + 1, close);
            JsonNode value = input.get(field);
            if (value == null || !value.canConvertToLong() || value.asLong() < 1) {
                throw inputs.invalid(field, "the record's id, a whole number from 1");
            }
            out.append(template, at, open).append(value.asLong());
            at = close + 1;
        }
    }

    private static String query(Operations.Op op, JsonNode input) {
        Map<String, String> query = new java.util.LinkedHashMap<>();
        for (String name : op.query()) {
            JsonNode value = input.get(name);
            String fallback = name.equals("limit") ? "100" : name.equals("page") ? "0" : null;
            query.put(name, value != null && !value.isNull() ? value.asText() : fallback);
        }
        return JsonApi.query(query);
    }

    private static JsonNode body(Operations.Op op, JsonNode input) {
        if (op.body() == null) {
            return op.method().equals("POST") ? JsonNodeFactory.instance.objectNode() : null;
        }
        if (!op.body().equals("*")) {
            return input.get(op.body());
        }
        ObjectNode rest = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = input.properties().iterator(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!op.path().contains("{" + field.getKey() + "}") && !op.query().contains(field.getKey())) {
                rest.set(field.getKey(), field.getValue());
            }
        }
        if (op.name().equals("dolibarr.pay_invoice") && !rest.has("closepaidinvoices")) {
            rest.put("closepaidinvoices", "yes");
        }
        return rest;
    }

    private HttpTransport.Response send(String method, String pathAndQuery, JsonNode body, Duration timeout,
            Cancellation cancellation, Call call) throws ConnectorException {
        return api.send(method, pathAndQuery, body, timeout, cancellation, call);
    }

    private JsonNode json(HttpTransport.Response response, String what) throws ConnectorException {
        return api.json(response, what);
    }

    private static JsonNode errorBody(HttpTransport.Response response) {
        return JsonApi.jsonOrEmpty(response);
    }

    /** A typed error from Dolibarr's answer: its status, and the message of its error object. */
    private static ConnectorException error(String what, HttpTransport.Response response) {
        int status = response.status();
        JsonNode body = errorBody(response);
        String message = body.path("error").path("message").asText(null);
        if (message == null) {
            message = JsonApi.text(response);
        }
        ObjectNode details = JsonNodeFactory.instance.objectNode().put("status", status).put("message",
                JsonApi.abbreviate(message));
        String text = what + " answered " + status + ": " + message;
        RateLimitHeaders.Reading limit = RateLimitHeaders.read(status, response::header,
                java.time.Instant.now());
        if (limit.exhausted()) {
            return ConnectorException.rateLimited("dolibarr.rate_limited", text,
                    limit.retryAfter().orElse(null),
                    details);
        }
        return switch (status) {
            case 401 -> ConnectorException.permanent("dolibarr.unauthorized", text + " (check the system's"
                    + " credential: an API key credential sent in the header DOLAPIKEY, of an enabled user)",
                    details, null);
            case 403 -> ConnectorException.permanent("dolibarr.forbidden", text + " (the API key's user lacks"
                    + " the permission this needs)", details, null);
            case 404 -> ConnectorException.permanent("dolibarr.not_found", text, details, null);
            case 400, 405, 409, 422 -> ConnectorException.permanent("dolibarr.refused", text, details, null);
            case 501 ->
                ConnectorException.permanent("dolibarr.not_api", text + " (this Dolibarr has no such API"
                        + " or the API REST module is off)", details, null);
            default -> {
                limit.retryAfter()
                        .ifPresent(d -> details.put(ConnectorException.RETRY_AFTER_SECONDS, d.toSeconds()));
                yield status >= 500 || status == 408
                        ? ConnectorException.retryable("dolibarr.unavailable", text, details, null)
                        : ConnectorException.permanent("dolibarr.refused", text, details, null);
            }
        };
    }

    @Override
    public dev.weft.connector.PollResult poll(dev.weft.connector.PollRequest request)
            throws ConnectorException {
        if (!request.trigger().equals(ChangedTrigger.NAME)) {
            throw ConnectorException.permanent("dolibarr.unknown_trigger",
                    "the dolibarr connector has no trigger "
                            + request.trigger(),
                    null, null);
        }
        ChangedTrigger.Query query = ChangedTrigger.query(request, context.clock().instant());
        HttpTransport.Response response = send("GET", query.pathAndQuery(), null,
                TEST_TIMEOUT.multipliedBy(3),
                new Cancellation(), null);
        JsonNode records;
        if (response.status() == 404 && errorBody(response).path("error").path("code").asInt() == 404) {
            records = JsonNodeFactory.instance.arrayNode(); // no third party changed: Dolibarr says 404
        } else if (response.status() / 100 != 2) {
            throw error("GET /" + query.resource(), response);
        } else {
            JsonNode answer = json(response, "GET /" + query.resource());
            records = answer.has("data") ? answer.get("data") : answer;
        }
        return ChangedTrigger.result(query, records, request.max());
    }

    @Override
    public boolean repeatable(Call call) {
        Operations.Op op = Operations.BY_NAME.get(call.operation());
        return op != null && op.idempotent();
    }

    @Override
    public ConnectionTest test() {
        try {
            HttpTransport.Response r = send("GET", "/thirdparties?limit=1&page=0", null, TEST_TIMEOUT,
                    new Cancellation(), null);
            if (r.status() == 200 || r.status() == 404) {
                return ConnectionTest.ok("the Dolibarr API at " + api.root() + " accepted the API key");
            }
            return ConnectionTest.failed(error("GET /thirdparties", r).getMessage());
        } catch (ConnectorException e) {
            return ConnectionTest.failed(e.getMessage());
        }
    }

    @Override
    public void close() {
        // The transport is the platform's; nothing of this client's own to release.
    }
}
