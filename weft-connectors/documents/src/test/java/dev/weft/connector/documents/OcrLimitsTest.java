package dev.weft.connector.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.BlobRef;
import dev.weft.connector.ConnectorException;
import dev.weft.testkit.connector.TestSystem;
import java.nio.ByteBuffer;
import java.util.Base64;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.junit.jupiter.api.Test;

/** A page's size, which the file declares, is held to {@code ocr.maxPixels} before anything is rendered. */
class OcrLimitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** 200 x 200 inches: at 150 dpi, 900 million grey pixels. */
    private static final PDRectangle HUGE = new PDRectangle(14_400, 14_400);

    private static TestSystem withOcr(TranscribingSystem vision, int dpi, long maxPixels) {
        return TestSystem.named("docs").withConfig(JSON.createObjectNode().set("ocr", JSON.createObjectNode()
                .put("system", "vision").put("dpi", dpi).put("maxPixels", maxPixels))).withSystem("vision",
                        vision);
    }

    @Test
    void aPageTooLargeToRenderIsRefusedNamingItBeforeAnyPageIsRendered() throws Exception {
        TranscribingSystem vision = new TranscribingSystem("text", null);
        TestSystem system = withOcr(vision, 150, 40_000_000);
        byte[] pdf = new PdfBuilder().page().scannedImage().page(HUGE).scannedImage().bytes();
        BlobRef ref = PdfBuilder.store(system.blobs(), pdf);

        assertThatThrownBy(() -> ReadOperationTest.invoke(system, ReadOperation.NAME, ref, "{}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("documents.too_large");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("page 2 is 14400 x 14400 pt", "72 dpi",
                            "207360000 pixels", "ocr.maxPixels (40000000)", "'pages'");
                    assertThat(e.details().path("page").asInt()).isEqualTo(2);
                });
        assertThat(vision.calls).as("pages sent to the model: page 1 was not rendered either").isEmpty();
    }

    @Test
    void aPageLargerThanTheBudgetAtTheConfiguredDpiIsRenderedAtALowerOne() throws Exception {
        TranscribingSystem vision = new TranscribingSystem("INVOICE 123", null);
        TestSystem system = withOcr(vision, 150, 1_000_000);
        BlobRef ref = PdfBuilder.store(system.blobs(), new PdfBuilder().page().scannedImage().bytes());

        JsonNode out = ReadOperationTest.invoke(system, ReadOperation.NAME, ref, "{\"include\": [\"text\"]}");

        assertThat(out.at("/pages/0/text").asText()).isEqualTo("INVOICE 123");
        String url = vision.calls.get(0).input().at("/messages/1/content/1/image_url/url").asText();
        ByteBuffer png = ByteBuffer.wrap(Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1)));
        int width = png.getInt(16);
        int height = png.getInt(20);
        assertThat((long) width * height).isLessThanOrEqualTo(1_000_000);
        assertThat(width).as("A4 is 1241 px wide at 150 dpi, 596 at 72").isBetween(596, 1240);
    }

    @Test
    void theDpiIsTheConfiguredOneWhileThePageFitsAndTheMostThatFitsAfter() throws Exception {
        var ocr = new DocumentsConfig.OcrConfig("vision", 300, 10, 40_000_000);
        assertThat(Ocr.dpi(new PDPage(PDRectangle.A4), 1, ocr)).isEqualTo(300);
        // A0 (33.1 x 46.8 in) at 300 dpi would be 139 MP
        int a0 = Ocr.dpi(new PDPage(PDRectangle.A0), 1, ocr);
        assertThat(a0).isBetween(72, 299);
        double inches = PDRectangle.A0.getWidth() / 72.0 * PDRectangle.A0.getHeight() / 72.0;
        assertThat(Math.ceil(PDRectangle.A0.getWidth() * a0 / 72.0)
                * Math.ceil(PDRectangle.A0.getHeight() * a0 / 72.0)).isLessThanOrEqualTo(40_000_000);
        assertThat(inches * (a0 + 1) * (a0 + 1)).as("one dpi more would not fit").isGreaterThan(40_000_000);
        assertThatThrownBy(() -> Ocr.dpi(new PDPage(HUGE), 3, ocr)).isInstanceOfSatisfying(
                ConnectorException.class, e -> assertThat(e.getMessage()).contains("page 3"));
    }
}
