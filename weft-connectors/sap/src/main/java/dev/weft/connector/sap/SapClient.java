package dev.weft.connector.sap;

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

/**
 * An SAP OData service's client (one service root, OData 2.0 or 4.0): each operation as requests through
 * the platform's HTTP transport, which adds the credential; writes carry the CSRF token and session cookies
 * of {@link CsrfSession}. SAP's errors (v2 {@code message.value} and {@code errordetails}, v4
 * {@code details}) become typed errors. Thread-safe.
 */
final class SapClient implements SystemClient {
    static final ODataErrors.Hints HINTS = new ODataErrors.Hints("check the system's credential: a basic"
            + " credential of the communication user (S/4HANA Cloud: of the communication arrangement for this"
            + " API), or oauth2ClientCredentials where the system takes OAuth",
            "the user lacks the"
                    + " authorization for this service or business object: its role, or the communication scenario");
    private static final Duration TEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(30);

    private final SystemContext context;
    private final ODataHttp http;
    private final ODataVersion version;
    private final String sapClient;
    private final CsrfSession csrf;

    SapClient(SystemContext context, String root, ODataVersion version, String sapClient) {
        this.context = context;
        this.version = version;
        this.sapClient = sapClient;
        this.http = new ODataHttp(context, root, "sap", version == ODataVersion.V4
                ? List.of(Map.entry("OData-Version", "4.0"))
                : List.of(),
                "check the system's serviceUrl (the service root, such as"
                        + " https://s4.example.com/sap/opu/odata/sap/API_BUSINESS_PARTNER) and its version");
        this.csrf = new CsrfSession((timeout, cancellation) -> http.send("GET", withClient("/"), null,
                List.of(Map.entry("x-csrf-token", "Fetch")), timeout, cancellation, null),
                r -> error("GET " + http.root() + "/ (CSRF token)", r));
    }

    ODataVersion version() {
        return version;
    }

    @Override
    public JsonNode invoke(Call call) throws ConnectorException {
        Inputs in = Inputs.ofOperation(call.operation());
        JsonNode input = call.input();
        return switch (call.operation()) {
            case "sap.list" -> list(call, in, input);
            case "sap.get" -> {
                ODataQuery q = new ODataQuery().list("$select", strings(input, "select"))
                        .list("$expand", strings(input, "expand"));
                String path = entity(in, input);
                yield record(json(read(call, path + q), "GET " + path));
            }
            case "sap.create" -> {
                String path = "/" + entitySet(in, input);
                yield record(json(write(call, "POST", path, body(in, input, "record"), List.of()),
                        "POST " + path));
            }
            case "sap.create_sales_order" -> {
                String path = version == ODataVersion.V2 ? "/A_SalesOrder" : "/SalesOrder";
                yield record(
                        json(write(call, "POST", path, SalesOrders.payload(in, input, version), List.of()),
                                "POST " + path));
            }
            case "sap.update" -> update(call, in, input);
            case "sap.delete" -> delete(call, in, input);
            case "sap.batch" -> new SapBatch(this).run(call, in, input);
            default -> throw ConnectorException.permanent("sap.unknown_operation", "the sap connector has no"
                    + " operation " + call.operation(), null, null);
        };
    }

    private JsonNode list(Call call, Inputs in, JsonNode input) throws ConnectorException {
        int maxPages = in.integer(input, "maxPages", 1, 1, 100);
        String target = in.text(input, "nextLink", null);
        if (target == null) {
            ODataQuery q = new ODataQuery().list("$select", strings(input, "select"))
                    .option("$filter", in.text(input, "filter", null))
                    .option("$orderby", in.text(input, "orderby", null))
                    .list("$expand", strings(input, "expand"));
            if (input.hasNonNull("top")) {
                q.option("$top", Integer.toString(in.integer(input, "top", 0, 1, 100_000)));
            }
            if (input.hasNonNull("skip")) {
                q.option("$skip", Integer.toString(in.integer(input, "skip", 0, 0, Integer.MAX_VALUE)));
            }
            if (in.bool(input, "count", false)) {
                q.option(version == ODataVersion.V2 ? "$inlinecount" : "$count",
                        version == ODataVersion.V2 ? "allpages" : "true");
            }
            target = withClient("/" + entitySet(in, input) + q);
        }
        String what = "GET /" + input.path("entitySet").asText();
        return ODataPage.follow(target, maxPages,
                next -> ODataPage.read(json(read(call, next), what), version, http.root(), "sap", what));
    }

