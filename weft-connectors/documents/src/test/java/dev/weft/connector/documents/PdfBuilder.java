package dev.weft.connector.documents;

import dev.weft.connector.BlobRef;
import dev.weft.connector.Blobs;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Calendar;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * Writes the tests' PDFs with PDFBox, so that no binary fixture is kept: text placed by its distance from
 * the page's top, ruled grids, images, metadata and encryption. Not thread-safe.
 */
final class PdfBuilder {
    private static final PDFont FONT = PDType1Font.HELVETICA;
    private final PDDocument document = new PDDocument();
    private PDPage page;
    private PDPageContentStream content;

    PdfBuilder page() {
        return page(PDRectangle.A4);
    }

    /** A page of {@code size}: any size, as a file may declare one. */
    PdfBuilder page(PDRectangle size) {
        try {
            closeContent();
            page = new PDPage(size);
            document.addPage(page);
            content = new PDPageContentStream(document, page);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Text at {@code x}, its baseline {@code top} points below the page's top, in 10 pt. */
    PdfBuilder text(float x, float top, String text) {
        return text(x, top, 10, text);
    }

    PdfBuilder text(float x, float top, float size, String text) {
        try {
            content.beginText();
            content.setFont(FONT, size);
            content.newLineAtOffset(x, page.getMediaBox().getHeight() - top);
            content.showText(text);
            content.endText();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Text that ends at {@code right}, as amounts are set. */
    PdfBuilder right(float right, float top, String text) {
        try {
            return text(right - FONT.getStringWidth(text) / 1000 * 10, top, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A ruled table: rows of cells between the column edges {@code xs} (one more than the cells of a row),
     * each row {@code height} points high, starting {@code top} points below the page's top.
     */
    PdfBuilder grid(float top, float[] xs, float height, String[]... rows) {
        try {
            float pageHeight = page.getMediaBox().getHeight();
            for (int r = 0; r <= rows.length; r++) {
                float y = pageHeight - top - r * height;
                content.moveTo(xs[0], y);
                content.lineTo(xs[xs.length - 1], y);
            }
            for (float x : xs) {
                content.moveTo(x, pageHeight - top);
                content.lineTo(x, pageHeight - top - rows.length * height);
            }
            content.stroke();
            for (int r = 0; r < rows.length; r++) {
                for (int c = 0; c < rows[r].length; c++) {
                    text(xs[c] + 4, top + r * height + height - 6, rows[r][c]);
                }
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A picture of a text, as a scanner makes it: pixels, no text layer. */
    PdfBuilder scannedImage() {
        try {
            BufferedImage image = new BufferedImage(400, 200, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, 400, 200);
            g.setColor(Color.BLACK);
            g.drawString("INVOICE 123  Total 99.00", 20, 100);
            g.dispose();
            PDImageXObject xobject = LosslessFactory.createFromImage(document, image);
            content.drawImage(xobject, 50, 400, 400, 200);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    PdfBuilder info(String title, String author, String subject, String producer, Calendar created) {
        PDDocumentInformation info = document.getDocumentInformation();
        info.setTitle(title);
        info.setAuthor(author);
        info.setSubject(subject);
        info.setProducer(producer);
        info.setCreationDate(created);
        return this;
    }

    /** Encrypts with AES-128: {@code user} is needed to open the file ("" for none), {@code owner} to edit. */
    PdfBuilder encrypt(String owner, String user) {
        try {
            StandardProtectionPolicy policy = new StandardProtectionPolicy(owner, user,
                    new AccessPermission());
            policy.setEncryptionKeyLength(128);
            closeContent();
            document.protect(policy);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] bytes() {
        try {
            closeContent();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            document.close();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stores {@code bytes} in {@code blobs} as a PDF. */
    static BlobRef store(Blobs blobs, byte[] bytes) {
        try {
            return blobs.put(new ByteArrayInputStream(bytes), "application/pdf");
        } catch (Exception e) {
            throw new IllegalStateException("cannot store a test PDF", e);
        }
    }

    private void closeContent() throws IOException {
        if (content != null) {
            content.close();
            content = null;
        }
    }
}
