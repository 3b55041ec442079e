package dev.weft.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * One HTTP request and its response, as handlers see it: path parameters, query, headers, a body read
 * with a size limit, and JSON answers. Used by one thread at a time.
 */
public final class Exchange {
    public static final ObjectMapper JSON = new ObjectMapper();

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final Map<String, String> pathParams;
    private final long maxBodyBytes;
    /** How much of a body over its limit is read and dropped before the 413, rather than cut off. */
    static final long DRAINED_BEYOND_LIMIT = 1 << 20;
    /** Where the limit comes from, for the 413's message. */
    private final String limitSource;
    private Map<String, List<String>> query;
    private boolean answered;
    private int status;
    private boolean bodyTaken;
    /** A refused request's unread body up to this size is read and dropped, so that its connection is kept. */
    private static final long DRAIN_LIMIT = 1024 * 1024;
    /** Set by authentication: who the caller is. */
    private dev.weft.server.access.Principal principal;
    /** The namespaces where the principal holds the route's permission; empty for all it reaches. */
    private java.util.Set<String> reach;
    /** The permission the route needs; null on an open route. */
    private dev.weft.server.access.Permission permission;

    Exchange(Request request, Response response, Callback callback, Map<String, String> pathParams,
            long maxBodyBytes, String limitSource) {
        this.limitSource = limitSource;
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.pathParams = pathParams;
        this.maxBodyBytes = maxBodyBytes;
    }

    public String method() {
        return request.getMethod();
    }

    public String path() {
        return request.getHttpURI().getPath();
    }

    /** The absolute URL the request arrived at: scheme, host, port when not the default, path and query. */
    public String url() {
        return request.getHttpURI().asString();
    }

    /** A path parameter of the matched route, such as {@code id} in {@code /executions/{id}}. */
    public String param(String name) {
        return pathParams.get(name);
    }

    public String header(String name) {
        return request.getHeaders().get(name);
    }

    /** Every header, names in lower case, repeated headers joined with {@code ", "}. */
    public Map<String, String> headers() {
        Map<String, String> all = new LinkedHashMap<>();
        for (HttpField f : request.getHeaders()) {
            all.merge(f.getLowerCaseName(), f.getValue(), (a, b) -> a + ", " + b);
        }
        return all;
    }

    /** Query parameters by name, in order. */
    public Map<String, List<String>> query() {
        if (query == null) {
            query = new LinkedHashMap<>();
            Fields fields = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
            for (Fields.Field f : fields) {
                query.put(f.getName(), f.getValues());
            }
        }
        return query;
    }

    public String queryParam(String name) {
        List<String> values = query().get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /**
     * The caller of the client for this request: its key's tenant, the key, and the namespaces where it holds
     * the permission the operation needs.
     */
    public dev.weft.engine.Caller caller() {
        return reach == null ? principal.caller() : principal.caller(reach);
    }

    /** The tenant the authenticated caller acts in. */
    public String tenant() {
        return principal.tenant();
    }

    /** Who the authenticated caller is; null on an open route. */
    public dev.weft.server.access.Principal principal() {
        return principal;
    }

    void principal(dev.weft.server.access.Principal principal, java.util.Set<String> reach,
            dev.weft.server.access.Permission permission) {
        this.principal = principal;
        this.reach = reach;
        this.permission = permission;
    }

    /**
     * Whether the caller may read the flows and executions of {@code namespace} (with {@code read}) though
     * its roles there do not grant this operation's permission: then the operation answers 403, which says
     * so, rather than 404; an object the caller cannot even read stays absent.
     */
    public boolean readsButMayNotAct(String namespace, dev.weft.server.access.Permission read) {
        return principal != null && permission != null
                && !principal.permissionsIn(namespace).contains(permission)
                && principal.permissionsIn(namespace).contains(read);
    }

    /** The 403 for {@link #readsButMayNotAct}. */
    public ApiException notGrantedIn(String namespace) {
        return new ApiException(403, "forbidden", "role '" + principal.role().name() + "'"
                + (principal.namespaceRoles().containsKey(namespace)
                        ? " and role '" + principal.namespaceRoles().get(namespace).name() + "' in namespace "
                                + namespace
                        : "")
                + " do not grant " + permission + " in namespace " + namespace
                + "; ask an administrator for a role there that does");
    }

    /** Adds a response header (another {@code Set-Cookie}, say) to those the answer sends. */
    public void addHeader(String name, String value) {
        response.getHeaders().add(name, value);
    }

    /** Whether the request came over TLS (cookies are then {@code Secure}). */
    public boolean secure() {
        return request.isSecure();
    }

    /** The client's address. */
    public String clientAddress() {
        return Request.getRemoteAddr(request);
    }

    /** The declared body length, or -1 when the client did not declare one (chunked). */
    public long declaredLength() {
        return request.getLength();
    }

    /**
     * The whole body; a body over the limit is refused with 413 before it is read whole (by its declared
     * length when given, else as soon as the limit is passed).
     */
    public byte[] body() {
        bodyTaken = true;
        long declared = request.getLength();
        if (declared > maxBodyBytes) {
            if (declared <= maxBodyBytes + DRAINED_BEYOND_LIMIT) {
                // Read and dropped, so that the connection is not reset under a client still sending: it
                // would see the reset, not the 413. A larger body is cut off with the connection.
                try {
                    Content.Source.consumeAll(request);
                } catch (IOException ignored) {
                    // the 413 is the answer either way
                }
            }
            throw tooLarge();
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (bytes.length > maxBodyBytes) {
                throw tooLarge();
            }
            return bytes;
        } catch (IOException e) {
            throw new ApiException(400, "body.unreadable",
                    "the request body could not be read: " + e.getMessage());
        }
    }

    private ApiException tooLarge() {
        return new ApiException(413, "body.too_large", "the request body is larger than the limit of "
                + maxBodyBytes + " bytes (" + limitSource + ")");
    }

    /**
     * The body as a stream, read as it arrives and not limited by {@code server.maxBodyBytes}: for routes
     * that apply a limit of their own while they read (blob uploads). The caller closes it.
     */
    public InputStream bodyStream() {
        bodyTaken = true;
        return Content.Source.asInputStream(request);
    }

    /** The body as JSON; an empty body is null. */
    public JsonNode jsonBody() {
        byte[] bytes = body();
        if (bytes.length == 0) {
            return null;
        }
        try {
            return StrictJson.read(bytes);
        } catch (StrictJson.InvalidJsonException e) {
            throw ApiException.badRequest("body.invalid_json", "the request body is not valid JSON: "
                    + e.getMessage());
        }
    }

    /** The media type of the body, without parameters, lower case; null when absent. */
    public String contentType() {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type == null) {
            return null;
        }
        int semi = type.indexOf(';');
        return (semi < 0 ? type : type.substring(0, semi)).trim().toLowerCase(java.util.Locale.ROOT);
    }