    /** Changes a record, with If-Match: the ETag given, else the one it has now (read first). */
    private JsonNode update(Call call, Inputs in, JsonNode input) throws ConnectorException {
        String path = entity(in, input);
        String method = in.text(input, "method", "PATCH");
        if (!List.of("PATCH", "MERGE", "PUT").contains(method)) {
            throw in.invalid("method", "must be PATCH, MERGE (OData 2.0's partial update) or PUT, but was '"
                    + method + "'");
        }
        String etag = etag(call, in, input, path);
        JsonNode body = body(in, input, "record");
        HttpTransport.Response r = write(call, method, path, body, etag == null
                ? List.of()
                : List.of(Map.entry("If-Match", etag)));
        check(r, method + " " + path);
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("updated", true);
        String now = r.header("etag");
        if (now != null) {
            out.put("etag", now);
        }
        return out;
    }

    private JsonNode delete(Call call, Inputs in, JsonNode input) throws ConnectorException {
        String path = entity(in, input);
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("deleted", true);
        String etag;
        try {
            etag = etag(call, in, input, path);
        } catch (ConnectorException e) {
            if (e.code().equals("sap.not_found")) {
                return out.put("existed", false); // gone already: a retried delete did its work the first time
            }
            throw e;
        }
        HttpTransport.Response r = write(call, "DELETE", path, (HttpTransport.Body) null, etag == null
                ? List.of()
                : List.of(Map.entry("If-Match", etag)));
        if (r.status() == 404) {
            return out.put("existed", false);
        }
        check(r, "DELETE " + path);
        return out.put("existed", true);
    }

    private String etag(Call call, Inputs in, JsonNode input, String path) throws ConnectorException {
        String etag = in.text(input, "etag", null);
        if (etag != null) {
            if (etag.contains("\r") || etag.contains("\n")) {
                throw in.invalid("etag", "must be one line, as the record's ETag is");
            }
            return etag;
        }
        HttpTransport.Response r = read(call, path);
        JsonNode record = record(json(r, "GET " + path));
        String header = r.header("etag");
        if (header != null) {
            return header;
        }
        JsonNode inBody = version == ODataVersion.V2
                ? record.path("__metadata").get("etag")
                : record.get(
                        "@odata.etag");
        return inBody == null || inBody.isNull() ? null : inBody.asText();
    }

    /** A record of an answer: v2's {@code d}, v4's body. */
    JsonNode record(JsonNode answer) {
        JsonNode record = version == ODataVersion.V2 ? answer.path("d") : answer;
        return record.isObject() ? record : JsonNodeFactory.instance.objectNode();
    }

    private String entity(Inputs in, JsonNode input) throws ConnectorException {
        return "/" + entitySet(in, input) + ODataQuery.key(input.get("key"), version, in, "key");
    }

    private static String entitySet(Inputs in, JsonNode input) throws ConnectorException {
        return ODataQuery.name(in.text(input, "entitySet", null), in, "entitySet", "A_BusinessPartner");
    }

    private static JsonNode body(Inputs in, JsonNode input, String field) throws ConnectorException {
        JsonNode body = input.get(field);
        if (body == null || !body.isObject() || body.isEmpty()) {
            throw in.invalid(field, "is required: an object of the properties to write, such as"
                    + " {\"OrganizationBPName1\": \"Ada Corp\"}");
        }
        return body;
    }

    static List<String> strings(JsonNode input, String field) {
        List<String> out = new ArrayList<>();
        input.path(field).forEach(s -> out.add(s.asText()));
        return out;
    }

    /** {@code target} with {@code sap-client} when the system names one. */
    String withClient(String target) {
        if (sapClient == null || target.contains("sap-client=")) {
            return target;
        }
        return target + (target.contains("?") ? "&" : "?") + "sap-client=" + sapClient;
    }

