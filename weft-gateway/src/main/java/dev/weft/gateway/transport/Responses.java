package dev.weft.gateway.transport;

import dev.weft.connector.HttpTransport;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.InputStreamRequestContent;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.ByteBufferPool;

/** Jetty's responses and request bodies as the SDK's {@link HttpTransport} types. */
final class Responses {
    /** The buffers a streamed request body is read into: 64 KiB each, from the client's pool. */
    private static final int BODY_BUFFER_BYTES = 64 * 1024;

    private Responses() {
    }

    static HttpTransport.Response buffered(ContentResponse response) {
        return new Buffered(response.getStatus(), headers(response.getHeaders()), response.getContent());
    }

    static HttpTransport.Response streamed(Request request, Response response, InputStream body) {
        return new Streamed(request, response.getStatus(), headers(response.getHeaders()), body);
    }

    /** A streamed request body whose length is known: sent with Content-Length, not chunked. */
    static InputStreamRequestContent sized(String contentType, InputStream in, long length,
            ByteBufferPool pool) {
        return new SizedContent(contentType, in, length, new ByteBufferPool.Sized(pool, false,
                BODY_BUFFER_BYTES));
    }

    private static List<Map.Entry<String, String>> headers(HttpFields fields) {
        List<Map.Entry<String, String>> list = new ArrayList<>(fields.size());
        for (HttpField f : fields) {
            list.add(Map.entry(f.getName().toLowerCase(Locale.ROOT), f.getValue()));
        }
        return List.copyOf(list);
    }

    private record Buffered(int status, List<Map.Entry<String, String>> headers, byte[] content)
            implements
                HttpTransport.Response {
        @Override
        public byte[] body() {
            return content == null ? new byte[0] : content;
        }

        @Override
        public InputStream stream() {
            throw new IllegalStateException("this response was buffered: read body(), or send the request"
                    + " streamed()");
        }

        @Override
        public void close() {
        }
    }

    private record Streamed(Request request, int status, List<Map.Entry<String, String>> headers,
            InputStream stream) implements HttpTransport.Response {
        @Override
        public byte[] body() {
            throw new IllegalStateException("this response is streamed: read stream()");
        }

        @Override
        public void close() {
            // A body not read to its end is not wanted: its connection is not reused. An exchange that
            // completed ignores the abort.
            request.abort(new IOException("the rest of the response body is not read"));
            try {
                stream.close();
            } catch (IOException ignored) {
                // the exchange already failed; nothing is left to release
            }
        }
    }

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
