package dev.weft.connector.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.BlobRef;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.connector.HttpTransport;
import dev.weft.connector.Inputs;
import dev.weft.connector.SystemContext;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * {@code http.request} with the blob store: a request body streamed from a blob ({@code bodyBlob}), and a
 * response body streamed into one ({@code response: blob}), never held in memory whole. The request is
 * built, authorized and guarded as every other (through the platform's transport, which opens the blob
 * again when it sends the request once more with a renewed credential); only the bodies differ.
 * Thread-safe.
 */
final class BlobTransfer {
    /** The input fields this class reads; {@link #involved} when either is set. */
    static final String BODY_BLOB = "bodyBlob";
    static final String RESPONSE = "response";
    private static final String RESPONSE_BLOB = "blob";
    private static final Inputs INPUT = Inputs.ofOperation("http.request");

    private final SystemContext context;
    private final HttpSystemClient client;

    BlobTransfer(SystemContext context, HttpSystemClient client) {
        this.context = context;
        this.client = client;
    }

    /** Whether the call's input asks for a blob body or a blob response. */
    static boolean involved(JsonNode input) {
        return input.hasNonNull(BODY_BLOB) || input.hasNonNull(RESPONSE);
    }

    /** Sends the request of {@code input}, with the bodies its blob fields ask for. */
    JsonNode exchange(RequestInput input, Call call, Duration timeout, String target)
            throws ConnectorException {
        BlobRef bodyBlob = bodyBlob(call.input(), input);
        boolean responseBlob = responseBlob(call.input());
        HttpTransport.Request request = HttpSystemClient.request(input, call.idempotencyKey(), call.trace(),
                timeout, call.cancellation());
        if (bodyBlob != null) {
            // What an HMAC signature would cover is nothing: a system with an HMAC credential cannot send a
            // blob body (see bodyBlob).
            request = request.withBody(new HttpTransport.Body.Streamed(() -> openBlob(bodyBlob),
                    bodyBlob.size(), bodyBlob.contentType()));
        }
        if (!responseBlob) {
            try (HttpTransport.Response response = client.transport().send(request)) {
                return HttpSystemClient.output(target, response);
            }
        }
        try (HttpTransport.Response response = client.transport().send(request.streamed())) {
            return receive(response, target, timeout);
        }
    }

    /** The blob's bytes, opened again for each send. */
    private InputStream openBlob(BlobRef ref) throws IOException {
        try {
            return context.blobs().open(ref);
        } catch (ConnectorException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Streams a 2xx body into the blob store; any other status is the error. */
    private JsonNode receive(HttpTransport.Response response, String target, Duration timeout)
            throws ConnectorException {
        int status = response.status();
        try (InputStream body = response.stream()) {
            if (status / 100 != 2) {
                byte[] start = body.readNBytes(HttpSystemClient.MAX_ERROR_BODY_CHARS * 4);
                throw HttpSystemClient.statusError(target, status, HttpSystemClient.body(response, start),
                        response::header);
            }
            // A declared length over the limit is refused before a byte is read.
            String length = response.header("Content-Length");
            context.blobs().checkSize(length == null ? -1 : parseLength(length));
            BlobRef ref = context.blobs().put(body, response.header("Content-Type"));
            ObjectNode output = JsonNodeFactory.instance.objectNode();
            output.put("status", status);
            output.set("headers", HttpSystemClient.headers(response));
            output.set("body", ref.toJson());
            return output;
        } catch (IOException e) {
            throw failed(target, timeout, e);
        }
    }

    private static long parseLength(String length) {
        try {
            return Long.parseLong(length.strip());
        } catch (NumberFormatException unreadable) {
            return -1;
        }
    }

    /** A failure while the body was read (the exchange's timeout, a cancellation, a broken connection). */
    private static ConnectorException failed(String target, Duration timeout, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return ConnectorException.retryable("http.timeout", target + " timed out after "
                        + timeout.toMillis() + " ms", null, failure);
            }
            if (t instanceof java.util.concurrent.CancellationException) {
                return ConnectorException.retryable("http.cancelled", target + " was cancelled: "
                        + t.getMessage(), null, failure);
            }
        }
        return ConnectorException.retryable("http.io", target + " failed: " + failure, null, failure);
    }

    private BlobRef bodyBlob(JsonNode json, RequestInput input) throws ConnectorException {
        JsonNode value = json.get(BODY_BLOB);
        if (value == null || value.isNull()) {
            return null;
        }
        if (input.body().present()) {
            throw INPUT.invalid(BODY_BLOB, "cannot be given with 'body', 'form' or 'multipart': send the body"
                    + " in one of those, or the bytes of a blob in 'bodyBlob'");
        }
        if (context.credential().orElse(null) instanceof Credential.Hmac) {
            throw INPUT.invalid(BODY_BLOB, "cannot be sent by a system with an HMAC credential: the"
                    + " signature covers the body's bytes, and a blob is streamed, not held in memory; send"
                    + " the body in 'body', or use another credential type");
        }
        try {
            return BlobRef.fromJson(value);
        } catch (IllegalArgumentException e) {
            throw INPUT.invalid(BODY_BLOB, "is not a blob reference: " + e.getMessage()
                    + " (pass on the 'body' of a step with response: blob, or an upload's answer)");
        }
    }

    private static boolean responseBlob(JsonNode json) throws ConnectorException {
        JsonNode value = json.get(RESPONSE);
        if (value == null || value.isNull() || value.isTextual() && value.textValue().equals("auto")) {
            return false;
        }
        if (value.isTextual() && value.textValue().equals(RESPONSE_BLOB)) {
            return true;
        }
        throw INPUT.invalid(RESPONSE, "must be \"auto\" (JSON or text) or \"blob\" (the body goes to"
                + " the blob store), but was " + value);
    }
}
