package dev.weft.connector.wordpress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.BlobRef;
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
import java.io.InputStream;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A WordPress site's client: each operation of {@link Operations} as one request to its REST API
 * ({@code <baseUrl>/wp-json/wp/v2/...}, or {@code <baseUrl>/?rest_route=/wp/v2/...} for a site without pretty
 * permalinks) through the platform's HTTP transport, which adds the credential (HTTP Basic with an
 * application password). WordPress's errors become typed ones ({@link WordPressErrors}). Thread-safe.
 */
final class WordPressClient implements SystemClient {
    private static final Duration TEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(30);
    private static final Map<String, Set<String>> FIELDS = Operations.ALL.stream()
            .collect(Collectors.toMap(Operations.Op::name, op -> {
                Set<String> names = new TreeSet<>();
                op.spec().inputSchema().path("properties").fieldNames().forEachRemaining(names::add);
                return names;
            }));

    private final SystemContext context;
    private final JsonApi api;
    private final boolean plain;

    WordPressClient(SystemContext context, String baseUrl, boolean plain) {
        this.context = context;
        this.plain = plain;
        this.api = new JsonApi(context, plain ? baseUrl : baseUrl + "/wp-json", "wordpress",
                WordPressErrors.NOT_API_HINT);
    }

    /** The path and query of {@code route} under the API's root, in the site's permalink style. */
    String target(String route, Map<String, String> query) {
        String q = JsonApi.query(query);
        if (!plain) {
            return route + q;
        }
        // the route is the connector's own (ids in it are numbers), encoded whole as a query value
        return "/?rest_route=" + java.net.URLEncoder.encode(route, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20").replace("%2F", "/")
                + (q.isEmpty() ? "" : "&" + q.substring(1));
    }

    @Override
    public JsonNode invoke(Call call) throws ConnectorException {
        Operations.Op op = Operations.BY_NAME.get(call.operation());
        if (op == null) {
            throw ConnectorException.permanent("wordpress.unknown_operation", "the wordpress connector has no"
                    + " operation " + call.operation(), null, null);
        }
        Inputs inputs = Inputs.ofOperation(op.name());
        JsonNode input = call.input();
        inputs.requireObject(input, FIELDS.get(op.name()));
        String route = route(op, input, inputs);
        Map<String, String> query = query(op, input, inputs);
        String what = op.name() + " (" + op.method() + " " + op.route() + ")";
        if (op.answer() == Operations.Answer.UPLOAD) {
            return upload(call, input, inputs, route, query, what, op);
        }
        JsonNode body = null;
        if (op.body() != null) {
            body = input.get(op.body());
            if (body == null || !body.isObject()) {
                throw inputs.invalid(op.body(),
                        "is required: an object of the " + op.body() + "'s fields, such as "
                                + op.examples().get(0).input().get(op.body()));
            }
        }
        HttpTransport.Response response = api.send(op.method(), target(route, query), body, call.timeout(),
                call.cancellation(), call);
        int status = response.status();
        String code = status / 100 == 2 ? "" : JsonApi.jsonOrEmpty(response).path("code").asText("");
        if (op.answer() == Operations.Answer.DELETE && status == 410 && code.equals("rest_already_trashed")) {
            // Trashed already (by this step's earlier try, or by someone): answer the record as it is.
            HttpTransport.Response again = api.send("GET", target(route, Map.of("context", "edit")), null,
                    call.timeout(), call.cancellation(), call);
            if (again.status() / 100 != 2) {
                throw WordPressErrors.of(op.name() + " (GET " + op.route() + ")", op, again);
            }
            return api.json(again, what);
        }
        if (op.answer() == Operations.Answer.LIST && status == 400
                && code.equals("rest_post_invalid_page_number")) {
            return page(JsonNodeFactory.instance.arrayNode(), query, response);
        }
        if (status / 100 != 2) {
            throw WordPressErrors.of(what, op, response);
        }
        JsonNode answer = api.json(response, what);
        return op.answer() == Operations.Answer.LIST ? page(answer, query, response) : answer;
    }

    /** A page of a list with WordPress's totals (X-WP-Total, X-WP-TotalPages). */
    private static ObjectNode page(JsonNode items, Map<String, String> query,
            HttpTransport.Response response) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("items", items);
        out.put("page", Integer.parseInt(query.getOrDefault("page", "1")));
        out.put("per_page", Integer.parseInt(query.getOrDefault("per_page", "10")));
        header(response, "X-WP-Total").ifPresent(n -> out.put("total", n));
        header(response, "X-WP-TotalPages").ifPresent(n -> out.put("total_pages", n));
        return out;
    }

