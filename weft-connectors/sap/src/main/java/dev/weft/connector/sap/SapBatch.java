package dev.weft.connector.sap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.HttpTransport;
import dev.weft.connector.Inputs;
import dev.weft.connector.kit.odata.ODataBatch;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code sap.batch}: requests sent as one {@code $batch}, consecutive writes in one changeset (all or
 * nothing), and the multipart answer read per request. Stateless beyond the client it sends through.
 */
final class SapBatch {
    private static final Set<String> METHODS = Set.of("GET", "POST", "PATCH", "MERGE", "PUT", "DELETE");
    private static final Pattern PATH = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*(\\([^\\s/?#]*\\))?"
            + "(/[A-Za-z_][A-Za-z0-9_.$]*(\\([^\\s/?#]*\\))?)*(\\?[^\\s#]*)?");

    private final SapClient client;

    SapBatch(SapClient client) {
        this.client = client;
    }

    JsonNode run(Call call, Inputs in, JsonNode input) throws ConnectorException {
        List<ODataBatch.Request> requests = new ArrayList<>();
        int n = 0;
        for (JsonNode r : input.path("requests")) {
            String field = "requests[" + n++ + "]";
            String method = r.path("method").asText("");
            if (!METHODS.contains(method)) {
                throw in.invalid(field + ".method",
                        "must be one of " + METHODS + ", but was '" + method + "'");
            }
            String path = r.path("path").asText("");
            if (!PATH.matcher(path).matches() || path.contains("..")) {
                throw in.invalid(field + ".path", "must be a path relative to the service root, such as"
                        + " A_BusinessPartner('1000123'), but was '" + path + "'");
            }
            JsonNode body = r.get("body");
            if (method.equals("GET") || method.equals("DELETE")
                    ? body != null && !body.isNull()
                    : body == null || !body.isObject()) {
                throw in.invalid(field + ".body", method.equals("GET") || method.equals("DELETE")
                        ? "must not be given for " + method
                        : "is required for " + method + ": an object of the properties to write");
            }
            String etag = r.hasNonNull("etag") ? r.get("etag").asText() : null;
            if (etag != null && (etag.contains("\r") || etag.contains("\n"))) {
                throw in.invalid(field + ".etag", "must be one line, as the record's ETag is");
            }
            requests.add(
                    new ODataBatch.Request(method, path, body == null || body.isNull() ? null : body, etag));
        }
        if (requests.isEmpty()) {
            throw in.invalid("requests", "must hold at least one request");
        }
        ODataBatch.Built built = ODataBatch.build(requests, call.idempotencyKey());
        HttpTransport.Response r = client.write(call, "POST", "/$batch", new HttpTransport.Body.Bytes(built
                .body(), built.contentType()), List.of());
        client.check(r, "POST /$batch");
        List<ODataBatch.Answer> answers;
        try {
            answers = ODataBatch.parse(built, r.body(), r.header("content-type"));
        } catch (IllegalArgumentException e) {
            throw ConnectorException.permanent("sap.unexpected_answer", "POST /$batch answered what is not"
                    + " the answer of its batch: " + e.getMessage(), null, null);
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        ConnectorException first = null;
        for (int i = 0; i < answers.size(); i++) {
            ODataBatch.Answer a = answers.get(i);
            ObjectNode one = out.addObject().put("status", a.status());
            JsonNode json = a.json();
            if (!json.isNull()) {
                one.set("body", a.status() / 100 == 2 ? client.record(json) : json);
            }
            if (a.headers().containsKey("location")) {
                one.put("location", a.headers().get("location"));
            }
            if (a.headers().containsKey("etag")) {
                one.put("etag", a.headers().get("etag"));
            }
            if (a.status() / 100 != 2 && first == null) {
                first = client.error("request " + (i + 1) + " of the batch (" + requests.get(i).method() + " "
                        + requests.get(i).path() + ")", new PartResponse(a));
            }
        }
        if (first != null && in.bool(input, "failOnError", true)) {
            throw first;
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.set("responses", out);
        return result;
    }

    /** One part's answer as a response, for the typed error of a refused part. */
    private record PartResponse(ODataBatch.Answer answer) implements HttpTransport.Response {
        @Override
        public int status() {
            return answer.status();
        }

        @Override
        public List<Map.Entry<String, String>> headers() {
            return List.copyOf(answer.headers().entrySet());
        }

        @Override
        public byte[] body() {
            return answer.body().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public InputStream stream() {
            throw new IllegalStateException("a batch part is buffered");
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