    public void json(int status, JsonNode body) {
        try {
            send(status, "application/json", JSON.writeValueAsBytes(body), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    public void send(int status, String contentType, byte[] body, Map<String, String> headers) {
        answered = true;
        this.status = status;
        response.setStatus(status);
        headers.forEach((name, value) -> response.getHeaders().put(name, value));
        if (contentType != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        Callback.Completable done = new Callback.Completable();
        response.write(true, ByteBuffer.wrap(body), done);
        try {
            done.get();
            callback.succeeded();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.failed(e);
        } catch (ExecutionException e) {
            callback.failed(e.getCause());
        }
    }

    /**
     * Answers with {@code length} bytes read from {@code content} as they are sent, never all in memory.
     * If reading fails half-way, the connection is aborted (the client sees a short body) and the failure
     * is thrown for the server to log.
     */
    public void stream(int status, String contentType, long length, InputStream content,
            Map<String, String> headers) {
        answered = true;
        this.status = status;
        response.setStatus(status);
        headers.forEach((name, value) -> response.getHeaders().put(name, value));
        if (contentType != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            content.transferTo(out);
        } catch (IOException e) {
            callback.failed(e);
            throw new java.io.UncheckedIOException("sending " + length + " bytes failed half-way", e);
        }
        callback.succeeded();
    }

    /** Writes a streamed body as it is produced. */
    @FunctionalInterface
    public interface StreamWriter {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Answers 200 with a body of unknown length that {@code writer} writes piece by piece, each piece sent as
     * it is written (Server-Sent Events). A client that went away ends it: its write fails, and the failure is
     * the exchange's end, not an error to report.
     */
    public void openStream(String contentType, Map<String, String> headers, StreamWriter writer) {
        answered = true;
        this.status = 200;
        response.setStatus(200);
        headers.forEach((name, value) -> response.getHeaders().put(name, value));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        OutputStream out = Content.Sink.asOutputStream(response);
        try {
            writer.write(out);
            out.close();
        } catch (IOException e) {
            callback.failed(e);
            return;
        } catch (RuntimeException | Error e) {
            // The answer has begun: the client sees it cut off; the server logs the failure.
            callback.failed(e);
            throw e;
        }
        callback.succeeded();
    }

    public void error(ApiException e) {
        keepConnectionUsable();
        ObjectNode body = JSON.createObjectNode();
        body.put("error", e.code());
        body.put("message", e.getMessage());
        body.putArray("details").addAll(e.details());
        json(e.status(), body);
    }

    /**
     * Before answering a request whose body was never read (refused before the handler read it): reads and
     * drops a small body, so that the client may send its next request on the same connection; a large or
     * unknown-length one closes the connection instead, saying so.
     */
    private void keepConnectionUsable() {
        if (bodyTaken) {
            return;
        }
        bodyTaken = true;
        long declared = request.getLength();
        if (declared == 0) {
            return;
        }
        if (declared > 0 && declared <= DRAIN_LIMIT) {
            try (InputStream in = Content.Source.asInputStream(request)) {
                in.skip(declared);
                while (in.read() >= 0) {
                    in.skip(DRAIN_LIMIT);
                }
                return;
            } catch (IOException ignored) {
                // The connection is going anyway.
            }
        }
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }

    boolean answered() {
        return answered;
    }

    /** The status answered; 0 before the answer. */
    int status() {
        return status;
    }

    Callback callback() {
        return callback;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