    private static java.util.Optional<Integer> header(HttpTransport.Response response, String name) {
        String value = response.header(name);
        return value != null && value.strip().matches("\\d{1,9}")
                ? java.util.Optional.of(Integer.parseInt(value.strip()))
                : java.util.Optional.empty();
    }

    private static String route(Operations.Op op, JsonNode input, Inputs inputs) throws ConnectorException {
        if (!op.route().contains("{id}")) {
            return op.route();
        }
        JsonNode id = input.get("id");
        String value;
        if (id != null && id.isIntegralNumber() && id.canConvertToLong() && id.asLong() >= 1) {
            value = Long.toString(id.asLong());
        } else if (op.name().equals("wordpress.get_user") && id != null && "me".equals(id.asText())) {
            value = "me";
        } else {
            throw inputs.invalid("id", "is required: the record's id, a whole number from 1"
                    + (op.name().equals("wordpress.get_user") ? ", or \"me\"" : "") + ", but was " + id);
        }
        return op.route().replace("{id}", value);
    }

    private static Map<String, String> query(Operations.Op op, JsonNode input, Inputs inputs)
            throws ConnectorException {
        Map<String, String> query = new LinkedHashMap<>();
        for (String name : op.query()) {
            JsonNode value = input.get(name);
            if (value == null || value.isNull()) {
                continue;
            }
            if (value.isArray()) {
                StringBuilder joined = new StringBuilder();
                for (JsonNode item : value) {
                    if (!item.isValueNode()) {
                        throw inputs.invalid(name, "must be a list of strings or numbers, but held " + item);
                    }
                    joined.append(joined.isEmpty() ? "" : ",").append(item.asText());
                }
                query.put(name, joined.toString());
            } else if (value.isValueNode()) {
                query.put(name, value.asText());
            } else {
                throw inputs.invalid(name, "must be a string, a number, true or false, but was an object");
            }
        }
        if (op.answer() == Operations.Answer.LIST) {
            query.putIfAbsent("page", "1");
            query.putIfAbsent("per_page", "10");
        }
        return query;
    }

