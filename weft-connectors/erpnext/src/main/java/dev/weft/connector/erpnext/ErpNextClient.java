package dev.weft.connector.erpnext;

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
import dev.weft.connector.kit.RateLimitHeaders;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ERPNext (Frappe) site's client: each operation as requests to {@code /api/resource} and
 * {@code /api/method} through the platform's HTTP transport, which adds the credential. Frappe's errors
 * ({@code exc_type} and {@code _server_messages}, never its tracebacks) become typed errors. Thread-safe.
 */
final class ErpNextClient implements SystemClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TEST_TIMEOUT = Duration.ofSeconds(10);

    private final SystemContext context;
    private final JsonApi api;

    ErpNextClient(SystemContext context, String baseUrl) {
        this.context = context;
        this.api = new JsonApi(context, baseUrl, "erpnext", "check the system's baseUrl (the site's URL)");
    }

    @Override
    public JsonNode invoke(Call call) throws ConnectorException {
        Inputs in = Inputs.ofOperation(call.operation());
        JsonNode input = call.input();
        return switch (call.operation()) {
            case "erpnext.list" -> list(call, in, input);
            case "erpnext.get" -> data(request(call, "GET", doc(in, input), null));
            case "erpnext.create" ->
                data(request(call, "POST", "/api/resource/" + segment(in, input, "doctype"),
                        object(in, input, "doc")));
            case "erpnext.update" -> data(request(call, "PUT", doc(in, input), object(in, input, "doc")));
            case "erpnext.submit" -> docstatus(call, in, input, 1);
            case "erpnext.cancel" -> docstatus(call, in, input, 2);
            case "erpnext.delete" -> {
                request(call, "DELETE", doc(in, input), null);
                yield JsonNodeFactory.instance.objectNode().put("deleted", true);
            }
            case "erpnext.invoice_from_sales_order" -> invoiceFromOrder(call, in, input);
            case "erpnext.call" -> {
                String method = in.required(input, "method", "frappe.client.get_count");
                if (!method.matches("[A-Za-z0-9_.]+")) {
                    throw in.invalid("method", "a dotted method name such as frappe.client.get_count");
                }
                JsonNode answer = request(call, "POST", "/api/method/" + method,
                        input.hasNonNull("args") ? input.get("args") : JsonNodeFactory.instance.objectNode());
                ObjectNode out = JsonNodeFactory.instance.objectNode();
                out.set("message", answer.path("message"));
                yield out;
            }
            default ->
                throw ConnectorException.permanent("erpnext.unknown_operation", "the erpnext connector has"
                        + " no operation " + call.operation(), null, null);
        };
    }

    private JsonNode list(Call call, Inputs in, JsonNode input) throws ConnectorException {
        String doctype = segment(in, input, "doctype");
        int start = in.integer(input, "limit_start", 0, 0, Integer.MAX_VALUE);
        int length = in.integer(input, "limit_page_length", 20, 1, 10_000);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("fields", input.has("fields") ? input.get("fields").toString() : null);
        query.put("filters", input.has("filters") ? input.get("filters").toString() : null);
        query.put("order_by", input.path("order_by").asText("modified desc"));
        query.put("limit_start", Integer.toString(start));
        query.put("limit_page_length", Integer.toString(length));
        JsonNode answer = request(call, "GET", "/api/resource/" + doctype + JsonApi.query(query), null);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("items", answer.path("data"));
        out.put("limit_start", start);
        out.put("limit_page_length", length);
        return out;
    }

    /** Moves a document to {@code target} docstatus; one there already is answered as it is. */
    private JsonNode docstatus(Call call, Inputs in, JsonNode input, int target) throws ConnectorException {
        String path = doc(in, input);
        JsonNode current = data(request(call, "GET", path, null));
        int status = current.path("docstatus").asInt();
        if (status == target) {
            return current;
        }
        if (status != target - 1) {
            String[] names = {"a draft", "submitted", "cancelled"};
            throw ConnectorException.permanent("erpnext.invalid", input.path("doctype").asText() + " "
                    + input.path("name").asText() + " is " + names[Math.max(0, Math.min(2, status))]
                    + ", so it cannot be "
                    + (target == 1 ? "submitted" : "cancelled"), null, null);
        }
        return data(
                request(call, "PUT", path, JsonNodeFactory.instance.objectNode().put("docstatus", target)));
    }

    private JsonNode invoiceFromOrder(Call call, Inputs in, JsonNode input) throws ConnectorException {
        String order = in.required(input, "salesOrder", "SAL-ORD-2026-00031");
        JsonNode made = request(call, "POST",
                "/api/method/erpnext.selling.doctype.sales_order.sales_order.make_sales_invoice",
                JsonNodeFactory.instance.objectNode().put("source_name", order)).path("message");
        if (!made.isObject()) {
            throw ConnectorException.permanent("erpnext.unexpected_answer", "make_sales_invoice answered no"
                    + " document for " + order, null, null);
        }
        ObjectNode doc = ((ObjectNode) made).deepCopy();
        doc.remove(List.of("__islocal", "__unsaved", "name"));
        JsonNode invoice = data(request(call, "POST", "/api/resource/Sales%20Invoice", doc));
        if (!in.bool(input, "submit", false)) {
            return invoice;
        }
        return data(
                request(call, "PUT", "/api/resource/Sales%20Invoice/" + JsonApi.segment(invoice.path("name")
                        .asText()), JsonNodeFactory.instance.objectNode().put("docstatus", 1)));
    }

    private static String doc(Inputs in, JsonNode input) throws ConnectorException {
        return "/api/resource/" + segment(in, input, "doctype") + "/" + segment(in, input, "name");
    }

    private static String segment(Inputs in, JsonNode input, String field) throws ConnectorException {
        return JsonApi.segment(in.required(input, field, field.equals("doctype") ? "Customer" : "Ada Corp"));
    }

    private static JsonNode object(Inputs in, JsonNode input, String field) throws ConnectorException {
        JsonNode value = input.get(field);
        if (value == null || !value.isObject()) {
            throw in.invalid(field, "an object of the document's fields");
        }
        return value;
    }

    private static JsonNode data(JsonNode answer) {
        return answer.path("data");
    }

    private JsonNode request(Call call, String method, String pathAndQuery, JsonNode body)
            throws ConnectorException {
        HttpTransport.Response response = api.send(method, pathAndQuery, body, call.timeout(),
                call.cancellation(),
                call);
        if (response.status() / 100 != 2) {
            throw error(method + " " + pathAndQuery.split("\\?", 2)[0], response);
        }
        return api.json(response, method + " " + pathAndQuery.split("\\?", 2)[0]);
    }

    /** A typed error from Frappe's answer: its status, {@code exc_type} and the messages it shows a user. */
    static ConnectorException error(String what, HttpTransport.Response response) {
        int status = response.status();
        JsonNode body = JsonApi.jsonOrEmpty(response);
        String excType = body.path("exc_type").asText(null);
        String message = messages(body);
        if (message.isEmpty()) {
            message = body.isObject() && body.size() > 0
                    ? body.path("message").asText(excType == null ? "" : excType)
                    : JsonApi.text(response);
        }
        ObjectNode details = JsonNodeFactory.instance.objectNode().put("status", status);
        if (excType != null) {
            details.put("excType", excType);
        }
        details.put("message", JsonApi.abbreviate(message));
        String text = what + " answered " + status + (excType == null ? "" : " " + excType) + ": " + message;
        RateLimitHeaders.Reading limit = RateLimitHeaders.read(status, response::header,
                java.time.Instant.now());
        if (limit.exhausted()) {
            return ConnectorException.rateLimited("erpnext.rate_limited", text,
                    limit.retryAfter().orElse(null), details);
        }
        return switch (status) {
            case 401 -> ConnectorException.permanent("erpnext.unauthorized", text
                    + " (check the system's credential:"
                    + " an API key credential sending Authorization: token <api_key>:<api_secret>, or basic with the key"
                    + " and secret)", details, null);
            case 403 ->
                ConnectorException.permanent("erpnext.forbidden", text + " (the API key's user lacks the"
                        + " role this needs)", details, null);
            case 404 -> ConnectorException.permanent("erpnext.not_found", text, details, null);
            case 409 -> ConnectorException.permanent("erpnext.duplicate", text, details, null);
            case 400, 417, 422 -> ConnectorException.permanent("erpnext.invalid", text, details, null);
            default -> {
                limit.retryAfter()
                        .ifPresent(d -> details.put(ConnectorException.RETRY_AFTER_SECONDS, d.toSeconds()));
                yield status >= 500 || status == 408
                        ? ConnectorException.retryable("erpnext.unavailable", text, details, null)
                        : ConnectorException.permanent("erpnext.invalid", text, details, null);
            }
        };
    }

    /**
     * The messages Frappe shows a user: {@code _server_messages} is a JSON list of JSON-encoded messages
     * ({@code {"message": ..., "title": ...}}), HTML stripped; else {@code _error_message}.
     */
    static String messages(JsonNode body) {
        List<String> out = new ArrayList<>();
        String encoded = body.path("_server_messages").asText(null);
        if (encoded != null) {
            try {
                for (JsonNode one : JSON.readTree(encoded)) {
                    JsonNode m = one.isTextual() ? JSON.readTree(one.textValue()) : one;
                    String text = m.isObject() ? m.path("message").asText() : m.asText();
                    out.add(text.replaceAll("<[^>]+>", ""));
                }
            } catch (IOException notJson) {
                out.add(encoded);
            }
        }
        if (out.isEmpty() && body.hasNonNull("_error_message")) {
            out.add(body.get("_error_message").asText().replaceAll("<[^>]+>", ""));
        }
        return String.join("; ", out);
    }

    @Override
    public boolean repeatable(Call call) {
        return !call.operation().equals("erpnext.create") && !call.operation().equals("erpnext.call")
                && !call.operation().equals("erpnext.invoice_from_sales_order");
    }

    @Override
    public PollResult poll(PollRequest request) throws ConnectorException {
        if (!request.trigger().equals(ChangedTrigger.NAME)) {
            throw ConnectorException.permanent("erpnext.unknown_trigger",
                    "the erpnext connector has no trigger "
                            + request.trigger(),
                    null, null);
        }
        ChangedTrigger.Query query = ChangedTrigger.query(request, context.clock().instant());
        HttpTransport.Response response = api.send("GET", query.pathAndQuery(), null,
                TEST_TIMEOUT.multipliedBy(3),
                new Cancellation(), null);
        if (response.status() / 100 != 2) {
            throw error("GET /api/resource/" + query.doctype(), response);
        }
        return ChangedTrigger.result(query,
                api.json(response, "GET /api/resource/" + query.doctype()).path("data"),
                request.max());
    }

    @Override
    public ConnectionTest test() {
        try {
            HttpTransport.Response r = api.send("GET", "/api/method/frappe.auth.get_logged_user", null,
                    TEST_TIMEOUT,
                    new Cancellation(), null);
            if (r.status() == 200) {
                return ConnectionTest.ok("signed in to " + api.root() + " as "
                        + JsonApi.jsonOrEmpty(r).path("message").asText("?"));
            }
            return ConnectionTest
                    .failed(error("GET /api/method/frappe.auth.get_logged_user", r).getMessage());
        } catch (ConnectorException e) {
            return ConnectionTest.failed(e.getMessage());
        }
    }

    @Override
    public void close() {
        // The transport is the platform's; nothing of this client's own to release.
    }
}
