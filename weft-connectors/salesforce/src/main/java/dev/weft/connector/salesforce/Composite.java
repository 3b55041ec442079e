package dev.weft.connector.salesforce;

import static dev.weft.connector.salesforce.SalesforceConnector.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Example;
import dev.weft.connector.Inputs;
import dev.weft.connector.OperationSpec;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code salesforce.composite}: up to 25 subrequests in one call ({@code POST /composite}), later ones
 * reading earlier results by {@code @{referenceId.field}}. Salesforce answers 200 whatever the subrequests
 * did; each subrequest's refusal becomes the error its status and codes mean ({@link SalesforceErrors}).
 * Stateless.
 */
final class Composite {
    static final int MAX_SUBREQUESTS = 25;
    private static final String NAME = "salesforce.composite";

    static final OperationSpec SPEC = Operations.op(NAME, "Sends up to 25 subrequests in one call (`POST"
            + " /composite`); a later one uses an earlier one's result as `@{referenceId.field}`, such as"
            + " `@{newAccount.id}`. `url` is a REST path, either whole (`/services/data/v62.0/sobjects/Account`)"
            + " or under the system's API version (`sobjects/Account`). With `allOrNone`, a failing subrequest"
            + " rolls back all of them and the step fails with that subrequest's error (its referenceId, code and"
            + " fields named; retryable when the cause is, such as UNABLE_TO_LOCK_ROW). Without it, the step"
            + " answers every subrequest's result, each failed one with its `errors`, and `ok` false. Not"
            + " idempotent.",
            Operations.obj("\"requests\"",
                    """
                            "allOrNone": {"type": "boolean", "default": false, "description": "roll back every subrequest when one fails"},
                            "requests": {"type": "array", "minItems": 1, "maxItems": 25, "items": {
                              "type": "object", "required": ["method", "url", "referenceId"], "additionalProperties": false, "properties": {
                                "method": {"type": "string", "enum": ["GET", "POST", "PATCH", "PUT", "DELETE"]},
                                "url": {"type": "string", "pattern": "^(/services/data/|[a-z])", "description": "a REST path, whole or under the API version"},
                                "referenceId": {"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9_]*$"},
                                "body": {"type": "object"}}}}"""),
            """
                    {"type": "object", "required": ["ok", "results"], "properties": {
                      "ok": {"type": "boolean", "description": "every subrequest succeeded"},
                      "results": {"type": "array", "items": {"type": "object", "required": ["referenceId", "status", "ok"], "properties": {
                        "referenceId": {"type": "string"}, "status": {"type": "integer"}, "ok": {"type": "boolean"},
                        "body": {"description": "the subrequest's answer"},
                        "errors": {"type": "array", "items": {"type": "object", "properties": {
                          "errorCode": {"type": "string"}, "message": {"type": "string"},
                          "fields": {"type": "array", "items": {"type": "string"}}}}}}}}}}""",
            false, false,
            new Example("An account and its contact, both or neither",
                    parse("""
                            {"allOrNone": true, "requests": [
                              {"method": "POST", "url": "sobjects/Account", "referenceId": "newAccount", "body": {"Name": "Ada Corp"}},
                              {"method": "POST", "url": "sobjects/Contact", "referenceId": "newContact",
                               "body": {"LastName": "Lovelace", "AccountId": "@{newAccount.id}"}}]}"""),
                    null));

    private Composite() {
    }

    static JsonNode invoke(SalesforceApi api, Call call, Instant now) throws ConnectorException {
        Inputs in = Inputs.ofOperation(NAME);
        JsonNode input = call.input();
        boolean allOrNone = in.bool(input, "allOrNone", false);
        JsonNode requests = input.path("requests");
        if (!requests.isArray() || requests.isEmpty() || requests.size() > MAX_SUBREQUESTS) {
            throw in.invalid("requests", "must list 1 to " + MAX_SUBREQUESTS + " subrequests (Salesforce's"
                    + " limit), but held " + (requests.isArray() ? requests.size() : requests.getNodeType()));
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("allOrNone", allOrNone);
        ArrayNode out = body.putArray("compositeRequest");
        Set<String> references = new HashSet<>();
        for (int i = 0; i < requests.size(); i++) {
            JsonNode r = requests.get(i);
            String where = "requests[" + i + "].";
            String method = in.required(r, "method", "POST");
            if (!Set.of("GET", "POST", "PATCH", "PUT", "DELETE").contains(method)) {
                throw in.invalid(where + "method",
                        "must be GET, POST, PATCH, PUT or DELETE, but was " + method);
            }
            String url = in.required(r, "url", "sobjects/Account");
            if (!url.startsWith("/services/data/")) {
                if (url.startsWith("/") || url.contains("://")) {
                    throw in.invalid(where + "url", "must be a REST path, /services/data/v" + api.version()
                            + "/... or under it (sobjects/Account), but was " + url);
                }
                url = api.data() + "/" + url;
            }
            String ref = in.required(r, "referenceId", "newAccount");
            if (!ref.matches("[A-Za-z][A-Za-z0-9_]*") || !references.add(ref)) {
                throw in.invalid(where + "referenceId", "must be letters, digits and _, starting with a"
                        + " letter, and differ from the others, but was " + ref);
            }
            ObjectNode sub = out.addObject().put("method", method).put("url", url).put("referenceId", ref);
            if (r.hasNonNull("body")) {
                sub.set("body", r.get("body"));
            }
        }
        JsonNode answer = api.json(api.send("POST", api.data() + "/composite", body, call, 200),
                "POST /composite");
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        ArrayNode results = result.putArray("results");
        boolean ok = true;
        ConnectorException cause = null;
        for (JsonNode sub : answer.path("compositeResponse")) {
            int status = sub.path("httpStatusCode").asInt();
            boolean fine = status / 100 == 2;
            ok &= fine;
            ObjectNode one = results.addObject().put("referenceId", sub.path("referenceId").asText())
                    .put("status", status).put("ok", fine);
            one.set("body", sub.path("body"));
            if (!fine) {
                JsonNode errors = sub.path("body").isArray()
                        ? sub.path("body")
                        : JsonNodeFactory.instance.arrayNode().add(sub.path("body"));
                one.set("errors", errors);
                boolean halted = errors.path(0).path("errorCode").asText().equals("PROCESSING_HALTED");
                if (cause == null && !halted) {
                    cause = SalesforceErrors.of(
                            "composite subrequest '" + one.get("referenceId").asText() + "'",
                            status, errors, name -> sub.path("httpHeaders").path(name).asText(null), now);
                }
            }
        }
        result.put("ok", ok);
        if (!ok && allOrNone) {
            if (cause == null) {
                throw ConnectorException.permanent("salesforce.invalid", "POST /composite: every subrequest"
                        + " was rolled back, and none said why: " + results, null, null);
            }
            throw SalesforceErrors.withMessage(cause, cause.getMessage()
                    + "; allOrNone: the whole composite request was rolled back");
        }
        return result;
    }
}
