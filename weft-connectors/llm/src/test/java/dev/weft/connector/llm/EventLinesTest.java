package dev.weft.connector.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.connector.ConnectorException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A stream's lines, and the bound that holds before a line is whole. */
class EventLinesTest {

    private static List<String> lines(String stream) throws Exception {
        EventLines lines = new EventLines(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)),
                1_000, "POST /chat/completions");
        List<String> out = new ArrayList<>();
        for (String line = lines.next(); line != null; line = lines.next()) {
            out.add(line);
        }
        return out;
    }

    @Test
    void linesEndAtCrlfLfOrCrAndTheLastNeedsNoBreak() throws Exception {
        assertThat(lines("data: {\"a\": \"é\"}\r\n\r\ndata: b\n\ndata: c\r\rid: 4\ndata: [DONE]"))
                .containsExactly("data: {\"a\": \"é\"}", "", "data: b", "", "data: c", "", "id: 4",
                        "data: [DONE]");
        assertThat(lines("")).isEmpty();
    }

    @Test
    void aLineWithoutEndFailsAtTheBoundWithoutBeingReadWhole() {
        AtomicLong pulled = new AtomicLong();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                pulled.incrementAndGet();
                return 'a';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'a');
                pulled.addAndGet(len);
                return len;
            }
        };
        EventLines lines = new EventLines(endless, 100_000, "POST /chat/completions");

        assertThatThrownBy(lines::next).isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.code()).isEqualTo("llm.too_large");
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("100000 bytes", "maxTokens");
        });
        assertThat(pulled).as("bytes read from the stream").hasValueLessThan(100_000 + 8192 + 1);
    }

    @Test
    void theBoundCountsTheWholeStreamNotOneLine() throws Exception {
        EventLines lines = new EventLines(new ByteArrayInputStream("data: 1\ndata: 2\ndata: 3\n"
                .getBytes(StandardCharsets.UTF_8)), 16, "POST /chat/completions");
        assertThat(lines.next()).isEqualTo("data: 1");
        assertThat(lines.next()).isEqualTo("data: 2");
        assertThatThrownBy(lines::next).isInstanceOfSatisfying(ConnectorException.class,
                e -> assertThat(e.code()).isEqualTo("llm.too_large"));
    }
}
