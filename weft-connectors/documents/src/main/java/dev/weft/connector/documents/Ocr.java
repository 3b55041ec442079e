package dev.weft.connector.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.SystemContext;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * Transcribes pages without a text layer (scans) when the system's config names an {@code ocr} system: each
 * such page is rendered by PDFBox to a grey PNG and sent, as an OpenAI vision content part with a data URL,
 * to that llm system's {@code llm.chat} through the platform's call path; its answer is the page's text. OCR
 * proper is not built in: the model reads the page. Stateless.
 */
final class Ocr {
    static final String OPERATION = "llm.chat";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String INSTRUCTIONS = "You transcribe scanned document pages. Answer with the page's"
            + " text only, line by line as printed, in reading order; separate columns on one line (a label"
            + " and its value, table cells) by a tab. Do not summarise, translate or add anything; answer"
            + " nothing for a page without text.";

    private Ocr() {
    }

    /**
     * {@code pages} with each page without text replaced by its transcription; unchanged without an ocr
     * system. Every page is sized against {@code ocr.maxPixels} before any is rendered.
     *
     * @throws ConnectorException {@code documents.too_large} for more such pages than {@code ocr.maxPages} or a
     *     page too large to render, {@code documents.ocr_failed} (retryable as the model's call was) when a
     *     transcription fails, {@code documents.timeout} when the call's time is up
     */
    static List<Layout.Page> transcribe(SystemContext context, DocumentsConfig config, Call call,
            Deadline deadline, PDDocument document, List<Layout.Page> pages) throws ConnectorException {
        DocumentsConfig.OcrConfig ocr = config.ocr();
        List<Layout.Page> blank = pages.stream().filter(p -> p.text().isBlank()).toList();
        if (ocr == null || blank.isEmpty()) {
            return pages;
        }
        if (blank.size() > ocr.maxPages()) {
            throw Failures.tooManyScans(blank.size(), ocr.maxPages());
        }
        Map<Integer, Integer> dpis = new HashMap<>();
        for (Layout.Page page : blank) {
            int dpi = dpi(document.getPage(page.number() - 1), page.number(), ocr);
            if (dpi < ocr.dpi()) {
                context.logger().info(
                        "page {} is rendered at {} dpi, not {}: ocr.maxPixels ({}) allows no more",
                        page.number(), dpi, ocr.dpi(), ocr.maxPixels());
            }
            dpis.put(page.number(), dpi);
        }
        PDFRenderer renderer = new PDFRenderer(document);
        List<Layout.Page> out = new ArrayList<>();
        for (Layout.Page page : pages) {
            if (!page.text().isBlank()) {
                out.add(page);
                continue;
            }
            deadline.check(page.number(), "transcription");
            String image = render(renderer, page.number(), dpis.get(page.number()));
            Call chat = deadline.cap(new Call(OPERATION, request(page.number(), image),
                    call.idempotencyKey() + "/ocr/" + page.number(), call.timeout(), call.cancellation(),
                    call.trace()), page.number(), "transcription");
            JsonNode answer;
            try {
                answer = context.callSystem(ocr.system(), chat);
            } catch (ConnectorException e) {
                throw Failures.ocrFailed(ocr.system(), page.number(), e.code() + ": " + e.getMessage(),
                        e.retryable(), e);
            } catch (UnsupportedOperationException e) {
                throw Failures.ocrFailed(ocr.system(), page.number(), e.getMessage(), false, e);
            }
            String text = answer.path("content").asText("");
            out.add(text.isBlank() ? page : Layout.transcribed(page.number(), text));
        }
        return out;
    }

    /**
     * The dpi {@code page} is rendered at: {@code ocr.dpi}, or less when that would take more than
     * {@code ocr.maxPixels} (a page's size is the file's to declare: a 500-byte PDF may hold a 200-inch page,
     * which at 150 dpi is 900 MB of grey pixels).
     *
     * @throws ConnectorException {@code documents.too_large} when even {@code MIN_DPI} takes too many
     */
    static int dpi(PDPage page, int number, DocumentsConfig.OcrConfig ocr) throws ConnectorException {
        // PDFRenderer renders the crop box; a rotation swaps its sides, not its area
        PDRectangle box = page.getCropBox();
        float width = Math.abs(box.getWidth());
        float height = Math.abs(box.getHeight());
        int dpi = (int) Math.min(ocr.dpi(),
                Math.floor(72 * Math.sqrt(ocr.maxPixels() / Math.max(1e-6, (double) width * height))));
        while (dpi >= DocumentsConfig.OcrConfig.MIN_DPI && pixels(width, height, dpi) > ocr.maxPixels()) {
            dpi--; // floating-point rounding of the square root above
        }
        if (dpi < DocumentsConfig.OcrConfig.MIN_DPI) {
            throw Failures.pageTooLarge(number, width, height,
                    pixels(width, height, DocumentsConfig.OcrConfig.MIN_DPI), ocr.maxPixels());
        }
        return dpi;
    }

    /** The pixels of a {@code width} x {@code height} pt page at {@code dpi}, rounded up as a renderer might. */
    private static long pixels(float width, float height, int dpi) {
        double scale = dpi / 72.0;
        return (long) Math.min(Long.MAX_VALUE, Math.ceil(width * scale) * Math.ceil(height * scale));
    }

    /** A chat request with the instructions and the page as an image part. */
    static ObjectNode request(int number, String dataUrl) {
        ObjectNode input = JSON.objectNode();
        ArrayNode messages = input.putArray("messages");
        messages.addObject().put("role", "system").put("content", INSTRUCTIONS);
        ObjectNode user = messages.addObject().put("role", "user");
        ArrayNode parts = user.putArray("content");
        parts.addObject().put("type", "text").put("text", "Transcribe page " + number + ".");
        parts.addObject().put("type", "image_url").putObject("image_url").put("url", dataUrl);
        input.put("temperature", 0);
        return input;
    }

    private static String render(PDFRenderer renderer, int number, int dpi) throws ConnectorException {
        try {
            BufferedImage image = renderer.renderImageWithDPI(number - 1, dpi, ImageType.GRAY);
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(image, "png", png);
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
        } catch (IOException e) {
            throw Failures.damaged("document", e);
        }
    }
}
