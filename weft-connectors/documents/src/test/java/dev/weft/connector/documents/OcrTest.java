package dev.weft.connector.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.BlobRef;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import dev.weft.testkit.connector.TestSystem;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Scanned pages transcribed by an llm system's {@code llm.chat}, named in the config's {@code ocr}. */
class OcrTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRANSCRIPT = "INVOICE\nInvoice No:\tSC-9\nDate:\t2026-06-01\nTotal:\t42.00 EUR";

    private static TestSystem withOcr(TranscribingSystem vision, int maxPages) {
        return TestSystem.named("docs").withConfig(JSON.createObjectNode().set("ocr", JSON.createObjectNode()
                .put("system", "vision").put("dpi", 100).put("maxPages", maxPages))).withSystem("vision",
                        vision);
    }

    @Test
    void sendsEachScannedPageAsAnImageToTheOcrSystemAndReadsItsTranscription() throws Exception {
        TranscribingSystem vision = new TranscribingSystem(TRANSCRIPT, null);
        TestSystem system = withOcr(vision, 10);
        byte[] scan = new PdfBuilder().page().scannedImage().page().text(50, 60, "Terms: 30 days net.")
                .bytes();
        BlobRef ref = PdfBuilder.store(system.blobs(), scan);

        JsonNode out = ReadOperationTest.invoke(system, ReadOperation.NAME, ref, "{\"include\": [\"text\"]}");

        assertThat(out.at("/pages/0/text").asText()).isEqualTo(TRANSCRIPT);
        assertThat(out.at("/pages/0/ocr").asBoolean()).isTrue();
        assertThat(out.at("/pages/1/text").asText()).isEqualTo("Terms: 30 days net.");
        assertThat(out.at("/pages/1").has("ocr")).isFalse();
        assertThat(vision.calls).hasSize(1);
        Call chat = vision.calls.get(0);
        assertThat(chat.operation()).isEqualTo("llm.chat");
        assertThat(chat.idempotencyKey()).isEqualTo("read-test/ocr/1");
        JsonNode image = chat.input().at("/messages/1/content/1");
        assertThat(image.path("type").asText()).isEqualTo("image_url");
        String url = image.at("/image_url/url").asText();
        assertThat(url).startsWith("data:image/png;base64,");
        byte[] png = Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1));
        assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    @Test
    void extractsAnInvoiceFromATranscribedScanWithLowerConfidence() throws Exception {
        TestSystem system = withOcr(new TranscribingSystem(TRANSCRIPT, null), 10);
        BlobRef ref = PdfBuilder.store(system.blobs(), new PdfBuilder().page().scannedImage().bytes());

        JsonNode out = ReadOperationTest.invoke(system, InvoiceOperation.NAME, ref, "{}");

        InvoiceExtractionTest.assertRule(out, "number", "SC-9");
        InvoiceExtractionTest.assertRule(out, "issueDate", "2026-06-01");
        InvoiceExtractionTest.assertAmount(out, "total", "42.00");
        InvoiceExtractionTest.assertRule(out, "currency", "EUR");
        assertThat(out.at("/number/confidence").asDouble()).isEqualTo(InvoiceRules.BESIDE
                + InvoiceOperation.TRANSCRIBED);
    }

    @Test
    void aFailedTranscriptionFailsTheCallAsTheModelsCallFailed() {
        TestSystem system = withOcr(
                new TranscribingSystem(null, ConnectorException.retryable("llm.unavailable",
                        "the endpoint answered 503", null, null)),
                10);
        BlobRef ref = PdfBuilder.store(system.blobs(), new PdfBuilder().page().scannedImage().bytes());

        assertThatThrownBy(() -> ReadOperationTest.invoke(system, ReadOperation.NAME, ref, "{}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("documents.ocr_failed");
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("page 1").contains("'vision'").contains("503");
                });
    }

    @Test
    void refusesMoreScannedPagesThanOcrMaxPages() {
        TranscribingSystem vision = new TranscribingSystem(TRANSCRIPT, null);
        TestSystem system = withOcr(vision, 1);
        byte[] scans = new PdfBuilder().page().scannedImage().page().scannedImage().bytes();
        BlobRef ref = PdfBuilder.store(system.blobs(), scans);

        assertThatThrownBy(() -> ReadOperationTest.invoke(system, ReadOperation.NAME, ref, "{}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("documents.too_large");
                    assertThat(e.getMessage()).contains("ocr.maxPages (1)");
                });
        assertThat(vision.calls).isEmpty();
    }
}
