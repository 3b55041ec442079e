package dev.weft.connector.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.HttpTransport;
import dev.weft.connector.Example;
import dev.weft.connector.Inputs;
import dev.weft.connector.OperationSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code http.graphql} and {@code http.graphql_mutation} operations: a GraphQL document POSTed as JSON
 * (GraphQL over HTTP). Two operations because the gateway retries and caches by operation: a query is a
 * read, declared idempotent; a mutation is not. Which one a document is comes from its operation's
 * keyword ({@link GraphQlDocument}), so a mutation sent as {@code http.graphql} is refused before anything
 * is sent. A response with {@code errors} is the step's error ({@code http.graphql_errors}), partial data
 * included. Stateless.
 */
final class GraphQl {
    static final String QUERY = "http.graphql";
    static final String MUTATION = "http.graphql_mutation";
    /** Partial data larger than this, serialized, is left out of an error's details. */
    static final int MAX_ERROR_DATA_CHARS = 16 * 1024;
    static final int MAX_ERRORS = 20;
    /** The first error's message is quoted in the step's error message up to this length. */
    static final int MAX_MESSAGE_CHARS = 300;
    private static final Set<String> FIELDS = Set.of("query", "variables", "operationName", "url", "path",
            "headers", "timeout");

    private static final String INPUT = """
            {"type": "object", "additionalProperties": false, "required": ["query"],
             "not": {"required": ["url", "path"]},
             "properties": {
               "query": {"type": "string", "minLength": 1, "description": "the GraphQL document"},
               "variables": {"type": ["object", "null"], "description": "the values of the document's variables"},
               "operationName": {"type": "string", "description": "which operation to run when the document defines several"},
               "url": {"type": "string", "format": "uri",
                       "description": "absolute http or https URL of the GraphQL endpoint; with a system that has a baseUrl, it must have the same origin"},
               "path": {"type": "string", "description": "the endpoint under the system's baseUrl, for example /graphql; without url and path, the baseUrl itself is the endpoint"},
               "headers": {"type": "object", "additionalProperties": {"type": "string"}},
               "timeout": {"type": "integer", "minimum": 1,
                           "description": "milliseconds; the step's timeout applies when shorter"}}}
            """;
    private static final String OUTPUT = """
            {"type": "object", "required": ["data"],
             "properties": {
               "data": {"description": "the response's data"},
               "extensions": {"type": "object", "description": "the response's extensions, when it has any"}}}
            """;
    private static final String HOW = " The document is POSTed as JSON ({query, variables, operationName}) to"
            + " the system's `baseUrl`, or to `path` under it, or to `url`. A response holding `errors` fails the"
            + " step with code `http.graphql_errors` (permanent), even when it also holds partial data; the"
            + " error's details list each error's `message`, `path` and `extensions.code` (the first "
            + MAX_ERRORS
            + ") and the partial `data` when it is small. A 408, 425, 429 or 5xx status is retryable"
            + " (`http.status`). Subscriptions are refused: they need a streaming transport.";

    static final OperationSpec QUERY_SPEC = new OperationSpec(QUERY,
            "Runs a GraphQL query and returns its `data`. Queries only: a document whose operation is a"
                    + " `mutation` is refused before anything is sent (use `http.graphql_mutation`), so that"
                    + " this operation can be declared idempotent and read-only (retried, and cached by the gateway, as a"
                    + " read). The operation's type is its first keyword (`query`, `mutation`, `subscription`;"
                    + " a document that starts with `{` is a query), comments and strings skipped; with several"
                    + " operations in the document, `operationName` chooses." + HOW,
            Schemas.parse(INPUT), Schemas.parse(OUTPUT), true, true,
            List.of(new Example("Read a customer with a variable",
                    Schemas.parse("""
                            {"query": "query Customer($id: ID!) { customer(id: $id) { id name } }",
                             "variables": {"id": "42"}}
                            """),
                    Schemas.parse("""
                            {"data": {"customer": {"id": "42", "name": "Ada"}}}
                            """)),
                    new Example("Query an endpoint under the system's base URL",
                            Schemas.parse("""
                                    {"path": "/graphql", "query": "{ viewer { login } }"}
                                    """),
                            null)));

    static final OperationSpec MUTATION_SPEC = new OperationSpec(MUTATION,
            "Runs a GraphQL mutation (or a query) and returns its `data`. Not idempotent: the gateway retries"
                    + " it only when the system's policy allows it; the call's idempotency key is sent as the"
                    + " `Idempotency-Key` header." + HOW,
            Schemas.parse(INPUT), Schemas.parse(OUTPUT), false,
            List.of(new Example("Create a customer",
                    Schemas.parse(
                            """
                                    {"query": "mutation Create($name: String!) { createCustomer(name: $name) { id } }",
                                     "variables": {"name": "Ada"}}
                                    """),
                    Schemas.parse("""
                            {"data": {"createCustomer": {"id": "43"}}}
                            """))));

    private GraphQl() {
    }

