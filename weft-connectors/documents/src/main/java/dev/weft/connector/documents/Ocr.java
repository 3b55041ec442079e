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
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
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
     * system.
     *
     * @throws ConnectorException {@code documents.too_large} for more such pages than {@code ocr.maxPages},
     *     {@code documents.ocr_failed} (retryable as the model's call was) when a transcription fails
     */
    static List<Layout.Page> transcribe(SystemContext context, DocumentsConfig config, Call call,
            PDDocument document, List<Layout.Page> pages) throws ConnectorException {
        DocumentsConfig.OcrConfig ocr = config.ocr();
        long blank = pages.stream().filter(p -> p.text().isBlank()).count();
        if (ocr == null || blank == 0) {
            return pages;
        }
        if (blank > ocr.maxPages()) {
            throw Failures.tooManyScans((int) blank, ocr.maxPages());
        }
        PDFRenderer renderer = new PDFRenderer(document);
        List<Layout.Page> out = new ArrayList<>();
        for (Layout.Page page : pages) {
            if (!page.text().isBlank()) {
                out.add(page);
                continue;
            }
            if (call.cancellation().cancelled()) {
                throw Failures.cancelled(call.cancellation().reason());
            }
            Call chat = new Call(OPERATION,
                    request(page.number(), render(renderer, page.number(), ocr.dpi())),
                    call.idempotencyKey() + "/ocr/" + page.number(), call.timeout(), call.cancellation(),
                    call.trace());
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
