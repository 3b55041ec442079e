package dev.weft.connector.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Authorization;
import dev.weft.connector.BlobRef;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.connector.Inputs;
import dev.weft.connector.SystemContext;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.InputStreamRequestContent;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ByteBufferPool;

/**
 * {@code http.request} with the blob store: a request body streamed from a blob ({@code bodyBlob}), and a
 * response body streamed into one ({@code response: blob}), never held in memory whole. The request is
 * built, authorized and guarded as every other ({@link HttpSystemClient}); only the bodies differ.
 * Thread-safe.
 */
final class BlobTransfer {
    /** The input fields this class reads; {@link #involved} when either is set. */
    static final String BODY_BLOB = "bodyBlob";
    static final String RESPONSE = "response";
    private static final String RESPONSE_BLOB = "blob";
    private static final long TIMEOUT_GUARD_MILLIS = 1_000;
    private static final Inputs INPUT = Inputs.ofOperation("http.request");
    /**
     * What an HMAC signature would cover: nothing, since a blob body is streamed rather than held (a system
     * with an HMAC credential cannot send one, see {@link #bodyBlob}), and a blob response has no body to
     * sign.
     */
    private static final byte[] UNSIGNED = new byte[0];

    /** The buffers a streamed request body is read into: 64 KiB each, from the client's pool. */
    private static final int BODY_BUFFER_BYTES = 64 * 1024;

    private final SystemContext context;
    private final HttpSystemClient client;
    private final ByteBufferPool.Sized buffers;

    BlobTransfer(SystemContext context, HttpSystemClient client, ByteBufferPool pool) {
        this.context = context;
        this.client = client;
        this.buffers = new ByteBufferPool.Sized(pool, false, BODY_BUFFER_BYTES);
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
        Authorization authorization = context.auth().authorize(input.method(), input.uri(), UNSIGNED);
        JsonNode output = attempt(input, call, timeout, target, bodyBlob, responseBlob, authorization, true);
        if (output == null) {
            // A 401 with a renewable credential (an OAuth 2.0 token the target no longer accepts): once more.
            authorization = context.auth().authorize(input.method(), input.uri(), UNSIGNED);
            output = attempt(input, call, timeout, target, bodyBlob, responseBlob, authorization, false);
        }
        return output;
    }

    /** One request; null only when {@code mayRenew} and a 401 renewed the credential: send it again. */
    private JsonNode attempt(RequestInput input, Call call, Duration timeout, String target, BlobRef bodyBlob,
            boolean responseBlob, Authorization authorization, boolean mayRenew) throws ConnectorException {
        Request request = client.request(input, call.idempotencyKey(), call.trace(), timeout, authorization);
        InputStream blobBody = null;
        try {
            if (bodyBlob != null) {
                blobBody = context.blobs().open(bodyBlob); // opened again for a second attempt
                String type = input.header("Content-Type");
                request.body(new SizedContent(type != null ? type : bodyBlob.contentType(), blobBody,
                        bodyBlob.size(), buffers));
            }
            if (responseBlob) {
                return receive(request, target, timeout, call, mayRenew, authorization);
            }
            ContentResponse response = client.send(request, target, timeout, call.cancellation(),
                    HttpSystemClient.UNBOUNDED);
            if (mayRenew && renewed(response.getStatus(), authorization)) {
                return null;
            }
            return HttpSystemClient.output(target, response);
        } finally {
            closeQuietly(blobBody);
        }
    }

    private boolean renewed(int status, Authorization used) throws ConnectorException {
        return status == 401 && used != Authorization.NONE && context.auth().renew(used);
    }

    /** Sends {@code request} and streams a 2xx body into the blob store; any other status is the error. */
    private JsonNode receive(Request request, String target, Duration timeout, Call call, boolean mayRenew,
            Authorization authorization) throws ConnectorException {
        InputStreamResponseListener listener = new InputStreamResponseListener();
        call.cancellation().onCancel(() -> request.abort(new java.util.concurrent.CancellationException(
                call.cancellation().reason())));
        request.send(listener);
        Response response;
        try {
            // The request's own timeout (set by HttpSystemClient.request) covers the body too.
            response = listener.get(timeout.toMillis() + TIMEOUT_GUARD_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            request.abort(e);
            throw HttpSystemClient.timedOut(target, timeout, e);
        } catch (ExecutionException e) {
            throw failed(target, timeout, e.getCause() == null ? e : e.getCause());
        } catch (InterruptedException e) {
            request.abort(e);
            Thread.currentThread().interrupt();
            throw ConnectorException.retryable("http.interrupted", target + " was interrupted", null, e);
        }
        int status = response.getStatus();
        try (InputStream body = listener.getInputStream()) {
            if (status / 100 != 2) {
                if (mayRenew && renewed(status, authorization)) {
                    request.abort(new IOException("sent again with a renewed credential"));
                    return null;
                }
                byte[] start = body.readNBytes(HttpSystemClient.MAX_ERROR_BODY_CHARS * 4);
                request.abort(new IOException("the rest of an error body is not read"));
                throw HttpSystemClient.statusError(target, status,
                        HttpSystemClient.body(response.getHeaders(), start));
            }
            // A declared length over the limit is refused before a byte is read.
            context.blobs().checkSize(response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH));
            BlobRef ref = context.blobs().put(body, response.getHeaders().get(HttpHeader.CONTENT_TYPE));
            ObjectNode output = JsonNodeFactory.instance.objectNode();
            output.put("status", status);
            output.set("headers", HttpSystemClient.headers(response.getHeaders()));
            output.set("body", ref.toJson());
            return output;
        } catch (IOException e) {
            throw failed(target, timeout, e);
        } catch (ConnectorException e) {
            // The blob store refused (too large, failed): the rest of the body is not wanted.
            request.abort(e);
            throw e;
        }
    }

    private static ConnectorException failed(String target, Duration timeout, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return HttpSystemClient.timedOut(target, timeout, failure);
            }
            if (t instanceof GuardedResolver.Refused refused) {
                return ConnectorException.permanent("egress.refused", refused.getMessage(), null, null);
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

    private static void closeQuietly(InputStream in) {
        if (in == null) {
            return;
        }
        try {
            in.close();
        } catch (IOException ignored) {
            // the request is over; a blob reader holds nothing that outlives it
        }
    }

    /** A streamed request body whose length is known: sent with Content-Length, not chunked. */
    private static final class SizedContent extends InputStreamRequestContent {
        private final long length;

        SizedContent(String contentType, InputStream in, long length, ByteBufferPool.Sized buffers) {
            super(contentType, in, buffers);
            this.length = length;
        }

        @Override
        public long getLength() {
            return length;
        }
    }
}
