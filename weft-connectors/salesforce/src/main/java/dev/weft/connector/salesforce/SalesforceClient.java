package dev.weft.connector.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.HttpTransport;
import dev.weft.connector.Inputs;
import dev.weft.connector.OperationSpec;
import dev.weft.connector.PollRequest;
import dev.weft.connector.PollResult;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;
import dev.weft.connector.kit.JsonApi;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One org's client: the record operations and SOQL queries here, composite requests in {@link Composite},
 * Bulk API 2.0 in {@link BulkIngest}, the trigger's query in {@link ChangedTrigger}; all through
 * {@link SalesforceApi}. Thread-safe.
 */
final class SalesforceClient implements SystemClient {
    private static final String RECORD_ID = "[A-Za-z0-9]{15}([A-Za-z0-9]{3})?";
    private static final String NAME = "[A-Za-z][A-Za-z0-9_]*";

    private final SystemContext context;
    private final SalesforceApi api;

    SalesforceClient(SystemContext context, SalesforceApi api) {
        this.context = context;
        this.api = api;
    }

    @Override
    public JsonNode invoke(Call call) throws ConnectorException {
        Inputs in = Inputs.ofOperation(call.operation());
        JsonNode input = call.input();
        return switch (call.operation()) {
            case "salesforce.create" -> {
                JsonNode created = api.json(
                        api.send("POST", sobject(in, input), record(in, input), call, 201),
                        "POST /sobjects/{sobject}");
                yield JsonNodeFactory.instance.objectNode().put("id", created.path("id").asText())
                        .put("success", created.path("success").asBoolean(true));
            }
            case "salesforce.get" -> api.json(api.send("GET", recordPath(in, input) + fields(in, input), null,
                    call, 200), "GET /sobjects/{sobject}/{id}");
            case "salesforce.update" -> {
                api.send("PATCH", recordPath(in, input), record(in, input), call, 204);
                yield JsonNodeFactory.instance.objectNode().put("id", input.get("id").asText())
                        .put("updated", true);
            }
            case "salesforce.delete" -> delete(call, in, input);
            case "salesforce.upsert" -> upsert(call, in, input);
            case "salesforce.query" -> query(call, in, input);
            case "salesforce.composite" -> Composite.invoke(api, call, context.clock().instant());
            case "salesforce.bulk_ingest" -> BulkIngest.ingest(api, context, call);
            case "salesforce.bulk_status" -> BulkIngest.status(api, context, call);
            case "salesforce.upload_file" -> ContentFiles.upload(api, context, call);
            case "salesforce.download_file" -> ContentFiles.download(api, context, call);
            default -> throw ConnectorException.permanent("salesforce.unknown_operation",
                    "the salesforce connector has no operation " + call.operation(), null, null);
        };
    }

    private String sobject(Inputs in, JsonNode input) throws ConnectorException {
        return api.data() + "/sobjects/" + name(in, input, "sobject", "Account");
    }

    private String recordPath(Inputs in, JsonNode input) throws ConnectorException {
        String id = in.required(input, "id", "001RO00000AbCdEYAV");
        if (!id.matches(RECORD_ID)) {
            throw in.invalid("id",
                    "must be a record id of 15 or 18 letters and digits, but was '" + id + "'");
        }
        return sobject(in, input) + "/" + id;
    }

    private static String name(Inputs in, JsonNode input, String field, String example)
            throws ConnectorException {
        String name = in.required(input, field, example);
        if (!name.matches(NAME)) {
            throw in.invalid(field, "must be an API name such as " + example + ", but was '" + name + "'");
        }
        return name;
    }

    private static JsonNode record(Inputs in, JsonNode input) throws ConnectorException {
        JsonNode record = input.get("record");
        if (record == null || !record.isObject() || record.isEmpty()) {
            throw in.invalid("record",
                    "is required: the fields by API name, such as {\"LastName\": \"Lovelace\"}");
        }
        return record;
    }

    private static String fields(Inputs in, JsonNode input) throws ConnectorException {
        if (!input.hasNonNull("fields")) {
            return "";
        }
        return JsonApi.query(Map.of("fields", String.join(",", in.strings(input, "fields", "Name"))));
    }

    private JsonNode delete(Call call, Inputs in, JsonNode input) throws ConnectorException {
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("id", in.required(input, "id", "001"))
                .put("deleted", true);
        try {
            api.send("DELETE", recordPath(in, input), null, call, 204);
            return out;
        } catch (ConnectorException e) {
            if (e.code().equals("salesforce.not_found")
                    && e.details().path("errorCode").asText().equals("ENTITY_IS_DELETED")) {
                return out.put("alreadyDeleted", true); // a retried delete: the first one did it
            }
            throw e;
        }
    }

