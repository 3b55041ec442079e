package dev.weft.connector.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.BlobRef;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Inputs;
import dev.weft.connector.SystemContext;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code documents.extract_invoice}: the layout rules, the line items from the tables, the configured llm
 * system for what the rules did not find, then the cross-checks that raise or lower each field's
 * confidence. Stateless.
 */
final class InvoiceOperation {
    static final String NAME = "documents.extract_invoice";
    /** How far sums may be off and still agree: rounding of each line and of the tax. */
    private static final BigDecimal CENT = new BigDecimal("0.01");
    /** How much less sure the rules are of what they read in a model's transcription of a scan. */
    static final double TRANSCRIBED = -0.1;

    private InvoiceOperation() {
    }

    static JsonNode run(SystemContext context, DocumentsConfig config, Call call) throws ConnectorException {
        Deadline deadline = Deadline.of(call, context.clock());
        Inputs in = Inputs.ofOperation(NAME);
        JsonNode input = call.input();
        in.requireObject(input, Set.of(Documents.FIELD, "hints"));
        BlobRef ref = Documents.reference(in, input);
        Hints hints = Hints.parse(in, input);
        try (Pdf pdf = Pdf.open(context.blobs(), ref, Documents.FIELD, config)) {
            PageRange all = PageRange.parse(in, "pages", null, pdf.pageCount());
            Documents.checkPages(all, config);
            List<Layout.Page> pages = Ocr.transcribe(context, config, call, deadline, pdf.document(),
                    Layout.read(pdf.document(), all, deadline));
            if (!Layout.hasText(pages)) {
                throw Failures.noText(all.size());
            }
            InvoiceFields fields = new InvoiceFields();
            InvoiceRules.apply(pages, hints, fields);
            if (pages.stream().anyMatch(Layout.Page::transcribed)) {
                // a transcription may misread a digit or a column that a text layer states exactly
                InvoiceFields.NAMES.forEach(name -> fields.adjust(name, TRANSCRIBED));
            }
            Optional<ArrayNode> lines = LineItems.read(
                    Tables.detect(pdf.document(), all, deadline, context.logger()),
                    hints);
            if (lines.isEmpty()) {
                lines = LineItems.read(Tables.wholePages(pdf.document(), all, deadline, context.logger()),
                        hints);
            }
            lines.ifPresent(l -> fields.put("lines", Field.rule(l, LineItems.CONFIDENCE)));
            ObjectNode model = null;
            if (config.llmSystem() != null && !fields.missing().isEmpty()) {
                String text = pages.stream().map(Layout.Page::text).collect(Collectors.joining("\n\n"));
                // the model has what is left of this call's time, and none of it once the time is up
                Call capped = deadline.cap(call, pdf.pageCount(), "the model's completion");
                model = ModelCompletion.complete(context, config.llmSystem(), capped, text, fields);
            }
            crossCheck(fields);
            ObjectNode out = fields.toJson();
            if (model != null) {
                out.set("model", model);
            }
            return out;
        }
    }

    /**
     * Sums that agree raise the confidence of the fields in them, sums that do not lower it: the lines'
     * amounts against the subtotal (or the total less the tax), subtotal plus tax against the total, and a
     * due date before the issue date.
     */
    static void crossCheck(InvoiceFields fields) {
        BigDecimal subtotal = amount(fields, "subtotal");
        BigDecimal tax = amount(fields, "tax");
        BigDecimal total = amount(fields, "total");
        Field lines = fields.get("lines");
        if (lines != null && lines.value().isArray()) {
            BigDecimal sum = LineItems.sum((ArrayNode) lines.value());
            BigDecimal slack = CENT.multiply(BigDecimal.valueOf(lines.value().size()));
            BigDecimal against = subtotal != null
                    ? subtotal
                    : total != null ? total.subtract(tax == null ? BigDecimal.ZERO : tax) : null;
            if (against != null) {
                boolean agree = sum.subtract(against).abs().compareTo(slack) <= 0;
                fields.adjust("lines", agree ? 0.15 : -0.25);
                fields.adjust(subtotal != null ? "subtotal" : "total", agree ? 0.1 : -0.1);
            }
        }
        if (subtotal != null && total != null) {
            BigDecimal expected = subtotal.add(tax == null ? BigDecimal.ZERO : tax);
            boolean agree = expected.subtract(total).abs().compareTo(CENT) <= 0;
            for (String name : List.of("subtotal", "tax", "total")) {
                fields.adjust(name, agree ? 0.1 : -0.2);
            }
        }
        Field issued = fields.get("issueDate");
        Field due = fields.get("dueDate");
        if (issued != null && due != null && due.value().asText().compareTo(issued.value().asText()) < 0) {
            fields.adjust("issueDate", -0.2);
            fields.adjust("dueDate", -0.2);
        }
    }

    private static BigDecimal amount(InvoiceFields fields, String name) {
        Field f = fields.get(name);
        return f == null || !f.value().isNumber() ? null : f.value().decimalValue();
    }
}
