package dev.weft.connector.documents;

import dev.weft.connector.BlobRef;
import dev.weft.connector.Blobs;
import dev.weft.connector.ConnectorException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;

/**
 * A PDF read from the blob store, open for one call; closed by the caller. Not thread-safe (PDFBox's
 * documents are not).
 */
final class Pdf implements AutoCloseable {
    /** A PDF's header may follow some bytes of junk; readers look for it in the first KiB. */
    private static final int HEADER_WINDOW = 1024;
    /** Up to this much of a document is parsed in memory, the rest in a temporary file. */
    private static final long IN_MEMORY = 8L * 1024 * 1024;

    private final PDDocument document;

    private Pdf(PDDocument document) {
        this.document = document;
    }

    /**
     * Opens the blob {@code ref} (the input's {@code field}) as a PDF.
     *
     * @throws ConnectorException {@code documents.too_large}, {@code documents.not_pdf},
     *     {@code documents.encrypted} (a password is needed to open it), {@code documents.damaged}, and the
     *     blob store's own errors ({@code blob.not_found}, ...)
     */
    static Pdf open(Blobs blobs, BlobRef ref, String field, DocumentsConfig config)
            throws ConnectorException {
        if (ref.size() > config.maxBytes()) {
            throw Failures.tooLarge(field, ref.size(), config.maxBytes());
        }
        try (InputStream raw = blobs.open(ref); BufferedInputStream in = new BufferedInputStream(raw)) {
            in.mark(HEADER_WINDOW);
            byte[] head = in.readNBytes(HEADER_WINDOW);
            in.reset();
            String start = new String(head, StandardCharsets.ISO_8859_1);
            if (!start.contains("%PDF-")) {
                throw Failures.notPdf(field, ref.contentType(), quoted(start));
            }
            PDDocument document;
            try {
                document = PDDocument.load(in, "", MemoryUsageSetting.setupMixed(IN_MEMORY));
            } catch (InvalidPasswordException e) {
                throw Failures.encrypted(field);
            } catch (IOException e) {
                throw Failures.damaged(field, e);
            }
            return new Pdf(document);
        } catch (IOException e) {
            throw Failures.io("reading '" + field + "' from the blob store", e);
        }
    }

    PDDocument document() {
        return document;
    }

    int pageCount() {
        return document.getNumberOfPages();
    }

    /** Whether the file is encrypted; it opened, so with an empty user password (owner restrictions only). */
    boolean encrypted() {
        return document.isEncrypted();
    }

    private static String quoted(String start) {
        String printable = start.substring(0, Math.min(8, start.length())).replaceAll("[^\\x20-\\x7e]", "?");
        return "\"" + printable + "\"";
    }

    @Override
    public void close() {
        try {
            document.close();
        } catch (IOException e) {
            // nothing was written; a temporary file PDFBox could not delete is the OS's to clean
        }
    }
}
