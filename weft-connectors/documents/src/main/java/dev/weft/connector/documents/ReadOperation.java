package dev.weft.connector.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.BlobRef;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Inputs;
import dev.weft.connector.SystemContext;
import java.util.Calendar;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;

/** {@code documents.read}: a PDF's text by page, its tables and its metadata. Stateless. */
final class ReadOperation {
    static final String NAME = "documents.read";
    static final List<String> PARTS = List.of("text", "tables", "metadata");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ReadOperation() {
    }

    static JsonNode run(SystemContext context, DocumentsConfig config, Call call) throws ConnectorException {
        Deadline deadline = Deadline.of(call, context.clock());
        Inputs in = Inputs.ofOperation(NAME);
        JsonNode input = call.input();
        in.requireObject(input, Set.of(Documents.FIELD, "pages", "include"));
        BlobRef ref = Documents.reference(in, input);
        Set<String> include = include(in, input);
        String pages = in.text(input, "pages", null);
        try (Pdf pdf = Pdf.open(context.blobs(), ref, Documents.FIELD, config)) {
            ObjectNode out = JSON.objectNode();
            if (include.contains("text") || include.contains("tables")) {
                PageRange range = PageRange.parse(in, "pages", pages, pdf.pageCount());
                Documents.checkPages(range, config);
                List<Layout.Page> read = Ocr.transcribe(context, config, call, deadline, pdf.document(),
                        Layout.read(pdf.document(), range, deadline));
                if (!Layout.hasText(read)) {
                    throw Failures.noText(range.size());
                }
                if (include.contains("text")) {
                    ArrayNode texts = out.putArray("pages");
                    for (Layout.Page page : read) {
                        ObjectNode p = texts.addObject();
                        p.put("number", page.number());
                        p.put("text", page.text());
                        if (page.transcribed()) {
                            p.put("ocr", true);
                        }
                    }
                }
                if (include.contains("tables")) {
                    ArrayNode tables = out.putArray("tables");
                    for (Tables.Extracted t : Tables.detect(pdf.document(), range, deadline,
                            context.logger())) {
                        tables.add(table(t));
                    }
                }
            }
            if (include.contains("metadata")) {
                out.set("metadata", metadata(pdf));
            }
            return out;
        }
    }

    private static Set<String> include(Inputs in, JsonNode input) throws ConnectorException {
        if (input.get("include") == null || input.get("include").isNull()) {
            return Set.copyOf(PARTS);
        }
        Set<String> include = new LinkedHashSet<>(in.strings(input, "include", "text"));
        for (String part : include) {
            if (!PARTS.contains(part)) {
                throw in.invalid("include", "lists \"" + part + "\"; the parts are " + PARTS);
            }
        }
        return include;
    }

    /** A table; its first row is its header when no cell of it is an amount and a later row has one. */
    private static ObjectNode table(Tables.Extracted t) {
        ObjectNode table = JSON.objectNode();
        table.put("page", t.page());
        List<List<String>> rows = t.rows();
        boolean header = rows.size() > 1
                && rows.get(0).stream().noneMatch(c -> Amounts.isAmount(c, Hints.NONE))
                && rows.subList(1, rows.size()).stream()
                        .anyMatch(r -> r.stream().anyMatch(c -> Amounts.isAmount(c, Hints.NONE)));
        ArrayNode out = table.putArray("rows");
        for (List<String> row : header ? rows.subList(1, rows.size()) : rows) {
            ArrayNode cells = out.addArray();
            row.forEach(cells::add);
        }
        if (header) {
            ArrayNode cells = table.putArray("header");
            rows.get(0).forEach(cells::add);
        }
        return table;
    }

    private static ObjectNode metadata(Pdf pdf) {
        PDDocumentInformation info = pdf.document().getDocumentInformation();
        ObjectNode m = JSON.objectNode();
        m.put("title", blankToNull(info.getTitle()));
        m.put("author", blankToNull(info.getAuthor()));
        m.put("subject", blankToNull(info.getSubject()));
        m.put("producer", blankToNull(info.getProducer()));
        m.put("created", instant(info.getCreationDate()));
        m.put("modified", instant(info.getModificationDate()));
        m.put("pageCount", pdf.pageCount());
        m.put("encrypted", pdf.encrypted());
        return m;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String instant(Calendar c) {
        return c == null ? null : c.toInstant().toString();
    }
}
