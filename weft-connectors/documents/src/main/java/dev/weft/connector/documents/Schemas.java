package dev.weft.connector.documents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.Example;
import dev.weft.connector.OperationSpec;
import java.io.UncheckedIOException;
import java.util.List;

/** The {@code documents} connector's declaration. */
final class Schemas {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BLOB = """
            {"type": "object", "required": ["$blob", "size"], "additionalProperties": false,
             "description": "a blob reference to a PDF, as another step output it (http.request with response: blob, an upload).",
             "properties": {"$blob": {"type": "string", "pattern": "^sha256:[0-9a-f]{64}$"},
               "size": {"type": "integer", "minimum": 0}, "contentType": {"type": "string"}}}""";
    private static final String REF = "{\"$blob\": \"sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\", \"size\": 48213, \"contentType\": \"application/pdf\"}";
    private static final String FIELD = """
            {"type": ["object", "null"], "required": ["value", "source", "confidence"], "additionalProperties": false,
             "properties": {"value": {}, "source": {"enum": ["rule", "model"]},
               "confidence": {"type": "number", "minimum": 0, "maximum": 1}}}""";

    static final ConnectorSpec SPEC = ConnectorSpec.builder("documents", "1.0.0")
            .title("Documents (PDF text, tables, invoices)")
            .description(
                    "Reads PDFs that earlier steps stored in the tenant's blob store: text by page, tables"
                            + " and metadata (documents.read), and an invoice's fields (documents.extract_invoice)."
                            + " Runs inside Weft on Apache PDFBox and Tabula and makes no network call of its own; the"
                            + " one exception is the optional llm system of its config, called through the platform"
                            + " (its policy, limits and credential) for invoice fields the layout rules did not find."
                            + " A file that is not a PDF is refused with documents.not_pdf, one that needs a password"
                            + " with documents.encrypted, one larger than maxBytes or with more pages than maxPages"
                            + " with documents.too_large, and a scan without a text layer with documents.no_text: OCR"
                            + " is not built in, but an llm system with a vision model can be named to transcribe"
                            + " scanned pages (ocr), which are then read like the others. A call's timeout covers it"
                            + " whole: each page and each nested call (a transcription, the model's completion) has"
                            + " what is left of it, and a call whose time runs out fails with documents.timeout"
                            + " naming the page it reached.")
            .config(parse(
                    """
                            {"type": "object", "additionalProperties": false, "properties": {
                               "maxBytes": {"type": "integer", "minimum": 1, "default": 33554432, "description": "the largest PDF read, in bytes (32 MiB by default); larger ones fail with documents.too_large."},
                               "maxPages": {"type": "integer", "minimum": 1, "default": 200, "description": "the most pages one call reads; more fail with documents.too_large (read a range with 'pages')."},
                               "llm": {"type": "object", "additionalProperties": false, "required": ["system"], "description": "{system: ID}: completes invoice fields the rules did not find with that llm system's llm.extract.",
                                 "properties": {"system": {"type": "string", "minLength": 1, "description": "the id of an llm system of the same tenant."}}},
                               "ocr": {"type": "object", "additionalProperties": false, "required": ["system"], "description": "{system: ID, dpi: 150, maxPages: 10, maxPixels: 40000000}: transcribes pages without a text layer (scans): each is rendered at dpi to an image (at a lower dpi when that would pass maxPixels) and read by that llm system's llm.chat (a vision model), at most maxPages per call. Without it such documents fail with documents.no_text.",
                                 "properties": {"system": {"type": "string", "minLength": 1, "description": "the id of an llm system of the same tenant whose model reads images."},
                                   "dpi": {"type": "integer", "minimum": 72, "maximum": 300, "default": 150, "description": "the resolution pages are rendered at."},
                                   "maxPages": {"type": "integer", "minimum": 1, "default": 10, "description": "the most pages one call transcribes; more fail with documents.too_large."},
                                   "maxPixels": {"type": "integer", "minimum": 1000000, "maximum": 250000000, "default": 40000000, "description": "the most pixels one page is rendered to (a page's size is the file's to declare); a larger page is rendered at a lower dpi, and one that passes it even at 72 dpi fails with documents.too_large before any page is rendered."}}}}}
                            """))
            .operation(new OperationSpec(ReadOperation.NAME,
                    "Reads a PDF's text by page, the tables on its pages (ruled tables cell by cell, others by"
                            + " column alignment; a first row without amounts above rows with them is the header)"
                            + " and its metadata. 'pages' selects pages (\"1-3,5\", \"2-\"); 'include' selects"
                            + " the parts (all by default).",
                    parse("{\"type\": \"object\", \"additionalProperties\": false, \"required\": [\"document\"],"
                            + " \"properties\": {\"document\": " + BLOB + ","
                            + " \"pages\": {\"type\": \"string\", \"description\": \"page numbers and ranges, for example 1-3,5 or 2-; all pages by default.\"},"
                            + " \"include\": {\"type\": \"array\", \"uniqueItems\": true, \"minItems\": 1, \"items\": {\"enum\": [\"text\", \"tables\", \"metadata\"]}, \"description\": \"the parts to read; all by default.\"}}}"),
                    parse("""
                            {"type": "object", "additionalProperties": false, "properties": {
                              "pages": {"type": "array", "items": {"type": "object", "required": ["number", "text"], "additionalProperties": false,
                                "properties": {"number": {"type": "integer"}, "text": {"type": "string"}, "ocr": {"type": "boolean", "description": "true when the text is the ocr system's transcription of the page's image."}}}},
                              "tables": {"type": "array", "items": {"type": "object", "required": ["page", "rows"], "additionalProperties": false,
                                "properties": {"page": {"type": "integer"}, "rows": {"type": "array", "items": {"type": "array", "items": {"type": "string"}}},
                                  "header": {"type": "array", "items": {"type": "string"}}}}},
                              "metadata": {"type": "object", "required": ["pageCount", "encrypted"], "additionalProperties": false, "properties": {
                                "title": {"type": ["string", "null"]}, "author": {"type": ["string", "null"]}, "subject": {"type": ["string", "null"]},
                                "producer": {"type": ["string", "null"]}, "created": {"type": ["string", "null"], "format": "date-time"},
                                "modified": {"type": ["string", "null"], "format": "date-time"}, "pageCount": {"type": "integer"}, "encrypted": {"type": "boolean"}}}}}
                            """),
                    true, true,
                    List.of(new Example("Read the first page's text and the metadata",
                            parse("{\"document\": " + REF
                                    + ", \"pages\": \"1\", \"include\": [\"text\", \"metadata\"]}"),
                            parse("{\"pages\": [{\"number\": 1, \"text\": \"ACME Tools Ltd\\nInvoice No: INV-1042\"}],"
                                    + " \"metadata\": {\"title\": \"Invoice INV-1042\", \"author\": \"ACME Tools Ltd\", \"subject\": null,"
                                    + " \"producer\": \"ACME Billing\", \"created\": \"2026-03-14T09:30:00Z\", \"modified\": null,"
                                    + " \"pageCount\": 2, \"encrypted\": false}}")))))
            .operation(new OperationSpec(InvoiceOperation.NAME,
                    "Extracts an invoice's fields. Layout rules first: labels (Invoice No, Date, Due, Bill to,"
                            + " Subtotal, VAT, Tax, Total, ... and their German forms) with the value beside or"
                            + " below them, dates in ISO and common formats, amounts with thousand separators"
                            + " and currency symbols or codes, line items from the tables. When the system's"
                            + " config names an llm system, the fields the rules did not find are asked of its"
                            + " llm.extract and merged with source \"model\" and confidence 0.6; a failed model"
                            + " call is reported in 'model.error' and leaves the rule fields. Then cross-checks"
                            + " raise or lower confidences: the lines sum to the subtotal, subtotal plus tax is"
                            + " the total, the due date is not before the issue date. Each field is {value,"
                            + " source, confidence} or null; 'missing' lists the fields nobody found.",
                    parse("{\"type\": \"object\", \"additionalProperties\": false, \"required\": [\"document\"],"
                            + " \"properties\": {\"document\": " + BLOB + ","
                            + " \"hints\": {\"type\": \"object\", \"additionalProperties\": false, \"description\": \"{currency, locale, dateOrder}: what is known of the invoice's conventions: an ISO 4217 currency; a language tag such as de-DE whose decimal mark and date order settle ambiguous amounts and dates; DMY, MDY or YMD for numeric dates (day first when not known).\", \"properties\": {"
                            + " \"currency\": {\"type\": \"string\", \"description\": \"ISO 4217 code, taken as the invoice's currency.\"},"
                            + " \"locale\": {\"type\": \"string\", \"description\": \"a language tag such as de-DE: its decimal mark and date order settle ambiguous amounts and dates.\"},"
                            + " \"dateOrder\": {\"enum\": [\"DMY\", \"MDY\", \"YMD\"], \"description\": \"the order of numeric dates such as 03/04/2026; day first when not known.\"}}}}}"),
                    parse("{\"type\": \"object\", \"additionalProperties\": false,"
                            + " \"required\": [\"number\", \"issueDate\", \"dueDate\", \"supplier\", \"customer\", \"currency\", \"subtotal\", \"tax\", \"total\", \"lines\", \"missing\"],"
                            + " \"properties\": {\"number\": " + FIELD + ", \"issueDate\": " + FIELD
                            + ", \"dueDate\": " + FIELD + ","
                            + " \"supplier\": {\"type\": \"object\", \"additionalProperties\": false, \"properties\": {\"name\": "
                            + FIELD + ", \"address\": " + FIELD + ", \"taxId\": " + FIELD + "}},"
                            + " \"customer\": {\"type\": \"object\", \"additionalProperties\": false, \"properties\": {\"name\": "
                            + FIELD + ", \"address\": " + FIELD + "}},"
                            + " \"currency\": " + FIELD + ", \"subtotal\": " + FIELD + ", \"tax\": " + FIELD
                            + ", \"total\": " + FIELD + ", \"lines\": " + FIELD + ","
                            + " \"missing\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}},"
                            + " \"model\": {\"type\": \"object\", \"description\": \"when an llm system was asked: the system, the fields asked, and the answer's model, attempts, usage and latencyMs, or its error.\","
                            + " \"required\": [\"system\", \"asked\"], \"properties\": {\"system\": {\"type\": \"string\"}, \"asked\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}},"
                            + " \"error\": {\"type\": \"object\", \"properties\": {\"code\": {\"type\": \"string\"}, \"message\": {\"type\": \"string\"}}}}}}}"),
                    // not read-only: a model's answer varies, and one that failed (reported in the output)
                    // must not be kept by a response cache
                    true, false,
                    List.of(new Example("Extract an invoice with a hint of its locale",
                            parse("{\"document\": " + REF + ", \"hints\": {\"locale\": \"de-DE\"}}"),
                            parse("""
                                    {"number": {"value": "RE-2026-0042", "source": "rule", "confidence": 0.85},
                                     "issueDate": {"value": "2026-03-14", "source": "rule", "confidence": 0.85},
                                     "dueDate": {"value": "2026-04-13", "source": "rule", "confidence": 0.85},
                                     "supplier": {"name": {"value": "Muster GmbH", "source": "rule", "confidence": 0.8},
                                       "address": {"value": "Hauptstraße 1, 10115 Berlin", "source": "rule", "confidence": 0.75},
                                       "taxId": {"value": "DE123456789", "source": "rule", "confidence": 0.85}},
                                     "customer": {"name": {"value": "Beispiel AG", "source": "rule", "confidence": 0.8}, "address": null},
                                     "currency": {"value": "EUR", "source": "rule", "confidence": 0.85},
                                     "subtotal": {"value": 1000.00, "source": "rule", "confidence": 0.99},
                                     "tax": {"value": 190.00, "source": "rule", "confidence": 0.95},
                                     "total": {"value": 1190.00, "source": "rule", "confidence": 0.95},
                                     "lines": {"value": [{"description": "Beratung", "quantity": 8, "unitPrice": 125.00, "amount": 1000.00}],
                                       "source": "rule", "confidence": 0.95},
                                     "missing": ["customer.address"]}
                                    """)))))
            .build();

    private Schemas() {
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
