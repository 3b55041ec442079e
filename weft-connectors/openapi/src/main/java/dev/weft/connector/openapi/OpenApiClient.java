package dev.weft.connector.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.HttpTransport;
import dev.weft.connector.OperationSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.net.URI;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;

/**
 * One OpenAPI system: its document, read on first use and kept while the system is unchanged, and the calls
 * of its operations through the platform's transport (which adds the credential). Thread-safe.
 */
final class OpenApiClient implements SystemClient {
    private static final Duration DOCUMENT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration TEST_TIMEOUT = Duration.ofSeconds(10);

    private final SystemContext context;
    private final OpenApiConfig config;
    private final CallInput inputs = new CallInput();
    private volatile OpenApiDocument document;
    private volatile Own own;
    private static final java.util.regex.Pattern CAMEL = java.util.regex.Pattern.compile("([a-z0-9])([A-Z])");
    private static final java.util.regex.Pattern OTHER = java.util.regex.Pattern.compile("[^a-z0-9]+");
    private static final java.util.regex.Pattern EDGES = java.util.regex.Pattern.compile("^_+|_+$");

    /** The system's own operations of one document, by name. */
    private record Own(OpenApiDocument document, Map<String, ApiOperation> byName) {
    }

    OpenApiClient(SystemContext context, OpenApiConfig config) {
        this.context = context;
        this.config = config;
    }

    @Override
    public JsonNode invoke(Call call) throws ConnectorException {
        return switch (call.operation()) {
            case CallInput.OPERATION -> call(call, call.input());
            case OpenApiConnector.OPERATIONS -> describe(document());
            default -> {
                ApiOperation own = own().get(call.operation());
                if (own == null) {
                    throw ConnectorException.permanent("openapi.unknown_operation", "system '"
                            + context.systemId() + "' has no operation " + call.operation()
                            + "; its document's"
                            + " operations are " + String.join(", ", own().keySet()) + ", and "
                            + CallInput.OPERATION + " calls any of them by operationId", null, null);
                }
                yield call(call, withOperationId(call.input(), own));
            }
        };
    }

    /** The input of {@code openapi.call} that a call of the system's own operation {@code op} stands for. */
    private static JsonNode withOperationId(JsonNode input, ApiOperation op) throws ConnectorException {
        if (!input.isObject()) {
            throw ConnectorException.permanent("openapi.input",
                    operationName(op.operationId()) + ": the input"
                            + " must be an object of the operation's parameters and body",
                    null, null);
        }
        ObjectNode with = ((ObjectNode) input).deepCopy();
        with.put("operationId", op.operationId());
        return with;
    }

    /**
     * {@code openapi.<snake_case of the operationId>}: the name a flow gives an operation of the system's
     * document ({@code getPetById} is {@code openapi.get_pet_by_id}), since operation names are lower case.
     */
    static String operationName(String operationId) {
        String snake = CAMEL.matcher(operationId).replaceAll("$1_$2").toLowerCase(java.util.Locale.ROOT);
        snake = OTHER.matcher(snake).replaceAll("_");
        snake = EDGES.matcher(snake).replaceAll("");
        return OpenApiConnector.ID + "." + (snake.isEmpty() || !Character.isLetter(snake.charAt(0))
                ? "op_" + snake
                : snake);
    }

    /**
     * The document's operations by their names as the system's own ({@link #operationName}); two operationIds
     * that would share a name are left to {@code openapi.call}, which tells them apart.
     */
    private Map<String, ApiOperation> own() throws ConnectorException {
        OpenApiDocument doc = document();
        Own cached = own;
        if (cached == null || cached.document() != doc) {
            cached = new Own(doc, own(doc));
            own = cached; // the document does not change for the client's life: a race builds the same map
        }
        return cached.byName();
    }

    /** As {@link #own()}, of {@code doc}. */
    static Map<String, ApiOperation> own(OpenApiDocument doc) {
        Map<String, ApiOperation> byName = new java.util.TreeMap<>();
        Set<String> shared = new java.util.HashSet<>();
        for (ApiOperation op : doc.operations()) {
            String name = operationName(op.operationId());
            if (OpenApiConnector.DECLARED.contains(name) || byName.putIfAbsent(name, op) != null) {
                shared.add(name);
            }
        }
        shared.forEach(byName::remove);
        return byName;
    }

    @Override
    public Optional<OperationSpec> ownOperation(String name) throws ConnectorException {
        ApiOperation op = own().get(name);
        return op == null ? Optional.empty() : Optional.of(spec(name, op));
    }

    @Override
    public List<OperationSpec> ownOperations() throws ConnectorException {
        List<OperationSpec> specs = new ArrayList<>();
        for (Map.Entry<String, ApiOperation> e : own().entrySet()) {
            specs.add(spec(e.getKey(), e.getValue()));
        }
        return specs;
    }

