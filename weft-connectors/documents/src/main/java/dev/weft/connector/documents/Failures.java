package dev.weft.connector.documents;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import java.time.Duration;
import java.util.Locale;

/** The {@code documents.*} errors, each naming what was wrong and what to do about it. */
final class Failures {
    private Failures() {
    }

    static ConnectorException notPdf(String field, String contentType, String start) {
        return ConnectorException.permanent("documents.not_pdf",
                "'" + field + "' is not a PDF: it starts with "
                        + start + " (content type " + contentType
                        + "), a PDF starts with %PDF-; pass the blob of a"
                        + " PDF file (convert other formats to PDF first)",
                details("contentType", contentType),
                null);
    }

    static ConnectorException encrypted(String field) {
        return ConnectorException.permanent("documents.encrypted", "'" + field + "' is encrypted with a"
                + " password that is needed to open it; remove the password (for example qpdf --decrypt"
                + " --password=... in.pdf out.pdf) and pass the decrypted file", null, null);
    }

    static ConnectorException tooLarge(String field, long size, long maxBytes) {
        return ConnectorException.permanent("documents.too_large", "'" + field + "' has " + size
                + " bytes, more than the system's maxBytes (" + maxBytes + "); raise maxBytes in the"
                + " system's config or split the document", details("size", size), null);
    }

    static ConnectorException tooManyPages(String field, int pages, int maxPages) {
        return ConnectorException.permanent("documents.too_large", "'" + field + "' has " + pages
                + " pages, more than the system's maxPages (" + maxPages + "); read a range of them with"
                + " 'pages', or raise maxPages in the system's config", details("pageCount", pages), null);
    }

    static ConnectorException damaged(String field, Throwable cause) {
        return ConnectorException.permanent("documents.damaged", "'" + field + "' starts as a PDF but"
                + " cannot be read (" + describe(cause) + "); check that the file was stored whole, or"
                + " repair it (for example qpdf in.pdf out.pdf)", null, cause);
    }

    static ConnectorException noText(int pages) {
        return ConnectorException.permanent("documents.no_text", "no text layer; OCR is not built in: the "
                + pages + " page(s) read hold no text, only images (a scan). To have them transcribed, set"
                + " ocr: {system: <an llm system with a vision model>} in this documents system's config"
                + " (each page is rendered and read by that system's llm.chat); or run the file through an"
                + " OCR tool that adds a text layer (for example ocrmypdf in.pdf out.pdf) before this step",
                details("pages", pages), null);
    }

    static ConnectorException tooManyScans(int pages, int maxPages) {
        return ConnectorException.permanent("documents.too_large", pages + " page(s) have no text and would"
                + " be transcribed, more than the system's ocr.maxPages (" + maxPages + "); read a range of"
                + " them with 'pages', or raise ocr.maxPages in the system's config", details("pages", pages),
                null);
    }

    static ConnectorException ocrFailed(String system, int page, String problem, boolean retryable,
            Throwable cause) {
        String message = "transcribing page " + page + " with system '" + system + "' (ocr.system) failed: "
                + problem + "; check that it is an llm system whose model reads images";
        return retryable
                ? ConnectorException.retryable("documents.ocr_failed", message, details("page", page), cause)
                : ConnectorException.permanent("documents.ocr_failed", message, details("page", page), cause);
    }

    static ConnectorException pageTooLarge(int page, float width, float height, long pixels, long maxPixels) {
        return ConnectorException.permanent("documents.too_large", String.format(Locale.ROOT,
                "page %d is %.0f x %.0f pt (%.0f x %.0f in): rendered for transcription at %d dpi, the least"
                        + " that is read, it would take %d pixels, more than the system's ocr.maxPixels (%d);"
                        + " leave it out with 'pages', or raise ocr.maxPixels in the system's config",
                page, width, height, width / 72, height / 72, DocumentsConfig.OcrConfig.MIN_DPI, pixels,
                maxPixels), details("page", page), null);
    }

    static ConnectorException timedOut(String operation, Duration timeout, int page, String what) {
        return ConnectorException.retryable("documents.timeout", operation + " used its " + timeout.toMillis()
                + " ms (the call's timeout) when it reached page " + page + " (" + what
                + "); raise the step's"
                + " timeout, or read fewer pages with 'pages' (a scan's transcription takes the longest: lower"
                + " ocr.maxPages)", details("page", page), null);
    }

    static ConnectorException io(String what, Throwable cause) {
        return ConnectorException.retryable("documents.io", what + " failed: " + describe(cause), null,
                cause);
    }

    static ConnectorException cancelled(String reason) {
        return ConnectorException.retryable("documents.cancelled", "the call was cancelled: " + reason, null,
                null);
    }

    private static ObjectNode details(String name, Object value) {
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        if (value instanceof Number n) {
            d.put(name, n.longValue());
        } else {
            d.put(name, String.valueOf(value));
        }
        return d;
    }

    static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