    static JsonNode run(HttpSystemClient http, Call call) throws ConnectorException {
        Inputs inputs = Inputs.ofOperation(call.operation());
        JsonNode input = call.input();
        inputs.requireObject(input, FIELDS);
        String document = inputs.required(input, "query", "{ viewer { login } }");
        String operationName = inputs.text(input, "operationName", null);
        JsonNode variables = input.get("variables");
        if (variables != null && !variables.isNull() && !variables.isObject()) {
            throw inputs.invalid("variables", "must be an object of variable values, but was "
                    + variables.getNodeType());
        }
        String type = type(inputs, document, operationName);
        if (type.equals("subscription")) {
            throw inputs.invalid("query", "holds a subscription, which needs a streaming transport; this"
                    + " operation sends one request: send a query or a mutation");
        }
        if (type.equals("mutation") && call.operation().equals(QUERY)) {
            throw inputs.invalid("query", "holds a mutation: send it with " + MUTATION + " (" + QUERY
                    + " runs queries only, which the gateway may retry and cache)");
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("query", document);
        if (variables != null && !variables.isNull()) {
            body.set("variables", variables);
        }
        if (operationName != null) {
            body.put("operationName", operationName);
        }
        Map<String, String> headers = new LinkedHashMap<>(RequestInput.headers(inputs, input.get("headers")));
        if (headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Accept"))) {
            headers.put("Accept", "application/graphql-response+json, application/json");
        }
        if (headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Content-Type"))) {
            throw inputs.invalid("headers.Content-Type",
                    "cannot be set: a GraphQL request is application/json");
        }
        RequestInput request = new RequestInput("POST",
                RequestInput.target(inputs, input, http.baseUrl(), true),
                headers, RequestBody.json(inputs, "query", body),
                RequestInput.timeout(inputs, input.get("timeout")));
        try (HttpTransport.Response response = http.exchange(request, call.idempotencyKey(), call.trace(),
                call.cancellation(), request.within(call.timeout()), HttpSystemClient.UNBOUNDED)) {
            return result(request.target(), response);
        }
    }

    /** The type of the operation the call runs: the one named, or the document's only one. */
    private static String type(Inputs inputs, String document, String operationName)
            throws ConnectorException {
        List<GraphQlDocument.Operation> operations = GraphQlDocument.operations(document);
        if (operations.isEmpty()) {
            throw inputs.invalid("query",
                    "defines no operation: write a query such as \"{ viewer { login } }\""
                            + " or \"mutation { ... }\"");
        }
        if (operationName != null) {
            for (GraphQlDocument.Operation op : operations) {
                if (operationName.equals(op.name())) {
                    return op.type();
                }
            }
            throw inputs.invalid("operationName", "names no operation of 'query', which defines "
                    + names(operations));
        }
        if (operations.size() > 1) {
            throw inputs.invalid("operationName", "is required: 'query' defines several operations, "
                    + names(operations));
        }
        return operations.getFirst().type();
    }

    private static String names(List<GraphQlDocument.Operation> operations) {
        return operations.stream().map(o -> o.type() + " " + (o.name() == null ? "(anonymous)" : o.name()))
                .collect(Collectors.joining(", "));
    }

    private static JsonNode result(String target, HttpTransport.Response response) throws ConnectorException {
        int status = response.status();
        boolean retryable = status == 408 || status == 425 || status == 429 || status >= 500;
        JsonNode body = HttpSystemClient.body(response, response.body());
        JsonNode errors = body.path("errors");
        if (!retryable && errors.isArray() && !errors.isEmpty()) {
            throw errors(target, status, errors, body.path("data"));
        }
        if (status / 100 != 2) {
            throw HttpSystemClient.statusError(target, status, body, response::header);
        }
        if (!body.isObject() || !body.has("data")) {
            throw ConnectorException.permanent("http.graphql_response", target + " answered status " + status
                    + " without a GraphQL response (a JSON object with data or errors)", null, null);
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("data", body.get("data"));
        if (body.path("extensions").isObject()) {
            out.set("extensions", body.get("extensions"));
        }
        return out;
    }

    private static ConnectorException errors(String target, int status, JsonNode errors, JsonNode data) {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        details.put("status", status);
        ArrayNode list = details.putArray("errors");
        for (JsonNode e : errors) {
            if (list.size() == MAX_ERRORS) {
                break;
            }
            ObjectNode one = list.addObject();
            one.put("message", e.path("message").asText(""));
            if (e.path("path").isArray()) {
                one.set("path", e.get("path"));
            }
            if (e.path("extensions").path("code").isTextual()) {
                one.put("code", e.get("extensions").get("code").textValue());
            }
        }
        details.put("errorCount", errors.size());
        boolean partial = data.isObject() && !data.isEmpty();
        if (partial && data.toString().length() <= MAX_ERROR_DATA_CHARS) {
            details.set("data", data);
        }
        String first = errors.get(0).path("message").asText("");
        if (first.length() > MAX_MESSAGE_CHARS) {
            first = first.substring(0, MAX_MESSAGE_CHARS) + "…";
        }
        return ConnectorException.permanent("http.graphql_errors", target + " answered " + errors.size()
                + (errors.size() == 1 ? " GraphQL error" : " GraphQL errors")
                + (partial ? " with partial data" : "") + ": " + first
                + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""), details, null);
    }
}
