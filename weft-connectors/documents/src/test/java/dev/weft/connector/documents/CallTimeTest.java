package dev.weft.connector.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.BlobRef;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.SystemClient;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.engine.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * One call, one timeout: the transcriptions and the model's completion share the call's time instead of each
 * taking all of it. The systems a call calls move the test's clock as slow models would take the time.
 */
class CallTimeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(100);
    /** A scan's transcription that leaves fields for the model: no dates, no parties. */
    private static final String INVOICE = "INVOICE\nInvoice No:\tSC-9\nTotal:\t42.00 EUR";
    private final MutableClock clock = new MutableClock();

    private static Object invoke(TestSystem system, String operation, BlobRef ref, String rest)
            throws Exception {
        ObjectNode input = (ObjectNode) JSON.readTree(rest);
        input.set("document", ref.toJson());
        try (SystemClient client = new DocumentsConnector().open(system)) {
            return client.invoke(new Call(operation, input, "timed", TIMEOUT, new Cancellation()));
        }
    }

    @Test
    void eachTranscriptionHasWhatIsLeftAndTheCallStopsAtThePageWhereTimeRanOut() {
        TranscribingSystem vision = new TranscribingSystem("text", null,
                () -> clock.advance(Duration.ofSeconds(40)));
        TestSystem system = TestSystem.named("docs").withClock(clock)
                .withConfig(JSON.createObjectNode().set("ocr", JSON.createObjectNode().put("system", "vision")
                        .put("dpi", 72)))
                .withSystem("vision", vision);
        BlobRef ref = PdfBuilder.store(system.blobs(), new PdfBuilder().page().scannedImage().page()
                .scannedImage().page().scannedImage().page().scannedImage().bytes());

        assertThatThrownBy(() -> invoke(system, ReadOperation.NAME, ref, "{\"include\": [\"text\"]}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("documents.timeout");
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("documents.read used its 100000 ms",
                            "reached page 4 (transcription)", "ocr.maxPages");
                    assertThat(e.details().path("page").asInt()).isEqualTo(4);
                });
        assertThat(vision.calls).extracting(Call::timeout).satisfiesExactly(
                first -> assertThat(first).isBetween(Duration.ofSeconds(90), TIMEOUT),
                second -> assertThat(second).isBetween(Duration.ofSeconds(50), Duration.ofSeconds(60)),
                third -> assertThat(third).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(20)));
    }

    @Test
    void theModelsCompletionHasWhatTheTranscriptionsLeft() throws Exception {
        TranscribingSystem vision = new TranscribingSystem(INVOICE, null,
                () -> clock.advance(Duration.ofSeconds(70)));
        ExtractingSystem llm = new ExtractingSystem(JSON.readTree("{\"issueDate\": \"2026-05-01\"}"), null);
        TestSystem system = TestSystem.named("docs").withClock(clock)
                .withConfig(JSON.createObjectNode()
                        .<ObjectNode>set("ocr",
                                JSON.createObjectNode().put("system", "vision").put("dpi", 72))
                        .set("llm", JSON.createObjectNode().put("system", "ai")))
                .withSystem("vision", vision).withSystem("ai", llm);
        BlobRef ref = PdfBuilder.store(system.blobs(), new PdfBuilder().page().scannedImage().bytes());

        invoke(system, InvoiceOperation.NAME, ref, "{}");

        assertThat(llm.calls).extracting(Call::timeout).singleElement()
                .satisfies(
                        left -> assertThat(left).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(30)));
    }

    @Test
    void noModelIsAskedOnceTheTimeIsUp() {
        TranscribingSystem vision = new TranscribingSystem(INVOICE, null,
                () -> clock.advance(TIMEOUT));
        ExtractingSystem llm = new ExtractingSystem(JSON.createObjectNode(), null);
        TestSystem system = TestSystem.named("docs").withClock(clock)
                .withConfig(JSON.createObjectNode()
                        .<ObjectNode>set("ocr",
                                JSON.createObjectNode().put("system", "vision").put("dpi", 72))
                        .set("llm", JSON.createObjectNode().put("system", "ai")))
                .withSystem("vision", vision).withSystem("ai", llm);
        BlobRef ref = PdfBuilder.store(system.blobs(), new PdfBuilder().page().scannedImage().bytes());

        assertThatThrownBy(() -> invoke(system, InvoiceOperation.NAME, ref, "{}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("documents.timeout");
                    assertThat(e.getMessage()).contains("documents.extract_invoice", "page 1");
                });
        assertThat(llm.calls).isEmpty();
    }
}