    HttpTransport.Response read(Call call, String target) throws ConnectorException {
        return http.send("GET", target.startsWith("/") ? withClient(target) : target, null, List.of(),
                call.timeout(), call.cancellation(), call);
    }

    private HttpTransport.Response write(Call call, String method, String path, JsonNode body,
            List<Map.Entry<String, String>> headers) throws ConnectorException {
        HttpTransport.Body bytes = body == null
                ? null
                : new HttpTransport.Body.Bytes(
                        body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        "application/json");
        return write(call, method, path, bytes, headers);
    }

    /** Sends a write with the CSRF token and session cookies; fetches them anew once if SAP refuses them. */
    HttpTransport.Response write(Call call, String method, String path, HttpTransport.Body body,
            List<Map.Entry<String, String>> headers) throws ConnectorException {
        CsrfSession.Token token = csrf.token(null, call.timeout(), call.cancellation());
        HttpTransport.Response r = writeWith(call, method, path, body, headers, token);
        if (CsrfSession.refused(r)) {
            r.close();
            token = csrf.token(token, call.timeout(), call.cancellation());
            r = writeWith(call, method, path, body, headers, token);
        }
        csrf.update(token, r);
        return r;
    }

    private HttpTransport.Response writeWith(Call call, String method, String path, HttpTransport.Body body,
            List<Map.Entry<String, String>> headers, CsrfSession.Token token) throws ConnectorException {
        List<Map.Entry<String, String>> all = new ArrayList<>(headers);
        if (token.value() != null) {
            all.add(Map.entry("x-csrf-token", token.value()));
        }
        if (token.cookies() != null) {
            all.add(Map.entry("Cookie", token.cookies()));
        }
        return http.sendBody(method, withClient(path), body, all, call.timeout(), call.cancellation(), call);
    }

    JsonNode json(HttpTransport.Response r, String what) throws ConnectorException {
        check(r, what);
        return http.json(r, what);
    }

    void check(HttpTransport.Response r, String what) throws ConnectorException {
        if (r.status() / 100 != 2) {
            throw error(what, r);
        }
    }

    ConnectorException error(String what, HttpTransport.Response r) {
        return ODataErrors.from("sap", what, r, context.clock().instant(), HINTS);
    }

    /**
     * As declared, except for an update or delete with an explicit {@code etag}: a retry after a lost success
     * would fail its precondition (412).
     */
    @Override
    public boolean repeatable(Call call) {
        boolean precondition = call.input().hasNonNull("etag")
                && (call.operation().equals("sap.update") || call.operation().equals("sap.delete"));
        return !precondition && Operations.ALL.stream()
                .anyMatch(op -> op.name().equals(call.operation()) && op.idempotent());
    }

    @Override
    public PollResult poll(PollRequest request) throws ConnectorException {
        if (!request.trigger().equals(ChangedTrigger.NAME)) {
            throw ConnectorException.permanent("sap.unknown_trigger", "the sap connector has no trigger "
                    + request.trigger(), null, null);
        }
        ChangedTrigger.Query query = ChangedTrigger.query(request, version, context.clock().instant());
        String what = "GET /" + query.entitySet();
        HttpTransport.Response r = http.send("GET", withClient(query.path()), null, List.of(), POLL_TIMEOUT,
                new Cancellation(), null);
        check(r, what);
        return ChangedTrigger.result(query, ODataPage.read(http.json(r, what), version, http.root(), "sap",
                what).items(), request.max());
    }

    @Override
    public ConnectionTest test() {
        try {
            csrf.token(null, TEST_TIMEOUT, new Cancellation());
            return ConnectionTest
                    .ok("the OData " + (version == ODataVersion.V2 ? "2.0" : "4.0") + " service at "
                            + http.root() + " accepted the credential and gave a CSRF token");
        } catch (ConnectorException e) {
            return ConnectionTest.failed(e.getMessage());
        }
    }

    @Override
    public void close() {
        // The transport is the platform's; nothing of this client's own to release.
    }
}
