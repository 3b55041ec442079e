package dev.weft.connector.llm;

import dev.weft.connector.ConnectorException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The lines of a server-sent event stream (ended by CRLF, LF or CR), read from its bytes under one bound on
 * all of them together: a line is counted as it arrives, not after it was held whole, so a stream without line
 * breaks fails at the bound instead of filling the memory. Not thread-safe.
 */
final class EventLines {
    private final InputStream in;
    private final long maxBytes;
    private final String what;
    private final byte[] buffer = new byte[8192];
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private int next;
    private int end;
    private long read;
    private boolean afterCr;

    /**
     * @param maxBytes the most bytes of the whole stream, line breaks included
     * @param what the request, for messages: {@code POST /chat/completions}
     */
    EventLines(InputStream in, long maxBytes, String what) {
        this.in = in;
        this.maxBytes = maxBytes;
        this.what = what;
    }

    /**
     * The next line without its break, or null at the stream's end.
     *
     * @throws ConnectorException {@code llm.too_large} once the stream passes {@code maxBytes}
     */
    String next() throws IOException, ConnectorException {
        line.reset();
        while (true) {
            if (next == end) {
                end = in.read(buffer);
                next = 0;
                if (end < 0) {
                    end = 0;
                    return line.size() == 0 ? null : text();
                }
            }
            int from = next;
            while (next < end) {
                byte b = buffer[next];
                if (b == '\n' && afterCr) {
                    // the LF of a CRLF whose CR ended the last line
                    afterCr = false;
                    from = ++next;
                    count(1);
                    continue;
                }
                afterCr = false;
                if (b == '\n' || b == '\r') {
                    afterCr = b == '\r';
                    count(next - from + 1);
                    line.write(buffer, from, next - from);
                    next++;
                    return text();
                }
                next++;
            }
            count(next - from);
            line.write(buffer, from, next - from);
        }
    }

    private void count(int bytes) throws ConnectorException {
        read += bytes;
        if (read > maxBytes) {
            throw ConnectorException.permanent("llm.too_large", what + ": the event stream passed " + maxBytes
                    + " bytes; lower maxTokens", null, null);
        }
    }

    private String text() {
        return line.toString(StandardCharsets.UTF_8);
    }
}