    /** Uploads the blob in {@code file} as a new attachment, streamed (never held whole). */
    private JsonNode upload(Call call, JsonNode input, Inputs inputs, String route, Map<String, String> query,
            String what, Operations.Op op) throws ConnectorException {
        BlobRef file = inputs.blob(input, "file");
        if (file == null) {
            throw inputs.invalid("file",
                    "is required: a blob reference such as {\"$blob\": \"sha256:…\", \"size\":"
                            + " 48213}, as another step's output holds it");
        }
        String filename = inputs.required(input, "filename", "price-list.pdf");
        if (!filename.matches("[\\x20-\\x7e&&[^\"\\\\/]]{1,200}")) {
            throw inputs.invalid("filename",
                    "must be a file name of printable ASCII characters without quotes,"
                            + " backslashes or slashes, with its extension (WordPress decides the type from it), such as"
                            + " price-list.pdf");
        }
        if (!filename.contains(".")) {
            throw inputs.invalid("filename",
                    "needs an extension, such as price-list.pdf: WordPress accepts or"
                            + " refuses a file by it");
        }
        String contentType = inputs.text(input, "content_type", file.contentType());
        // Opened once to fail here, naming the field, when the blob is not in the store.
        try {
            context.blobs().open(file).close();
        } catch (ConnectorException e) {
            throw ConnectorException.permanent(e.code(), op.name() + ": 'file' " + e.getMessage(),
                    e.details(), e);
        } catch (IOException e) {
            throw ConnectorException.retryable("blob.storage",
                    op.name() + ": 'file' could not be read from the"
                            + " blob store: " + e.getMessage(),
                    null, e);
        }
        HttpTransport.Request request = HttpTransport.Request
                .to("POST", URI.create(api.root() + target(route, query)))
                .withHeader("Accept", "application/json")
                .withHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"")
                .withTimeout(call.timeout()).withCancellation(call.cancellation()).withTrace(call.trace())
                .withIdempotencyKey(call.idempotencyKey())
                .withBody(new HttpTransport.Body.Streamed(() -> open(file), file.size(), contentType));
        HttpTransport.Response response = context.http().send(request);
        if (response.status() / 100 != 2) {
            throw WordPressErrors.of(what, op, response);
        }
        return api.json(response, what);
    }

    private InputStream open(BlobRef file) throws IOException {
        try {
            return context.blobs().open(file);
        } catch (ConnectorException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public PollResult poll(PollRequest request) throws ConnectorException {
        if (!request.trigger().equals(ChangedTrigger.NAME)) {
            throw ConnectorException.permanent("wordpress.unknown_trigger",
                    "the wordpress connector has no trigger "
                            + request.trigger(),
                    null, null);
        }
        ChangedTrigger.Query query = ChangedTrigger.query(request, this::siteNow);
        HttpTransport.Response response = api.send("GET", target(query.route(), query.parameters()), null,
                POLL_TIMEOUT, new Cancellation(), null);
        String what = ChangedTrigger.NAME + " (GET " + query.route() + ")";
        JsonNode records;
        if (response.status() == 400
                && JsonApi.jsonOrEmpty(response).path("code").asText()
                        .equals("rest_post_invalid_page_number")) {
            records = JsonNodeFactory.instance.arrayNode(); // the page asked for is past the last
        } else if (response.status() / 100 != 2) {
            throw WordPressErrors.of(what, null, response);
        } else {
            records = api.json(response, what);
        }
        return ChangedTrigger.result(query, records);
    }

    /** The site's local time now, by the time zone its REST index announces. */
    private LocalDateTime siteNow() throws ConnectorException {
        HttpTransport.Response response = api.send("GET", target("/", Map.of()), null, TEST_TIMEOUT,
                new Cancellation(), null);
        if (response.status() / 100 != 2) {
            throw WordPressErrors.of(ChangedTrigger.NAME + " (GET the REST index)", null, response);
        }
        JsonNode index = api.json(response, "the REST index");
        ZoneId zone;
        try {
            String name = index.path("timezone_string").asText("");
            zone = !name.isEmpty()
                    ? ZoneId.of(name)
                    : ZoneOffset
                            .ofTotalSeconds((int) Math.round(index.path("gmt_offset").asDouble(0) * 3600));
        } catch (DateTimeException e) {
            zone = ZoneOffset.UTC;
        }
        return LocalDateTime.now(context.clock().withZone(zone));
    }

    @Override
    public boolean repeatable(Call call) {
        Operations.Op op = Operations.BY_NAME.get(call.operation());
        return op != null && op.idempotent()
                && !(op.answer() == Operations.Answer.DELETE && call.input().path("force").asBoolean(false));
    }

    @Override
    public ConnectionTest test() {
        try {
            HttpTransport.Response r = api.send("GET", target("/wp/v2/users/me", Map.of()), null,
                    TEST_TIMEOUT,
                    new Cancellation(), null);
            if (r.status() == 200) {
                return ConnectionTest.ok("WordPress at " + api.root()
                        + " accepted the application password of"
                        + " the user '" + api.json(r, "GET /wp/v2/users/me").path("slug").asText() + "'");
            }
            return ConnectionTest.failed(WordPressErrors.of("GET /wp/v2/users/me", null, r).getMessage());
        } catch (ConnectorException e) {
            return ConnectionTest.failed(e.getMessage());
        }
    }

    @Override
    public void close() {
        // The transport is the platform's; nothing of this client's own to release.
    }
}
