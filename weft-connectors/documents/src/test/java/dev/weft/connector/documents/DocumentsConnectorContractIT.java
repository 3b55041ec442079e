package dev.weft.connector.documents;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Blobs;
import dev.weft.connector.Call;
import dev.weft.connector.Connector;
import dev.weft.testkit.blob.TestBlobs;
import dev.weft.testkit.connector.ConnectorContract;
import dev.weft.testkit.connector.TestSystem;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;

/**
 * The connector contract on PDFs the test writes into a real blob store, with an llm system answering
 * {@code llm.extract} for the fields a sparse invoice lacks. The connector has no server of its own: its
 * target is the tenant's blob store.
 */
class DocumentsConnectorContractIT extends ConnectorContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Blobs blobs;
    private static String invoice;
    private static String sparse;
    private static String scan;
    private static String csv;

    @BeforeAll
    static void store() throws Exception {
        blobs = TestBlobs.in(Files.createTempDirectory("weft-documents-contract"));
        invoice = PdfBuilder.store(blobs, SampleInvoices.twoPagesInEuros()).toJson().toString();
        sparse = PdfBuilder.store(blobs, SampleInvoices.sparse()).toJson().toString();
        scan = PdfBuilder.store(blobs, new PdfBuilder().page().scannedImage().bytes()).toJson().toString();
        csv = blobs.put(new ByteArrayInputStream("a,b\n".getBytes(StandardCharsets.UTF_8)), "text/csv")
                .toJson()
                .toString();
    }

    @Override
    protected Connector connector() {
        return new DocumentsConnector();
    }

    @Override
    protected TestSystem system() {
        var answer = JSON.createObjectNode().put("issueDate", "2026-05-01");
        answer.putObject("supplier").put("name", "Kite Labs");
        return TestSystem.named("documents-contract").withBlobs(blobs)
                .withConfig(JSON.createObjectNode().put("maxPages", 10).set("llm", JSON.createObjectNode()
                        .put("system", "ai")))
                .withSystem("ai", new ExtractingSystem(answer, null));
    }

    @Override
    protected List<Call> succeedingCalls() {
        return List.of(
                call("documents.read", "{\"document\": " + invoice + "}"),
                call("documents.read",
                        "{\"document\": " + invoice + ", \"pages\": \"2\", \"include\": [\"tables\"]}"),
                call("documents.extract_invoice",
                        "{\"document\": " + invoice + ", \"hints\": {\"locale\": \"de-DE\"}}"),
                call("documents.extract_invoice", "{\"document\": " + sparse + "}"));
    }

    @Override
    protected List<Call> failingCalls() {
        return List.of(
                call("documents.read", "{}"),
                call("documents.read", "{\"document\": " + csv + "}"),
                call("documents.read", "{\"document\": " + scan + "}"),
                call("documents.read", "{\"document\": " + invoice + ", \"include\": [\"images\"]}"),
                call("documents.extract_invoice", "{\"document\": " + scan + "}"),
                call("documents.extract_invoice",
                        "{\"document\": " + invoice + ", \"hints\": {\"currency\": \"euro\"}}"),
                call("documents.extract_invoice", "{\"document\": {\"$blob\": \"sha256:"
                        + "0".repeat(64) + "\", \"size\": 10}}"));
    }
}
