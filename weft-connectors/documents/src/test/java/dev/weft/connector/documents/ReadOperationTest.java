package dev.weft.connector.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.BlobRef;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.SystemClient;
import dev.weft.testkit.connector.TestSystem;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

class ReadOperationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestSystem system = TestSystem.named("docs");

    private static byte[] report() {
        Calendar created = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
        created.clear();
        created.set(2026, Calendar.MARCH, 14, 9, 30, 0);
        return new PdfBuilder().page()
                .text(50, 60, 16, "Quarterly stock report")
                .text(50, 90, "Counted on the last day of the quarter.")
                .grid(120, new float[]{50, 250, 350}, 20,
                        new String[]{"Article", "Count"},
                        new String[]{"Bolts M8", "1,200"},
                        new String[]{"Nuts M8", "950"})
                .page().text(50, 60, "Second page: signatures.")
                .info("Stock report Q1", "Warehouse team", "Inventory", "Weft tests", created)
                .bytes();
    }

    @Test
    void readsTextByPageTheTablesAndTheMetadata() throws Exception {
        JsonNode out = read(report(), "{}");

        assertThat(out.at("/pages")).hasSize(2);
        assertThat(out.at("/pages/0/number").asInt()).isEqualTo(1);
        assertThat(out.at("/pages/0/text").asText()).contains("Quarterly stock report")
                .contains("Counted on the last day of the quarter.").contains("Bolts M8");
        assertThat(out.at("/pages/1/text").asText()).isEqualTo("Second page: signatures.");
        assertThat(out.at("/tables")).hasSize(1);
        assertThat(out.at("/tables/0/page").asInt()).isEqualTo(1);
        assertThat(out.at("/tables/0/header").toString()).isEqualTo("[\"Article\",\"Count\"]");
        assertThat(out.at("/tables/0/rows").toString())
                .isEqualTo("[[\"Bolts M8\",\"1,200\"],[\"Nuts M8\",\"950\"]]");
        JsonNode m = out.at("/metadata");
        assertThat(m.path("title").asText()).isEqualTo("Stock report Q1");
        assertThat(m.path("author").asText()).isEqualTo("Warehouse team");
        assertThat(m.path("subject").asText()).isEqualTo("Inventory");
        assertThat(m.path("producer").asText()).isEqualTo("Weft tests");
        assertThat(m.path("created").asText()).isEqualTo("2026-03-14T09:30:00Z");
        assertThat(m.path("modified").isNull()).isTrue();
        assertThat(m.path("pageCount").asInt()).isEqualTo(2);
        assertThat(m.path("encrypted").asBoolean()).isFalse();
    }

    @Test
    void readsOnlyThePagesAndPartsAskedFor() throws Exception {
        JsonNode out = read(report(), "{\"pages\": \"2-\", \"include\": [\"text\"]}");

        assertThat(out.at("/pages")).hasSize(1);
        assertThat(out.at("/pages/0/number").asInt()).isEqualTo(2);
        assertThat(out.has("tables")).isFalse();
        assertThat(out.has("metadata")).isFalse();
    }

    @Test
    void readsAFileEncryptedForItsOwnerOnlyAndSaysItIsEncrypted() throws Exception {
        byte[] pdf = new PdfBuilder().page().text(50, 60, "Restricted copy").encrypt("owner-secret", "")
                .bytes();

        JsonNode out = read(pdf, "{}");

        assertThat(out.at("/pages/0/text").asText()).isEqualTo("Restricted copy");
        assertThat(out.at("/metadata/encrypted").asBoolean()).isTrue();
    }

    @Test
    void refusesAFileThatNeedsAPasswordNamingTheFix() {
        byte[] pdf = new PdfBuilder().page().text(50, 60, "Secret").encrypt("owner-secret", "user-secret")
                .bytes();

        assertThatThrownBy(() -> read(pdf, "{}")).isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.code()).isEqualTo("documents.encrypted");
            assertThat(e.getMessage()).contains("remove the password");
            assertThat(e.retryable()).isFalse();
        });
    }

    @Test
    void refusesAFileThatIsNotAPdf() throws Exception {
        BlobRef ref = system.blobs().put(new ByteArrayInputStream("id,total\n7,12.50\n".getBytes(
                StandardCharsets.UTF_8)), "text/csv");

        assertThatThrownBy(() -> invoke(system, ReadOperation.NAME, ref, "{}")).isInstanceOfSatisfying(
                ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("documents.not_pdf");
                    assertThat(e.getMessage()).contains("\"id,total\"").contains("text/csv")
                            .contains("%PDF-");
                });
    }

    @Test
    void refusesAFileLargerThanTheConfiguredLimit() {
        TestSystem small = system.withConfig(JSON.createObjectNode().put("maxBytes", 100));
        BlobRef ref = PdfBuilder.store(small.blobs(), report());

        assertThatThrownBy(() -> invoke(small, ReadOperation.NAME, ref, "{}")).isInstanceOfSatisfying(
                ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("documents.too_large");
                    assertThat(e.getMessage()).contains("maxBytes (100)");
                });
    }

    @Test
    void refusesMorePagesThanTheConfiguredLimitButReadsARangeWithinIt() throws Exception {
        TestSystem onePage = system.withConfig(JSON.createObjectNode().put("maxPages", 1));
        BlobRef ref = PdfBuilder.store(onePage.blobs(), report());

        assertThatThrownBy(() -> invoke(onePage, ReadOperation.NAME, ref, "{}")).isInstanceOfSatisfying(
                ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("documents.too_large");
                    assertThat(e.getMessage()).contains("maxPages (1)").contains("'pages'");
                });
        assertThat(invoke(onePage, ReadOperation.NAME, ref, "{\"pages\": \"1\"}").at("/pages")).hasSize(1);
    }

    @Test
    void refusesAPageRangeOutsideTheDocument() {
        assertThatThrownBy(() -> read(report(), "{\"pages\": \"3-4\"}")).isInstanceOfSatisfying(
                ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("documents.input");
                    assertThat(e.getMessage()).contains("'pages'").contains("has 2 page(s)");
                });
        assertThatThrownBy(() -> read(report(), "{\"pages\": \"one\"}")).isInstanceOfSatisfying(
                ConnectorException.class, e -> assertThat(e.getMessage()).contains("\"1-3,5\""));
    }

    @Test
    void aScanWithoutATextLayerIsRefusedSayingThatOcrIsNotBuiltIn() {
        byte[] scan = new PdfBuilder().page().scannedImage().bytes();

        for (String operation : new String[]{ReadOperation.NAME, InvoiceOperation.NAME}) {
            BlobRef ref = PdfBuilder.store(system.blobs(), scan);
            assertThatThrownBy(() -> invoke(system, operation, ref, "{}")).isInstanceOfSatisfying(
                    ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("documents.no_text");
                        assertThat(e.getMessage()).startsWith("no text layer; OCR is not built in")
                                .contains("ocrmypdf");
                    });
        }
    }

    private JsonNode read(byte[] pdf, String rest) throws Exception {
        return invoke(system, ReadOperation.NAME, PdfBuilder.store(system.blobs(), pdf), rest);
    }

    static JsonNode invoke(TestSystem system, String operation, BlobRef ref, String rest) throws Exception {
        ObjectNode input = (ObjectNode) JSON.readTree(rest);
        input.set("document", ref.toJson());
        try (SystemClient client = new DocumentsConnector().open(system)) {
            return client.invoke(new Call(operation, input, "read-test", Duration.ofSeconds(30),
                    new Cancellation()));
        }
    }
}