    private JsonNode upsert(Call call, Inputs in, JsonNode input) throws ConnectorException {
        String field = name(in, input, "externalIdField", "ERP_Id__c");
        String value = in.required(input, "externalId", "CUST-00012");
        String path = sobject(in, input) + "/" + field + "/" + JsonApi.segment(value);
        HttpTransport.Response response = api.send("PATCH", path, record(in, input), call, 200, 201, 204,
                300);
        String what = "PATCH /sobjects/{sobject}/" + field + "/{value}";
        if (response.status() == 300) {
            // Salesforce answers the matching records' URLs: name their ids.
            ArrayNode ids = JsonNodeFactory.instance.arrayNode();
            java.util.List<String> names = new java.util.ArrayList<>();
            for (JsonNode url : api.json(response, what)) {
                names.add(url.asText().replaceAll(".*/", ""));
                ids.add(names.getLast());
            }
            ObjectNode details = JsonNodeFactory.instance.objectNode().put("status", 300);
            details.set("ids", ids);
            throw ConnectorException.permanent("salesforce.multiple_matches", what + " answered 300: "
                    + ids.size() + " records of " + input.get("sobject").asText() + " have " + field + " = '"
                    + value + "' (" + String.join(", ", names)
                    + "); make the field unique, or update one of them by id", details, null);
        }
        if (response.status() == 204) {
            // Before API 46.0 an update answers 204 without the id: read it by the external id.
            JsonNode found = api.json(api.send("GET", path + "?fields=Id", null, call, 200), what);
            return JsonNodeFactory.instance.objectNode().put("id", found.path("Id").asText())
                    .put("created", false);
        }
        JsonNode answer = api.json(response, what);
        return JsonNodeFactory.instance.objectNode().put("id", answer.path("id").asText())
                .put("created", answer.path("created").asBoolean(response.status() == 201));
    }

    private JsonNode query(Call call, Inputs in, JsonNode input) throws ConnectorException {
        String soql = in.required(input, "soql", "SELECT Id, Name FROM Account");
        int max = in.integer(input, "maxRecords", 2000, 1, 50_000);
        String resource = in.bool(input, "includeDeleted", false) ? "/queryAll" : "/query";
        Map<String, String> q = new LinkedHashMap<>();
        q.put("q", soql);
        String what = "GET " + resource;
        JsonNode page = api.json(api.send("GET", api.data() + resource + JsonApi.query(q), null, call, 200),
                what);
        long total = page.path("totalSize").asLong();
        if (total > max) {
            ObjectNode details = JsonNodeFactory.instance.objectNode().put("totalSize", total)
                    .put("maxRecords", max);
            throw ConnectorException.permanent("salesforce.too_many_records", "salesforce.query: the query"
                    + " matches " + total + " records, more than 'maxRecords' (" + max + "): narrow it with a"
                    + " WHERE or a LIMIT, raise maxRecords (up to 50000), or load that many with Bulk API",
                    details, null);
        }
        ArrayNode records = JsonNodeFactory.instance.arrayNode();
        records.addAll((ArrayNode) page.withArray("records"));
        while (!page.path("done").asBoolean(true) && records.size() < max) {
            String next = page.path("nextRecordsUrl").asText("");
            if (!next.startsWith("/services/data/") || JsonApi.hasDotSegment(next)) {
                throw ConnectorException.permanent("salesforce.unexpected_answer", what + " answered a page"
                        + " that is not the last with no nextRecordsUrl under /services/data/: '" + next
                        + "'",
                        null, null);
            }
            page = api.json(api.send("GET", next, null, call, 200), "GET nextRecordsUrl");
            ArrayNode more = (ArrayNode) page.withArray("records");
            if (more.isEmpty() && !page.path("done").asBoolean(true)) {
                // a page that is neither the last nor holds a record would be followed for ever
                throw ConnectorException.permanent("salesforce.unexpected_answer",
                        "GET nextRecordsUrl answered"
                                + " an empty page that is not the last",
                        null, null);
            }
            records.addAll(more);
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("totalSize", total);
        out.set("records", records);
        return out;
    }

    @Override
    public boolean repeatable(Call call) {
        OperationSpec op = Operations.ALL.stream().filter(o -> o.name().equals(call.operation())).findFirst()
                .orElse(null);
        return op != null && op.idempotent();
    }

    @Override
    public PollResult poll(PollRequest request) throws ConnectorException {
        if (!request.trigger().equals(ChangedTrigger.NAME)) {
            throw ConnectorException.permanent("salesforce.unknown_trigger", "the salesforce connector has no"
                    + " trigger " + request.trigger() + "; it has " + ChangedTrigger.NAME, null, null);
        }
        ChangedTrigger.Query query = ChangedTrigger.query(request, context.clock().instant());
        Map<String, String> q = new LinkedHashMap<>();
        q.put("q", query.soql());
        JsonNode answer = api.json(api.send("GET", api.data() + "/query" + JsonApi.query(q), null, null, 200),
                "GET /query");
        return ChangedTrigger.result(query, answer, request.max());
    }

    @Override
    public ConnectionTest test() {
        try {
            JsonNode limits = api.json(api.send("GET", api.data() + "/limits", null, null, 200),
                    "GET /limits");
            JsonNode daily = limits.path("DailyApiRequests");
            return ConnectionTest.ok("the org at " + api.root() + " accepted the credential (REST API v"
                    + api.version() + ")" + (daily.has("Max")
                            ? "; " + daily.path("Remaining").asLong() + " of " + daily.path("Max").asLong()
                                    + " daily API requests left"
                            : ""));
        } catch (ConnectorException e) {
            return ConnectionTest.failed(e.getMessage());
        }
    }

    @Override
    public void close() {
        // The transport is the platform's; nothing of this client's own to release.
    }
}
