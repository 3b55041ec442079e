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

    OpenApiClient(SystemContext context, OpenApiConfig config) {
        this.context = context;
        this.config = config;
    }

    @Override
    public JsonNode invoke(Call call) throws ConnectorException {
        return switch (call.operation()) {
            case CallInput.OPERATION -> call(call);
            case OpenApiConnector.OPERATIONS -> describe(document());
            default ->
                throw ConnectorException.permanent("openapi.unknown_operation", "the openapi connector has"
                        + " no operation " + call.operation() + "; it has " + CallInput.OPERATION + " and "
                        + OpenApiConnector.OPERATIONS, null, null);
        };
    }

    private JsonNode call(Call call) throws ConnectorException {
        OpenApiDocument doc = document();
        CallInput.Prepared prepared = inputs.prepare(doc, call.input());
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
        if (!call.operation().equals(CallInput.OPERATION)) {
            return null;
        }
        try {
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
            ops.addObject().put("operationId", op.operationId()).put("method", op.method())
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