    /** The operation as the system's own: its input without {@code operationId}, its method's flags. */
    private static OperationSpec spec(String name, ApiOperation op) {
        ObjectNode input = op.inputSchema().deepCopy();
        if (input.get("properties") instanceof ObjectNode properties) {
            properties.remove("operationId");
        }
        if (input.get("required") instanceof ArrayNode required) {
            ArrayNode kept = required.arrayNode();
            required.forEach(r -> {
                if (!r.asText().equals("operationId")) {
                    kept.add(r);
                }
            });
            input.set("required", kept);
        }
        JsonNode output = op.outputSchema() != null && op.outputSchema().isObject()
                ? op.outputSchema()
                : JsonNodeFactory.instance.objectNode().put("type", "object");
        String summary = op.summary() == null || op.summary().isBlank() ? "" : op.summary() + " ";
        return new OperationSpec(name, summary + "(" + op.method() + " " + op.path() + ", operationId "
                + op.operationId() + ")", input, output, op.idempotent(), op.safe(), List.of());
    }

    private JsonNode call(Call call, JsonNode input) throws ConnectorException {
        OpenApiDocument doc = document();
        CallInput.Prepared prepared = inputs.prepare(doc, input);
        ApiOperation op = prepared.operation();
        HttpTransport.Response response = context.http()
                .send(Requests.build(baseUrl(doc, op), prepared, call));
        if (response.status() / 100 != 2) {
            throw Answers.error(op, response, context.clock().instant());
        }
        return Answers.output(op, response, context.blobs());
    }

    /** The operation's repeatability decides the gateway's retry: GET, HEAD, OPTIONS, PUT and DELETE. */
    @Override
    public boolean repeatable(Call call) {
        ApiOperation op = operationOf(call);
        return op != null && op.idempotent() || call.operation().equals(OpenApiConnector.OPERATIONS);
    }

    @Override
    public boolean cacheable(Call call) {
        ApiOperation op = operationOf(call);
        return op != null && op.safe() || call.operation().equals(OpenApiConnector.OPERATIONS);
    }

    private ApiOperation operationOf(Call call) {
        try {
            if (!call.operation().equals(CallInput.OPERATION)) {
                return own().get(call.operation());
            }
            return CallInput.operation(document(), call.input());
        } catch (ConnectorException e) {
            return null; // the call itself will say what is wrong
        }
    }

    /** The system's document, read once; a failed read is tried again by the next call. */
    OpenApiDocument document() throws ConnectorException {
        OpenApiDocument doc = document;
        if (doc == null) {
            synchronized (this) {
                doc = document;
                if (doc == null) {
                    doc = read();
                    document = doc;
                }
            }
        }
        return doc;
    }

    private OpenApiDocument read() throws ConnectorException {
        try {
            if (config.document() != null) {
                return OpenApiDocument.of(config.document(), "config.document");
            }
            if (config.documentFile() != null) {
                String text;
                try {
                    text = Files.readString(config.documentFile(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw ConnectorException.permanent("openapi.document", "config.documentFile: cannot read "
                            + config.documentFile() + ": " + e.getMessage(), null, e);
                }
                return OpenApiDocument.parse(text, config.documentFile().toString());
            }
            return fetch();
        } catch (DocumentException e) {
            throw ConnectorException.permanent("openapi.document", "the system's OpenAPI document cannot be"
                    + " read: " + e.getMessage(), null, e);
        }
    }

    private OpenApiDocument fetch() throws ConnectorException, DocumentException {
        String where = HttpTransport.withoutSecrets(config.documentUrl());
        HttpTransport.Request request = HttpTransport.Request.to("GET", config.documentUrl())
                .withHeader("Accept", "application/json, application/yaml;q=0.9, */*;q=0.5")
                .withTimeout(DOCUMENT_TIMEOUT);
        if (!config.documentCredential()) {
            request = request.unauthorized();
        }
        HttpTransport.Response response = context.http().send(request);
        if (response.status() / 100 != 2) {
            String text = "config.documentUrl: " + where + " answered " + response.status()
                    + (response.status() == 401 || response.status() == 403
                            ? " (set config.documentCredential to true if the document needs the system's"
                                    + " credential)"
                            : "");
            throw response.status() >= 500 || response.status() == 429 || response.status() == 408
                    ? ConnectorException.retryable("openapi.document", text, null, null)
                    : ConnectorException.permanent("openapi.document", text, null, null);
        }
        return OpenApiDocument.parse(new String(response.body(), StandardCharsets.UTF_8), where);
    }

    /** Where the operation's requests go: config.baseUrl, else the operation's or the document's server. */
    String baseUrl(OpenApiDocument doc, ApiOperation op) throws ConnectorException {
        if (config.baseUrl() != null) {
            return config.baseUrl();
        }
        String server = op != null && op.server() != null
                ? op.server()
                : doc.servers().isEmpty() ? null : doc.servers().get(0);
        String resolved = server == null ? null : Servers.resolve(server, config.documentUrl());
        if (resolved == null || !resolved.startsWith("http://") && !resolved.startsWith("https://")) {
            throw OpenApiConfig.invalid("baseUrl", "is needed: the document names "
                    + (server == null
                            ? "no server"
                            : "only the server '" + server + "', which is not an http(s)"
                                    + " URL")
                    + "; give the API's root, such as https://api.example.com/v1");
        }
        if (config.documentUrl() != null && !sameOrigin(resolved, config.documentUrl().toString())) {
            // A document fetched from elsewhere must not decide where the system's credential goes.
            throw OpenApiConfig.invalid("baseUrl", "is needed: the document at documentUrl names the server "
                    + HttpTransport.withoutSecrets(URI.create(resolved))
                    + ", on another host than the document;"
                    + " the system's credential goes only where its config says, so give that root as baseUrl");
        }
        return resolved;
    }

    private static boolean sameOrigin(String a, String b) {
        try {
            URI x = URI.create(a);
            URI y = URI.create(b);
            return x.getScheme().equalsIgnoreCase(y.getScheme()) && x.getHost() != null
                    && x.getHost().equalsIgnoreCase(y.getHost()) && port(x) == port(y);
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private JsonNode describe(OpenApiDocument doc) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode out = nodes.objectNode().put("title", doc.title()).put("version", doc.version())
                .put("openapi", doc.specVersion());
        try {
            out.put("baseUrl", HttpTransport.withoutSecrets(URI.create(baseUrl(doc, null))));
        } catch (ConnectorException e) {
            out.putNull("baseUrl");
        }
        ArrayNode schemes = out.putArray("securitySchemes");
        for (SecurityScheme s : doc.securitySchemes()) {
            ObjectNode scheme = schemes.addObject().put("name", s.name()).put("kind", s.kind()).put("how",
                    s.how());
            if (s.credentialType() == null) {
                scheme.putNull("credentialType");
            } else {
                scheme.put("credentialType", s.credentialType().wireName());
            }
        }
        ArrayNode ops = out.putArray("operations");
        for (ApiOperation op : doc.operations()) {
            ops.addObject().put("operationId", op.operationId())
                    .put("operation", operationName(op.operationId()))
                    .put("method", op.method())
                    .put("path", op.path())
                    .put("summary", op.summary()).<ObjectNode>set("input", op.inputSchema())
                    .set("output", op.outputSchema());
        }
        ArrayNode unmapped = out.putArray("unmapped");
        for (Unmapped u : doc.unmapped()) {
            ObjectNode entry = unmapped.addObject();
            if (u.operationId() == null) {
                entry.putNull("operationId");
            } else {
                entry.put("operationId", u.operationId());
            }
            entry.put("method", u.method()).put("path", u.path());
            u.reasons().forEach(entry.putArray("reasons")::add);
        }
        return out;
    }

    /**
     * Reads the document and, when it has a GET operation without parameters (else one without required
     * ones), calls it: the answer says whether the API is there and takes the credential.
     */
    @Override
    public ConnectionTest test() {
        try {
            OpenApiDocument doc = document();
            ApiOperation probe = probe(doc);
            if (probe == null) {
                return ConnectionTest
                        .ok("the document " + doc.source() + " was read (" + doc.operations().size()
                                + " operations); it has no GET operation without required parameters to try");
            }
            Call call = new Call(CallInput.OPERATION, JsonNodeFactory.instance.objectNode()
                    .put("operationId", probe.operationId()), "test", TEST_TIMEOUT, new Cancellation());
            HttpTransport.Response response = context.http().send(Requests.build(baseUrl(doc, probe),
                    inputs.prepare(doc, call.input()), call));
            int status = response.status();
            if (status / 100 == 2) {
                return ConnectionTest.ok(probe.operationId() + " (" + probe.method() + " " + probe.path()
                        + ") answered " + status);
            }
            ConnectorException error = Answers.error(probe, response, context.clock().instant());
            return status == 401 || status == 403 || status >= 500
                    ? ConnectionTest.failed(error.getMessage())
                    : ConnectionTest.ok("the API answers; " + error.getMessage());
        } catch (ConnectorException e) {
            return ConnectionTest.failed(e.getMessage());
        }
    }

    private static ApiOperation probe(OpenApiDocument doc) {
        ApiOperation loose = null;
        for (ApiOperation op : doc.operations()) {
            if (!op.method().equals("GET")) {
                continue;
            }
            if (op.parameters().isEmpty()) {
                return op;
            }
            if (loose == null && op.parameters().stream().noneMatch(ApiOperation.Parameter::required)) {
                loose = op;
            }
        }
        return loose;
    }

    @Override
    public void close() {
        // The transport is the platform's; nothing of this client's own to release.
    }
}
